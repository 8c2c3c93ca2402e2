import { functionArg } from './functionArg';
import type { CommandDefinition } from './registerCommand';

/** Shows the function's `Serverless: <function>` output channel. */
export const showFunctionOutput: CommandDefinition = {
  id: 'showFunctionOutput',
  what: 'Show function output',
  async run(services, arg) {
    const fn = await functionArg(services, arg, 'Show Function Output');
    services.outputs.channel(fn.spec.name).show(true);
  },
};
