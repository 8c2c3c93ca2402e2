/**
 * Step Functions Task state invoking a function. There is no fixed AWS shape: the function gets
 * what the state's Parameters/Payload select. The two common forms are the state input itself
 * (`"Payload.$": "$"`) and, for `.waitForTaskToken`, the input with the task token beside it.
 */
import { isoSeconds, now, parseTime, base64Random } from '../ids';
import { defineEvent, param } from '../types';
import { arn, awsAccount } from './common';

/** The `$$` context object, available to the state as `$$.Execution…`. */
export interface StepFunctionsContext {
  Execution: { Id: string; Input: unknown; Name: string; RoleArn: string; StartTime: string };
  State: { EnteredTime: string; Name: string; RetryCount: number };
  StateMachine: { Id: string; Name: string };
  Task?: { Token: string };
}

export interface StepFunctionsCallbackInput {
  input: unknown;
  taskToken: string;
  context?: StepFunctionsContext;
}

export const stepFunctionsTask = defineEvent({
  name: 'aws:stepfunctions-task',
  provider: 'aws',
  description: 'Step Functions Task state input (optionally with a .waitForTaskToken token and the $$ context)',
  parameters: [
    param.json('input', 'the state input', { orderId: '1234', amount: 42.5, currency: 'EUR' }),
    param.boolean('callback', 'wrap as {input, taskToken} for .waitForTaskToken integrations', false),
    param.boolean('includeContext', 'add the $$ context object under "context" (only with callback)', false),
    param.string('stateMachine', 'state machine name', 'OrderProcessing'),
    param.string('state', 'task state name', 'ChargeCard'),
    param.string('executionName', 'execution name', 'execution-0001'),
    param.string('time', 'time the state was entered (ISO 8601)', now),
    ...awsAccount,
  ],
  generate: (p): unknown => {
    if (!p.callback) return p.input;
    const entered = parseTime(p.time);
    const stateMachineArn = arn('states', p.region, p.accountId, `stateMachine:${p.stateMachine}`);
    const taskToken = `AQC${base64Random(300)}`;
    const context: StepFunctionsContext = {
      Execution: {
        Id: arn('states', p.region, p.accountId, `execution:${p.stateMachine}:${p.executionName}`),
        Input: p.input,
        Name: p.executionName,
        RoleArn: arn('iam', '', p.accountId, `role/service-role/StepFunctions-${p.stateMachine}-role`),
        StartTime: isoSeconds(new Date(entered.getTime() - 2000)),
      },
      State: { EnteredTime: entered.toISOString(), Name: p.state, RetryCount: 0 },
      StateMachine: { Id: stateMachineArn, Name: p.stateMachine },
      Task: { Token: taskToken },
    };
    const event: StepFunctionsCallbackInput = { input: p.input, taskToken, ...(p.includeContext ? { context } : {}) };
    return event;
  },
});
