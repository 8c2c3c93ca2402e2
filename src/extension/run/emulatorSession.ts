import { CancelledError } from '../../core/errors';
import type { EmulatorApi, Invocation } from '../../core/emulator/types';
import type { FunctionSpec } from '../../core/project/functionSpec';

/**
 * The editor's one emulator: created on the first run (nothing starts at activation), each
 * function registered when first run and re-registered when its discovered spec changes (which
 * recycles its warm environments). No `vscode` here: tested under Node with real child processes.
 */
export class EmulatorSession {
  private emulator?: EmulatorApi;
  /** What each registered function was registered with, to notice changes. */
  private readonly registered = new Map<string, string>();

  constructor(private readonly create: () => EmulatorApi) {}

  get started(): boolean {
    return this.emulator !== undefined;
  }

  /** Names registered in the current emulator. */
  registeredNames(): string[] {
    return [...this.registered.keys()];
  }

  async invoke(spec: FunctionSpec, payload: string, signal?: AbortSignal): Promise<Invocation> {
    if (signal?.aborted) throw new CancelledError();
    const emulator = (this.emulator ??= this.create());
    this.ensureRegistered(emulator, spec);
    try {
      return await emulator.invoke(spec.name, { payload, signal });
    } catch (error) {
      if (!signal?.aborted) throw error;
      // Lambda cannot stop a running invoke, but a user who cancels wants it stopped: dropping the
      // function kills its environments, and the next run registers it afresh.
      await this.forget(spec.name);
      throw new CancelledError();
    }
  }

  /** Brings registered functions in line with discovery: changed specs are re-registered, removed ones dropped. */
  async sync(specs: readonly FunctionSpec[]): Promise<void> {
    const emulator = this.emulator;
    if (!emulator) return;
    const byName = new Map(specs.map((spec) => [spec.name, spec]));
    for (const name of [...this.registered.keys()]) {
      const spec = byName.get(name);
      if (!spec) await this.forget(name);
      else this.ensureRegistered(emulator, spec);
    }
  }

  /** Kills every child; the next run starts a new emulator (e.g. with changed settings). */
  async close(): Promise<void> {
    const emulator = this.emulator;
    this.emulator = undefined;
    this.registered.clear();
    await emulator?.close();
  }

  private ensureRegistered(emulator: EmulatorApi, spec: FunctionSpec): void {
    const key = JSON.stringify(spec);
    if (this.registered.get(spec.name) === key && emulator.has(spec.name)) return;
    emulator.register(spec, { concurrency: 1 });
    this.registered.set(spec.name, key);
  }

  private async forget(name: string): Promise<void> {
    this.registered.delete(name);
    await this.emulator?.unregister(name);
  }
}
