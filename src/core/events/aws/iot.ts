/** AWS IoT topic rule action: the function gets what the rule's SQL SELECT produces. */
import type { IoTEvent } from 'aws-lambda';
import { now, parseTime } from '../ids';
import { defineEvent, param } from '../types';
import { asObject } from '../values';

export const iot = defineEvent({
  name: 'aws:iot',
  provider: 'aws',
  description: "AWS IoT rule action (SELECT *, topic() AS topic, clientid() AS clientId, timestamp() AS timestamp)",
  parameters: [
    param.string('topic', 'MQTT topic the device published to', 'devices/sensor-01/telemetry'),
    param.json('payload', 'the JSON message the device published', { deviceId: 'sensor-01', temperature: 22.5, humidity: 48, battery: 0.87 }),
    param.string('clientId', 'MQTT client id', 'sensor-01'),
    param.boolean('addMetadata', 'add the topic(), clientid() and timestamp() columns the rule selects', true),
    param.string('time', 'time the message was received (ISO 8601)', now),
  ],
  generate: (p): IoTEvent<Record<string, unknown>> => {
    const payload = asObject(p.payload, 'payload');
    if (!p.addMetadata) return payload;
    return { ...payload, topic: p.topic, clientId: p.clientId, timestamp: parseTime(p.time).getTime() };
  },
});
