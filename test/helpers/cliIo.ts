import { Readable } from 'node:stream';
import type { CliIo } from '../../src/cli/command';

/** A CliIo that records output, for driving `runCli` in-process. */
export function captureIo(options: { stdin?: string; cwd?: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal } = {}): CliIo & {
  out(): string;
  err(): string;
} {
  let out = '';
  let err = '';
  return {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    stdin: Readable.from([Buffer.from(options.stdin ?? '')]),
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? { ...process.env },
    signal: options.signal ?? new AbortController().signal,
    out: () => out,
    err: () => err,
  };
}
