import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { assetPath } from '../../../../src/core/assets';
import { UserError } from '../../../../src/core/errors';
import type { FunctionSpec } from '../../../../src/core/project/functionSpec';
import {
  debugConfiguration,
  nodeDebugConfiguration,
  pythonDebugConfiguration,
  pythonDebuggerProblem,
  pythonDebugType,
} from '../../../../src/extension/run/debugConfig';

// The attach configurations handed to vscode.debug.startDebugging (pure: no vscode at run time).

const codeDir = path.resolve('/work/app/functions/orders');
const spec = (runtime: string, name = 'Orders'): FunctionSpec => ({
  name,
  provider: 'aws',
  runtime,
  codeDir,
  handler: 'handler.handler',
  timeout: 3,
  memorySize: 128,
  environment: {},
  events: [],
});
const address = { host: '127.0.0.1', port: 45123 };
const installed = (...ids: string[]) => (id: string) => ids.includes(id);

test('a Node.js function gets a js-debug attach that follows the compiled TypeScript back to its .ts', () => {
  const config = nodeDebugConfiguration(spec('nodejs20.x', 'Order API/v2'), address);
  assert.deepEqual(config, {
    type: 'node',
    request: 'attach',
    name: 'Serverless: Order API/v2',
    address: '127.0.0.1',
    port: 45123,
    continueOnAttach: true,
    sourceMaps: true,
    outFiles: [
      path.join(codeDir, '**', '*.(m|c|)js'),
      '!**/node_modules/**',
      // The emulator's compile cache for this function, which the negation above must not cover.
      path.join(codeDir, 'node_modules', '.cache', 'serverless-workbench', 'Order_API_v2', '**', '*.(m|c|)js'),
    ],
    resolveSourceMapLocations: null,
    skipFiles: ['<node_internals>/**', assetPath('runtimes', 'node', 'bootstrap.js')],
  });
  assert.match(config.skipFiles[1], /runtimes[\\/]node[\\/]bootstrap\.js$/);
});

test('a Python function gets a debugpy attach to the same paths', () => {
  assert.deepEqual(pythonDebugConfiguration(spec('python3.12'), address, 'debugpy'), {
    type: 'debugpy',
    request: 'attach',
    name: 'Serverless: Orders',
    connect: { host: '127.0.0.1', port: 45123 },
    pathMappings: [{ localRoot: codeDir, remoteRoot: codeDir }],
    justMyCode: true,
  });
});

test('the Python debug type comes from the installed extension, the older `python` name as a fallback', () => {
  assert.equal(pythonDebugType(installed('ms-python.debugpy', 'ms-python.python')), 'debugpy');
  assert.equal(pythonDebugType(installed('ms-python.python')), 'python');
  assert.equal(pythonDebugType(installed()), undefined);
  assert.equal(debugConfiguration(spec('python3.11'), address, installed('ms-python.python')).type, 'python');
  assert.equal(debugConfiguration(spec('nodejs22.x'), address, installed()).type, 'node');
});

test('without a Python debugger extension the message names what to install', () => {
  assert.equal(pythonDebuggerProblem(installed('ms-python.debugpy')), undefined);
  const problem = pythonDebuggerProblem(installed());
  assert.match(problem ?? '', /Python Debugger extension \(ms-python\.debugpy\)/);
  assert.match(problem ?? '', /pip install debugpy/);
  assert.throws(
    () => debugConfiguration(spec('python3.11'), address, installed()),
    (err: unknown) => err instanceof UserError && err.message === problem,
  );
});

test('runtimes without a debugger are refused with a UserError', () => {
  assert.throws(
    () => debugConfiguration(spec('provided.al2023'), address, installed()),
    (err: unknown) => err instanceof UserError && /supports Node\.js and Python.*provided\.al2023/.test(err.message),
  );
});
