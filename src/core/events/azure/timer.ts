/** Azure Functions timer trigger. */
import { defineEvent, param } from '../types';
import { asCount } from '../values';
import type { AzureInvocationRequest } from './host';
import { at, functionName, invocationRequest, time } from './host';

export interface AzureTimerInfo {
  Schedule: { AdjustForDST: boolean };
  ScheduleStatus: { Last: string; Next: string; LastUpdated: string };
  IsPastDue: boolean;
}

export const azureTimer = defineEvent({
  name: 'azure:timer',
  provider: 'azure',
  description: 'Azure Functions timer trigger (NCRONTAB schedule firing)',
  parameters: [
    param.number('intervalMinutes', 'minutes between runs (for ScheduleStatus.Last/Next)', 5),
    param.boolean('isPastDue', 'the run is late (the app was down at the scheduled time)', false),
    param.string('bindingName', 'name of the timerTrigger binding', 'myTimer'),
    functionName,
    time,
  ],
  generate: (p): AzureInvocationRequest<AzureTimerInfo, Record<string, never>> => {
    const fired = at(p.time);
    const interval = asCount(p.intervalMinutes, 'intervalMinutes') * 60_000;
    const last = new Date(fired.getTime() - interval).toISOString();
    return invocationRequest(
      p.functionName,
      p.bindingName,
      {
        Schedule: { AdjustForDST: true },
        ScheduleStatus: { Last: last, Next: new Date(fired.getTime() + interval).toISOString(), LastUpdated: last },
        IsPastDue: p.isPastDue,
      },
      {},
      fired,
    );
  },
});
