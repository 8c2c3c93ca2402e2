import type { EmulatorLogSink } from '../../core/logs/emulatorLogSink';
import { createEmulatorLogSink } from '../../core/logs/emulatorLogSink';
import type { LogStore } from '../../core/logs/logStore';

/**
 * The editor's runs into the local cloud's log store while the local cloud runs, so that tails
 * and `swb logs` see them too. The store belongs to the local cloud's server in this same process,
 * so this is the store's one writer, as `swb serve`'s own emulator is. It also remembers which log
 * streams the editor's runner wrote: the runner has already echoed those lines into the function's
 * output channel, so a tail of the local cloud skips them rather than print them twice. No `vscode`.
 */
export class LocalLogSink {
  /** The sink over the running local cloud's store (a restarted local cloud has a new store). */
  private current?: { store: LogStore; sink: EmulatorLogSink };
  private readonly streams = new Set<string>();

  constructor(
    /** The running local cloud's store; undefined while it is stopped. */
    private readonly store: () => LogStore | undefined,
    private readonly onError?: (error: unknown) => void,
    /** Streams remembered at most (one per execution environment the editor started). */
    private readonly maxStreams = 1000,
  ) {}

  /** For the runner: where its log lines also go now, if anywhere. */
  sink(): EmulatorLogSink | undefined {
    const store = this.store();
    if (!store) return undefined;
    if (this.current?.store !== store) {
      this.current?.sink.flush();
      this.current = { store, sink: createEmulatorLogSink(store, this.onError) };
    }
    const target = this.current.sink;
    return {
      onLog: (line) => {
        this.remember(line.logStreamName);
        target.onLog(line);
      },
      flush: () => target.flush(),
    };
  }

  /** Writes what is batched now (the local cloud is stopping: its store closes next). */
  flush(): void {
    this.current?.sink.flush();
  }

  /** Whether the editor's runner wrote this stream (and so echoed its lines itself). */
  wroteStream(logStreamName: string): boolean {
    return this.streams.has(logStreamName);
  }

  private remember(stream: string): void {
    if (this.streams.has(stream)) return;
    this.streams.add(stream);
    if (this.streams.size > this.maxStreams) this.streams.delete(this.streams.values().next().value!);
  }
}
