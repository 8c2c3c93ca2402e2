import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadManifest, manifestFileName, parseManifest, supportedRuntimes } from '../../../../src/core/project/manifest';
import { formatDiagnostic } from '../../../../src/core/project/diagnostics';

const file = '/work/project/serverless-workbench.json';
const root = join(__dirname, '..', '..', '..', '..');

const example = `{
  "functions": {
    "hello": {
      "provider": "aws",
      "runtime": "nodejs20.x",
      "codeDir": "functions/hello",
      "handler": "index.handler",
      "timeout": 3,
      "memorySize": 128,
      "environment": { "STAGE": "dev" },
      "events": [ { "type": "httpApi", "method": "GET", "path": "/hello" } ]
    }
  }
}
`;

test('the documented example loads into a FunctionSpec with an absolute codeDir', () => {
  const result = parseManifest(example, file);
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.functions, [
    {
      name: 'hello',
      provider: 'aws',
      runtime: 'nodejs20.x',
      codeDir: '/work/project/functions/hello',
      handler: 'index.handler',
      timeout: 3,
      memorySize: 128,
      environment: { STAGE: 'dev' },
      events: [{ type: 'httpApi', method: 'GET', path: '/hello' }],
      source: { kind: 'manifest', file, line: 3 },
    },
  ]);
  assert.deepEqual(result.runOptions, {});
});

test("Lambda's defaults apply: provider aws, timeout 3, memory 128, codeDir the manifest folder", () => {
  const result = parseManifest('{"functions":{"f":{"runtime":"python3.12","handler":"app.lambda_handler"}}}', file);
  assert.deepEqual(result.diagnostics, []);
  const [spec] = result.functions;
  assert.equal(spec.provider, 'aws');
  assert.equal(spec.timeout, 3);
  assert.equal(spec.memorySize, 128);
  assert.equal(spec.codeDir, '/work/project');
  assert.deepEqual(spec.environment, {});
  assert.deepEqual(spec.events, []);
});

test('optional keys load; concurrency and prewarm come back as run options', () => {
  const text = JSON.stringify({
    functions: {
      api: {
        runtime: 'provided.al2023',
        handler: 'bootstrap',
        functionName: 'my-api-dev',
        description: 'The API',
        logFormat: 'JSON',
        architectures: ['arm64'],
        concurrency: 4,
        prewarm: 2,
        events: [{ type: 'http', method: '*', path: '/items/{proxy+}' }, { type: 'httpApi', method: 'post', path: '$default' }],
      },
    },
  });
  const result = parseManifest(text, file);
  assert.deepEqual(result.diagnostics, []);
  const [spec] = result.functions;
  assert.equal(spec.functionName, 'my-api-dev');
  assert.equal(spec.description, 'The API');
  assert.equal(spec.logFormat, 'JSON');
  assert.deepEqual(spec.architectures, ['arm64']);
  assert.deepEqual(spec.events, [
    { type: 'http', method: 'ANY', path: '/items/{proxy+}' },
    { type: 'httpApi', method: 'POST', path: '$default' },
  ]);
  assert.deepEqual(result.runOptions, { api: { concurrency: 4, prewarm: 2 } });
  assert.equal('concurrency' in spec, false, 'run options stay out of FunctionSpec');
});

test('every supported runtime is accepted', () => {
  const functions = Object.fromEntries(supportedRuntimes.map((runtime, i) => [`f${i}`, { runtime, handler: 'index.handler' }]));
  const result = parseManifest(JSON.stringify({ functions }), file);
  assert.deepEqual(result.diagnostics, []);
  assert.equal(result.functions.length, supportedRuntimes.length);
});

test('an unknown key is one diagnostic naming the function, the key and its line; the other functions still load', () => {
  const text = `{
  "functions": {
    "broken": {
      "runtime": "nodejs20.x",
      "handler": "index.handler",
      "timout": 10
    },
    "fine": { "runtime": "nodejs22.x", "handler": "index.handler" }
  }
}`;
  const result = parseManifest(text, file);
  assert.deepEqual(
    result.functions.map((f) => f.name),
    ['fine'],
  );
  assert.equal(result.diagnostics.length, 1);
  const [d] = result.diagnostics;
  assert.equal(d.severity, 'error');
  assert.equal(d.file, file);
  assert.equal(d.line, 6);
  assert.equal(d.message, 'function "broken": unknown key "timout" (did you mean "timeout"?)');
  assert.equal(formatDiagnostic(d), `${file}:6: error: function "broken": unknown key "timout" (did you mean "timeout"?)`);
});

