/** Amazon Lex V2 code hook (dialog or fulfillment). */
import type { LexV2Event, LexV2Intent, LexV2Slots } from 'aws-lambda';
import { freshUuid, uuid } from '../ids';
import { defineEvent, param } from '../types';
import { asObject, oneOf } from '../values';

/** `{"FlowerType": "roses", "PickupDate": null}` → Lex slots (null = not yet elicited). */
function lexSlots(value: unknown): LexV2Slots {
  const slots: LexV2Slots = {};
  for (const [name, slot] of Object.entries(asObject(value, 'slots'))) {
    slots[name] = slot === null ? null : { shape: 'Scalar', value: { originalValue: String(slot), interpretedValue: String(slot), resolvedValues: [String(slot)] } };
  }
  return slots;
}

export const lexV2 = defineEvent({
  name: 'aws:lex-v2',
  provider: 'aws',
  description: 'Amazon Lex V2 bot code hook (DialogCodeHook or FulfillmentCodeHook)',
  parameters: [
    param.string('intent', 'intent name', 'OrderFlowers'),
    param.json('slots', 'slot values; null for slots not filled yet', { FlowerType: 'roses', PickupDate: null }),
    param.string('inputTranscript', 'what the user said or typed', 'I would like to order roses'),
    param.string('invocationSource', 'DialogCodeHook or FulfillmentCodeHook', 'DialogCodeHook'),
    param.string('botName', 'bot name', 'OrderFlowersBot'),
    param.string('localeId', 'locale', 'en_US'),
    param.json('sessionAttributes', 'session attributes, {"name": "value"}', {}),
    param.string('sessionId', 'session id', freshUuid),
  ],
  generate: (p): LexV2Event => {
    const invocationSource = oneOf(p.invocationSource, ['DialogCodeHook', 'FulfillmentCodeHook'], 'invocationSource');
    const slots = lexSlots(p.slots);
    const missing = Object.keys(slots).find((name) => slots[name] === null);
    const intent: LexV2Intent = {
      name: p.intent,
      slots,
      state: invocationSource === 'FulfillmentCodeHook' ? 'ReadyForFulfillment' : 'InProgress',
      confirmationState: 'None',
    };
    return {
      messageVersion: '1.0',
      invocationSource,
      inputMode: 'Text',
      responseContentType: 'text/plain; charset=utf-8',
      sessionId: p.sessionId,
      inputTranscript: p.inputTranscript,
      bot: { id: 'ABCDEFGHIJ', name: p.botName, aliasId: 'TSTALIASID', aliasName: 'TestBotAlias', localeId: p.localeId, version: 'DRAFT' },
      interpretations: [
        { intent, nluConfidence: 0.94 },
        { intent: { name: 'FallbackIntent', slots: {}, state: 'InProgress', confirmationState: 'None' } },
      ],
      proposedNextState: {
        dialogAction: missing ? { type: 'ElicitSlot', slotToElicit: missing } : { type: 'Close' },
        intent,
      },
      sessionState: {
        sessionAttributes: Object.fromEntries(Object.entries(asObject(p.sessionAttributes, 'sessionAttributes')).map(([k, v]) => [k, String(v)])),
        activeContexts: [],
        intent,
        originatingRequestId: uuid(),
      },
      transcriptions: [],
    };
  },
});
