import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { layerPaths } from '../../../../src/core/emulator/layerPaths';
import { createTestEmulator, fixtureSpec, json } from '../../../helpers/emulator';
import { scratchFolder } from '../../../helpers/scratchFolder';

// Local layers (SAM `Layers`): their modules resolve from the function's code as under Lambda's /opt.

const { emulator } = createTestEmulator(after);

function tree(files: Record<string, string>): string {
  return scratchFolder(after, 'swb-layers-', files);
}

test('search paths: later layers first, /opt layouts and layers built into /opt/nodejs or /opt/python', () => {
  const paths = layerPaths({
    runtime: 'nodejs20.x',
    layers: [
      { name: 'Shared', contentDir: '/l/shared' },
      { name: 'arn:aws:lambda:us-east-1:1:layer:x:1' },
      { name: 'Built', contentDir: '/l/built', mountPath: '/opt/nodejs' },
    ],
  });
  assert.deepEqual(paths.node, [
    path.join('/l/built', 'node20', 'node_modules'),
    path.join('/l/built', 'node_modules'),
    path.join('/l/shared', 'nodejs', 'node20', 'node_modules'),
    path.join('/l/shared', 'nodejs', 'node_modules'),
  ]);
  assert.deepEqual(paths.bin, [path.join('/l/shared', 'bin')]);
  const python = layerPaths({ runtime: 'python3.12', layers: [{ name: 'Deps', contentDir: '/l/deps', mountPath: '/opt/python' }] });
  assert.deepEqual(python.python, [path.join('/l/deps', 'lib', 'python3.12', 'site-packages'), '/l/deps']);
});

test('a Node.js function requires a module from its layer; the layer\'s copy wins over an earlier layer\'s', async () => {
  const older = tree({ 'nodejs/node_modules/greeter/index.js': "exports.greet = (n) => 'old ' + n;" });
  const newer = tree({ 'nodejs/node_modules/greeter/index.js': "exports.greet = (n) => 'hello ' + n;", 'bin/tool': '#!/bin/sh\n' });
  const code = tree({ 'index.js': "exports.handler = async (e) => ({ text: require('greeter').greet(e.name), path: process.env.PATH.split(require('path').delimiter)[0] });" });
  emulator.register(
    fixtureSpec('withLayers', code, 'index.handler', {
      layers: [
        { name: 'Older', contentDir: older },
        { name: 'Newer', contentDir: newer },
      ],
    }),
  );
  assert.deepEqual(json(await emulator.invoke('withLayers', { payload: '{"name":"layers"}' })), { text: 'hello layers', path: path.join(newer, 'bin') });
});

test('a Python function imports a module from its layer\'s python/ folder', async () => {
  const layer = tree({ 'python/greeter.py': "def greet(name):\n    return 'hi ' + name\n" });
  const code = tree({ 'app.py': 'import greeter\n\ndef handler(event, context):\n    return {"text": greeter.greet(event["name"])}\n' });
  emulator.register(fixtureSpec('pyLayers', code, 'app.handler', { runtime: 'python3.12', layers: [{ name: 'Greeter', contentDir: layer }] }));
  assert.deepEqual(json(await emulator.invoke('pyLayers', { payload: '{"name":"py"}' })), { text: 'hi py' });
});

test('editing a file in a layer reloads the function', async () => {
  const layer = tree({ 'nodejs/node_modules/version/index.js': 'module.exports = 1;' });
  const code = tree({ 'index.js': "exports.handler = async () => ({ version: require('version') });" });
  emulator.register(fixtureSpec('layerReload', code, 'index.handler', { layers: [{ name: 'V', contentDir: layer }] }));
  assert.deepEqual(json(await emulator.invoke('layerReload', { payload: '{}' })), { version: 1 });
  writeFileSync(path.join(layer, 'nodejs/node_modules/version/index.js'), 'module.exports = 2;');
  const deadline = Date.now() + 10_000;
  let version = 1;
  while (version !== 2 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    version = (json(await emulator.invoke('layerReload', { payload: '{}' })) as { version: number }).version;
  }
  assert.equal(version, 2);
});

test('a function with layers runs in a process even when inline isolation is asked for', async () => {
  const { emulator: inline, warnings } = createTestEmulator(after, { isolation: 'inline' });
  const layer = tree({ 'nodejs/node_modules/greeter/index.js': "exports.greet = (n) => 'hello ' + n;" });
  const code = tree({ 'index.js': "exports.handler = async (e) => ({ text: require('greeter').greet(e.name), pid: process.pid });" });
  inline.register(fixtureSpec('inlineLayers', code, 'index.handler', { layers: [{ name: 'Greeter', contentDir: layer }] }));
  const result = json(await inline.invoke('inlineLayers', { payload: '{"name":"x"}' })) as { text: string; pid: number };
  assert.equal(result.text, 'hello x');
  assert.notEqual(result.pid, process.pid);
  assert.ok(warnings.some((w) => /inlineLayers: has layers/.test(w)), warnings.join('\n'));
});