test('wrong types and out-of-range values are reported per key with the value given', () => {
  const text = `{
  "functions": {
    "a": { "runtime": "nodejs16.x", "handler": "index.handler" },
    "b": { "runtime": "nodejs20.x", "handler": "index.handler", "timeout": "3s" },
    "c": { "runtime": "nodejs20.x", "handler": "index.handler", "memorySize": 64 },
    "d": { "runtime": "nodejs20.x", "handler": "index.handler", "environment": { "PORT": 8080 } },
    "e": { "runtime": "nodejs20.x", "handler": "index" },
    "f": { "handler": "index.handler" },
    "g": { "runtime": "nodejs20.x", "handler": "index.handler", "timeout": 901 },
    "h": { "runtime": "nodejs20.x", "handler": "index.handler", "environment": { "AWS_REGION": "eu-west-1" } },
    "i": { "runtime": "nodejs20.x", "handler": "index.handler", "logFormat": "xml" },
    "j": { "runtime": "nodejs20.x", "handler": "index.handler", "concurrency": 1, "prewarm": 2 }
  }
}`;
  const result = parseManifest(text, file);
  assert.deepEqual(result.functions, []);
  const byFunction = new Map(result.diagnostics.map((d) => [/function "(\w)"/.exec(d.message)?.[1], d]));
  assert.match(byFunction.get('a')!.message, /"runtime" must be one of nodejs18\.x, .*, got "nodejs16\.x"/);
  assert.equal(byFunction.get('a')!.line, 3);
  assert.match(byFunction.get('b')!.message, /"timeout" must be a whole number from 1 to 900, got "3s"/);
  assert.equal(byFunction.get('b')!.line, 4);
  assert.match(byFunction.get('c')!.message, /"memorySize" must be a whole number from 128 to 10240, got 64/);
  assert.match(byFunction.get('d')!.message, /"environment" "PORT" must be a string, got 8080/);
  assert.match(byFunction.get('e')!.message, /"handler" must be <file>\.<function>/);
  assert.match(byFunction.get('f')!.message, /missing required key "runtime"/);
  assert.match(byFunction.get('g')!.message, /got 901/);
  assert.match(byFunction.get('h')!.message, /"AWS_REGION", which Lambda reserves/);
  assert.match(byFunction.get('i')!.message, /"logFormat" must be one of Text, JSON, got "xml"/);
  assert.match(byFunction.get('j')!.message, /"prewarm" \(2\) cannot exceed "concurrency" \(1\)/);
  assert.equal(result.diagnostics.length, 10, result.diagnostics.map((d) => d.message).join('\n'));
});

test('bad events name the event index and the problem', () => {
  const cases: [unknown, RegExp][] = [
    [{ type: 'sq s', queue: 'a' }, /events\[0\]\.type must be an event source name such as httpApi, http, s3, sqs or schedule, got "sq s"/],
    [{ type: 42 }, /events\[0\]\.type must be "httpApi" .*, "http" .* or another event source name .*, got 42/],
    [{ type: 'httpApi', method: 'FETCH', path: '/a' }, /events\[0\]\.method must be one of GET, .*, got "FETCH"/],
    [{ type: 'httpApi', method: 'GET', path: 'a' }, /events\[0\]\.path must start with "\/"/],
    [{ type: 'httpApi', method: 'GET', path: '/a/{proxy+}/b' }, /greedy \{proxy\+\} only as the last segment/],
    [{ type: 'httpApi', method: 'GET', path: '/a/x{id}' }, /malformed parameter "x\{id\}"/],
    [{ type: 'http', method: 'GET', path: '$default' }, /"\$default" only for httpApi/],
    [{ type: 'httpApi', method: 'GET', path: '/a', cors: true }, /events\[0\] has unknown key "cors"/],
  ];
  for (const [event, expected] of cases) {
    const result = parseManifest(JSON.stringify({ functions: { f: { runtime: 'nodejs20.x', handler: 'index.handler', events: [event] } } }), file);
    assert.equal(result.functions.length, 0, JSON.stringify(event));
    assert.equal(result.diagnostics.length, 1, JSON.stringify(result.diagnostics));
    assert.match(result.diagnostics[0].message, expected);
  }
});

