/**
 * Coalesces what the CLI writes to stdout and stderr within one turn of the event loop into as few
 * writes as possible, flushed from `setImmediate`.
 *
 * `swb serve` prints several lines per invocation (START, END, REPORT, the request line); process
 * stdout/stderr writes are synchronous system calls, and each one written to a pipe also wakes the
 * reader. Order across the two streams is kept: text is queued in the order it was written and only
 * consecutive pieces for the same stream are joined, so a terminal showing both sees the same
 * interleaving as before.
 */

export interface OutputSink {
  write(text: string): unknown;
}

export interface BufferedOutput {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Writes everything queued, now (also run on process exit). */
  flush(): void;
}

export function bufferedOutput(out: OutputSink, err: OutputSink): BufferedOutput {
  /** Runs of text, each for one stream; consecutive runs are for different streams. */
  const sinks: OutputSink[] = [];
  const texts: string[] = [];
  let scheduled = false;

  const flush = (): void => {
    scheduled = false;
    // Taken out before writing: a write that throws (EPIPE) must not leave text to repeat.
    const to = sinks.splice(0);
    const what = texts.splice(0);
    for (let i = 0; i < to.length; i++) to[i].write(what[i]);
  };

  const push = (sink: OutputSink, text: string): void => {
    if (text === '') return;
    const last = sinks.length - 1;
    if (last >= 0 && sinks[last] === sink) texts[last] += text;
    else {
      sinks.push(sink);
      texts.push(text);
    }
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  return { stdout: (text) => push(out, text), stderr: (text) => push(err, text), flush };
}
