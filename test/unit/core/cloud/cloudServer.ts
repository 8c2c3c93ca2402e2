import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { createLambdaControlPlane, type ControlPlaneRequest, type LambdaControlPlane, type LambdaControlPlaneOptions } from '../../../../src/core/cloud';
import { Emulator } from '../../../../src/core/emulator/emulator';
import { createInvokeApiHandler } from '../../../../src/core/emulator/invokeApi';
import type { EmulatorApi } from '../../../../src/core/emulator/types';
import { writeZip } from '../../../../src/core/package/zip';

export const ACCOUNT = '000000000000';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-basic`;

/**
 * A real HTTP server on 127.0.0.1:0 mounting the control plane in front of the emulator's Invoke
 * API (as `swb serve` does), over a real Emulator unless one is given, plus real SDK clients.
 */
export interface CloudServer {
  endpoint: string;
  cloud: LambdaControlPlane;
  emulator: EmulatorApi;
  server: Server;
  /** The control plane's request log. */
  requests: ControlPlaneRequest[];
  warnings: string[];
  client(options?: { maxAttempts?: number }): LambdaClient;
  /** Stops the server, the control plane and the emulator (the state folder stays). */
  close(): Promise<void>;
}

export async function startCloudServer(
  options: Omit<LambdaControlPlaneOptions, 'emulator'> & { emulator?: EmulatorApi },
): Promise<CloudServer> {
  const emulator = options.emulator ?? new Emulator({ accountId: ACCOUNT });
  const requests: ControlPlaneRequest[] = [];
  const warnings: string[] = [];
  const cloud = await createLambdaControlPlane({
    ...options,
    emulator,
    accountId: ACCOUNT,
    onRequest: (entry) => requests.push(entry),
    onWarning: (message) => warnings.push(message),
  });
  const invoke = createInvokeApiHandler(emulator, { accountId: ACCOUNT });
  const server = createServer((req, res) => {
    if (!cloud.handler(req, res)) invoke(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: LambdaClient[] = [];
  return {
    endpoint,
    cloud,
    emulator,
    server,
    requests,
    warnings,
    client(clientOptions = {}) {
      const client = new LambdaClient({
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
        maxAttempts: clientOptions.maxAttempts ?? 3,
      });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await cloud.close();
      await emulator.close();
    },
  };
}

/** A fresh state folder, removed after the test file (call it from a describe body, not a hook: `after` in a hook runs when the hook ends). */
export function tempStateDir(after: (fn: () => void) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'swb-cloud-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A deployment package whose handler reports its code version, its configuration and what Lambda told it. */
export function handlerZip(codeVersion: number): Buffer {
  return writeZip([
    {
      path: 'index.js',
      data: `const { label } = require('./lib/label');
exports.handler = async (event, context) => ({
  code: ${codeVersion},
  label: label(),
  stage: process.env.STAGE ?? null,
  memory: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  functionName: context.functionName,
  invokedArn: context.invokedFunctionArn,
  event,
});
`,
    },
    { path: 'lib/label.js', data: `exports.label = () => 'v${codeVersion}';\n` },
  ]);
}

export function payloadOf(bytes: Uint8Array | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(bytes ?? []).toString('utf8')) as Record<string, unknown>;
}

/** Polls GetFunctionConfiguration until the function is Active with its last update done. */
export async function untilActive(client: LambdaClient, name: string): Promise<void> {
  for (let i = 0; i < 250; i++) {
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    if (config.State === 'Active' && config.LastUpdateStatus === 'Successful') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${name} never became Active`);
}
