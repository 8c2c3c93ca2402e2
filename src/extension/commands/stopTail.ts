import { isDeployedNode } from '../views/deployedNodes';
import { tailKey } from '../logs/tailTargets';
import type { CommandDefinition } from './registerCommand';

/**
 * Stops tailing: a function's tails (CodeLens, hover, its name or its view node), a deployed
 * function's tail, or — from the status bar or the palette — the only tail, else the one picked
 * (or all).
 */
export const stopTail: CommandDefinition = {
  id: 'stopTail',
  what: 'Stop tail',
  async run(services, arg): Promise<number> {
    const { tails } = services;
    if (isDeployedNode(arg)) {
      const { target, name } = arg.deployed;
      return tails.stop(tailKey({ target, deployedName: name })) ? 1 : tails.stopFunction(name);
    }
    const name = typeof arg === 'string' ? arg : nodeFunctionName(arg);
    if (name !== undefined) return tails.stopFunction(name);
    const running = tails.list();
    if (running.length === 0) {
      void services.ui.info('No logs are being tailed.');
      return 0;
    }
    if (running.length === 1) return tails.stop(running[0].key) ? 1 : 0;
    const all = '\u0000all';
    const key = await services.ui.pick(
      [
        ...running.map((tail) => ({ label: `$(debug-stop) ${tail.label}`, description: `${tail.perMinute} ev/min`, value: tail.key })),
        { label: '$(close-all) Stop all tails', value: all },
      ],
      { title: 'Stop Tail', placeholder: 'Which tail to stop' },
    );
    if (key !== all) return tails.stop(key) ? 1 : 0;
    tails.stopAll();
    return running.length;
  },
};

/** A Local Functions node carries its function; a `LocalFunction` is one. */
function nodeFunctionName(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const holder = arg as { fn?: { spec?: { name?: unknown } }; spec?: { name?: unknown } };
  const name = holder.fn?.spec?.name ?? holder.spec?.name;
  return typeof name === 'string' ? name : undefined;
}