test('non-HTTP event sources keep their settings as written', () => {
  const events = [{ type: 'sqs', queue: 'orders', batchSize: 10 }, { type: 'schedule', rate: 'rate(5 minutes)' }];
  const result = parseManifest(JSON.stringify({ functions: { f: { runtime: 'nodejs20.x', handler: 'index.handler', events } } }), file);
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.functions[0].events, events);
});

test('an unknown top-level key and a missing functions object are diagnostics', () => {
  const result = parseManifest('{\n  "function": {}\n}', file);
  assert.equal(result.diagnostics.length, 2);
  assert.equal(result.diagnostics[0].message, 'unknown top-level key "function" (did you mean "functions"?)');
  assert.equal(result.diagnostics[0].line, 2);
  assert.equal(result.diagnostics[1].message, 'missing the "functions" object');
  assert.deepEqual(parseManifest('{"$schema":"./x.json","functions":{}}', file).diagnostics, []);
});

test('invalid JSON is one diagnostic with the line of the mistake', () => {
  const result = parseManifest('{\n  "functions": {\n    "a": { "runtime": "nodejs20.x" "handler": "x.y" }\n  }\n}', file);
  assert.equal(result.functions.length, 0);
  assert.equal(result.diagnostics.length, 1);
  assert.match(result.diagnostics[0].message, /^not valid JSON: /);
  assert.equal(result.diagnostics[0].line, 3);
});

test('two functions on the same route: a warning naming both; both still load', () => {
  const event = { type: 'httpApi', method: 'GET', path: '/same' };
  const result = parseManifest(
    JSON.stringify({ functions: { one: { runtime: 'nodejs20.x', handler: 'a.b', events: [event] }, two: { runtime: 'nodejs20.x', handler: 'a.b', events: [event] } } }),
    file,
  );
  assert.equal(result.functions.length, 2);
  assert.equal(result.diagnostics.length, 1);
  assert.equal(result.diagnostics[0].severity, 'warning');
  assert.match(result.diagnostics[0].message, /function "two": route GET \/same is already served by function "one"/);
});

const tempDirs: string[] = [];
after(async () => {
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
});

test('loadManifest reads the file from a folder, warns about a missing codeDir, and is undefined without a manifest', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'swb-manifest-'));
  tempDirs.push(dir);
  assert.equal(await loadManifest(dir), undefined);
  await mkdir(join(dir, 'functions', 'hello'), { recursive: true });
  await writeFile(join(dir, manifestFileName), example.replace('"functions": {', '"functions": {\n    "ghost": { "runtime": "nodejs20.x", "handler": "index.handler", "codeDir": "nowhere" },'));
  const result = await loadManifest(dir);
  assert.ok(result);
  assert.equal(result.file, join(dir, manifestFileName));
  assert.deepEqual(
    result.functions.map((f) => [f.name, f.codeDir]),
    [
      ['ghost', join(dir, 'nowhere')],
      ['hello', join(dir, 'functions', 'hello')],
    ],
  );
  assert.equal(result.diagnostics.length, 1);
  assert.equal(result.diagnostics[0].severity, 'warning');
  assert.match(result.diagnostics[0].message, /function "ghost": codeDir .*nowhere does not exist/);
});

test('the JSON schema documents every key the parser accepts, and package.json contributes it', async () => {
  const schema = JSON.parse(await readFile(join(root, 'schemas', 'serverless-workbench.schema.json'), 'utf8'));
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  const fnProps = schema.definitions.function.properties;
  for (const key of ['provider', 'runtime', 'codeDir', 'handler', 'timeout', 'memorySize', 'environment', 'events', 'functionName', 'description', 'logFormat', 'architectures', 'concurrency', 'prewarm']) {
    assert.ok(fnProps[key], `schema has ${key}`);
    assert.equal(typeof fnProps[key].description, 'string', `${key} has a description`);
  }
  assert.deepEqual(fnProps.runtime.enum, [...supportedRuntimes]);
  for (const key of Object.keys(schema.definitions.httpEvent.properties)) assert.equal(typeof schema.definitions.httpEvent.properties[key].description, 'string');
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: 'serverless-workbench.json', url: './schemas/serverless-workbench.schema.json' }]);
});
