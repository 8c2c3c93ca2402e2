import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { parseInspected } from '../../../../src/extension/logs/inspectLiteral';

// Round trips through Node's own util.inspect: what console.log(event) prints reads back as the event.
const events: unknown[] = [
  { id: 1, name: 'alice', ok: true, none: null, ratio: -0.25, big: 1e21 },
  { Records: [{ eventSource: 'aws:sqs', body: '{"order":7}', attributes: { ApproximateReceiveCount: '1' } }] },
  { 'detail-type': 'Order Placed', source: 'shop', detail: { id: 'o-1', tags: ['a', "it's", 'say "hi"'] } },
  { text: 'line one\nline two\nline three that is rather long so that util.inspect splits it into pieces', tab: 'a\tb', unicode: 'café ✓ \u0001' },
  { empty: {}, list: [], nested: [[1, 2], [3, [4, 5]]] },
  { '': 'empty key', 'with space': 1, 'dash-key': 2, 3: 'numeric', __proto__x: 'not the prototype' },
  { long: Array.from({ length: 30 }, (_, i) => `item-${i}`) },
];

test('util.inspect output of plain data reads back exactly, at any width and depth', () => {
  for (const event of events) {
    for (const options of [{ depth: Infinity }, { depth: Infinity, breakLength: 40 }, { depth: Infinity, compact: false }]) {
      assert.deepEqual(parseInspected(inspect(event, options)), event, inspect(event, options));
    }
  }
});

test('Python’s print(dict) reads back', () => {
  assert.deepEqual(parseInspected("{'a': True, 'b': None, 'c': [1, 'x'], 'd': {'e': False, 'f': 2.5}, 'g': \"it's\"}"), {
    a: true,
    b: null,
    c: [1, 'x'],
    d: { e: false, f: 2.5 },
    g: "it's",
  });
});

test('anything that is not plain, complete data is refused', () => {
  const refused = [
    inspect({ a: { b: { c: { d: 1 } } } }), // depth-limited: [Object]
    inspect({ list: [[[[1]]]] }), // [Array]
    inspect({ fn() {} }),
    inspect(Object.defineProperty({}, 'x', { get: () => 1, enumerable: true })), // [Getter]
    inspect({ when: new Date(0) }),
    inspect({ map: new Map([[1, 2]]) }),
    inspect({ buf: Buffer.from('x') }),
    inspect({ n: 10n }),
    inspect({ items: Array.from({ length: 120 }, (_, i) => i) }), // … 20 more items
    inspect({ s: Symbol('x') }),
    inspect({ u: undefined, nan: NaN }),
    "{'t': (1, 2)}",
    "{'b': b'bytes'}",
    '{ a: `template ${x}` }',
    '{ a: 1 } trailing',
    '{ a: 1',
    'not an object',
  ];
  const circular: Record<string, unknown> = { a: 1 };
  circular.self = circular;
  refused.push(inspect(circular));
  for (const text of refused) assert.equal(parseInspected(text), undefined, text);
});

test('a `__proto__` key is data, never the prototype', () => {
  const parsed = parseInspected("{ '__proto__': { polluted: true } }");
  assert.ok(parsed && typeof parsed === 'object');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
  assert.deepEqual(Object.keys(parsed as object), ['__proto__']);
});
