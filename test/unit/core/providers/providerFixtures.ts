import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { discoverFunctions } from '../../../../src/core/project/discover';
import type { FunctionSpec } from '../../../../src/core/project/functionSpec';
import type { AwsProviderOptions } from '../../../../src/core/providers/aws/awsProvider';
import { AwsProvider } from '../../../../src/core/providers/aws/awsProvider';
import { startLambdaContractServer, type ContractServerOptions, type LambdaContractServer } from '../../../helpers/lambdaContractServer';

export const projectFixture = path.join(__dirname, '..', '..', '..', 'fixtures', 'providers', 'project');

interface TestContext {
  after(fn: () => unknown): void;
}

/** A copy of the providers fixture project in a temp folder (tests edit its code). */
export function copyProject(t: TestContext): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'swb-providers-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(projectFixture, dir, { recursive: true });
  return dir;
}

export async function specOf(root: string, name: string): Promise<FunctionSpec> {
  const found = (await discoverFunctions(root)).functions.find((f) => f.name === name);
  if (!found) throw new Error(`fixture function ${name} not found under ${root}`);
  return found;
}

export async function startServer(t: TestContext, options: ContractServerOptions = {}): Promise<LambdaContractServer> {
  const server = await startLambdaContractServer(options);
  t.after(() => server.close());
  return server;
}

/** Fast pacing: the contract server settles in tens of milliseconds. */
export const fastPacing = { waiter: { minDelaySeconds: 0.02, maxDelaySeconds: 0.1, maxWaitSeconds: 20 }, retry: { baseDelayMs: 10, maxDelayMs: 50 } };

/** The real AWS provider (real SDK client) pointed at the contract server with static test credentials. */
export function awsProviderFor(t: TestContext, server: LambdaContractServer, options: AwsProviderOptions = {}): AwsProvider {
  const provider = new AwsProvider({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' }),
    role: 'arn:aws:iam::123456789012:role/test-role',
    ...fastPacing,
    ...options,
  });
  t.after(() => provider.dispose());
  return provider;
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
