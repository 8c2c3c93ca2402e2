import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TailEvent } from '../../../../src/core/logs/tailTypes';
import { EventRate } from '../../../../src/extension/logs/eventRate';
import { RequestGrouper } from '../../../../src/extension/logs/requestGrouping';
import { HOLD_LIMIT_MS, TailPrinter, type PrintOptions } from '../../../../src/extension/logs/tailPrinter';

let id = 0;
function event(stream: string, message: string, timestamp = 1000 + id): TailEvent {
  return { logGroupName: '/aws/lambda/fn', logStreamName: stream, timestamp, message: `${message}\n`, eventId: String(id++) };
}
const invocation = (stream: string, request: string, body: string[]): TailEvent[] => [
  event(stream, `START RequestId: ${request} Version: $LATEST`),
  ...body.map((line) => event(stream, `2024-05-31T10:00:00.000Z\t${request}\tINFO\t${line}`)),
  event(stream, `END RequestId: ${request}`),
  event(stream, `REPORT RequestId: ${request}\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB`),
];

/** Two environments whose invocations overlap in time. */
function interleaved(): TailEvent[] {
  const a = invocation('s1', 'aaaaaaaa-1', ['a one', 'a two']);
  const b = invocation('s2', 'bbbbbbbb-2', ['b one']);
  return [a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3], a[4]];
}

const options = (overrides: Partial<PrintOptions> = {}): (() => PrintOptions) => () => ({ groupByRequest: false, prettyJson: false, reportSummaries: true, ...overrides });

test('without grouping, lines print as they come, each REPORT followed by its summary', () => {
  const printer = new TailPrinter(options());
  const text = interleaved().map((e) => printer.push(e)).join('');
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, 11);
  assert.match(lines[0], /^START RequestId: aaaaaaaa-1/);
  assert.match(lines[1], /^START RequestId: bbbbbbbb-2/);
  assert.match(lines[7], /^REPORT RequestId: bbbbbbbb-2/);
  assert.equal(lines[8], '── 2 ms · 40/128 MB · warm');
  assert.match(lines[9], /^REPORT RequestId: aaaaaaaa-1/);
  assert.equal(lines[10], '── 2 ms · 40/128 MB · warm');
});

test('grouped by request, each invocation prints as one block when its REPORT arrives', () => {
  const printer = new TailPrinter(options({ groupByRequest: true, reportSummaries: false }));
  const chunks = interleaved().map((e) => printer.push(e));
  // Nothing until b's REPORT (index 7), then b's whole block, then a's at its REPORT.
  assert.deepEqual(chunks.slice(0, 7), ['', '', '', '', '', '', '']);
  assert.match(chunks[7], /^START RequestId: bbbbbbbb-2[^\n]*\n[^\n]*\tb one\nEND RequestId: bbbbbbbb-2\nREPORT RequestId: bbbbbbbb-2[^\n]*\n$/);
  const block = chunks[8].trimEnd().split('\n');
  assert.deepEqual(block.map((l) => (/^(START|END|REPORT) /.test(l) ? l.split(' ')[0] : l.split('\t')[3])), ['START', 'a one', 'a two', 'END', 'REPORT']);
});

test('grouping passes lines outside an invocation through, releases a block whose START repeats, and empties on stop', () => {
  const grouper = new RequestGrouper();
  const init = event('s1', 'INIT_START Runtime Version: nodejs:20');
  assert.deepEqual(grouper.push(init), [init]);
  const [start, line] = invocation('s1', 'req-0001', ['x']);
  assert.deepEqual(grouper.push(start), []);
  assert.deepEqual(grouper.push(line), []);
  // The REPORT of r1 was lost: r2's START releases what was held.
  const [start2, line2] = invocation('s1', 'req-0002', ['y']);
  assert.deepEqual(grouper.push(start2), [start, line]);
  grouper.push(line2);
  assert.deepEqual(grouper.releaseAll(), [start2, line2]);
  assert.equal(grouper.holding, 0);
});

test('a block whose REPORT never comes is released after the hold limit; turning grouping off releases at once', () => {
  let grouping = true;
  const printer = new TailPrinter(() => ({ groupByRequest: grouping, prettyJson: false, reportSummaries: false }));
  const [start, line] = invocation('s9', 'req-0009', ['stuck']);
  assert.equal(printer.push(start, 0), '');
  assert.equal(printer.push(line, 0), '');
  assert.equal(printer.releaseStale(HOLD_LIMIT_MS - 1), '');
  assert.match(printer.releaseStale(HOLD_LIMIT_MS + 1), /START RequestId: req-0009[^]*stuck/);

  const [s2, l2] = invocation('s9', 'req-0010', ['held']);
  printer.push(s2);
  grouping = false;
  assert.match(printer.push(l2), /START RequestId: req-0010 Version: \$LATEST\n.*held\n$/);
});

test('pretty JSON: a JSON-format record and JSON after the runtime prefix are indented; other lines are not', () => {
  const printer = new TailPrinter(options({ prettyJson: true, reportSummaries: false }));
  assert.equal(printer.push(event('s', '{"level":"INFO","message":"paid","amount":3}')), '{\n  "level": "INFO",\n  "message": "paid",\n  "amount": 3\n}\n');
  assert.equal(printer.push(event('s', '2024-05-31T10:00:00.000Z\treq-0001\tINFO\t{"a":[1,2]}')), '2024-05-31T10:00:00.000Z\treq-0001\tINFO\t{\n  "a": [\n    1,\n    2\n  ]\n}\n');
  assert.equal(printer.push(event('s', 'cost {a} of [b]')), 'cost {a} of [b]\n');
  assert.equal(printer.push(event('s', '2024-05-31T10:00:00.000Z\treq-0001\tINFO\t{not json}')), '2024-05-31T10:00:00.000Z\treq-0001\tINFO\t{not json}\n');
});

test('the event rate counts the last minute in one-second buckets', () => {
  const rate = new EventRate();
  const t0 = 1_700_000_000_000;
  for (let i = 0; i < 12; i++) rate.record(t0 + i * 1000);
  assert.equal(rate.perMinute(t0 + 11_000), 12);
  assert.equal(rate.perMinute(t0 + 59_999), 12);
  assert.equal(rate.perMinute(t0 + 65_000), 6, 'the first six seconds have left the window');
  rate.record(t0 + 120_000, 5);
  assert.equal(rate.perMinute(t0 + 120_000), 5, 'a bucket reused a minute later starts from zero');
  assert.equal(rate.perMinute(t0 + 200_000), 0);
});
