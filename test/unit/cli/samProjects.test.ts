import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../../helpers/cliIo';

/**
 * `swb invoke <LogicalId>` on real-world SAM project shapes, end to end: discovery, then the
 * emulator running the function in a child process. Each project is copied first, because
 * running TypeScript writes a compiled copy under the code folder's node_modules/.cache.
 */

const fixtures = join(__dirname, '..', '..', 'fixtures', 'project');
const scratch = mkdtempSync(join(tmpdir(), 'swb-sam-invoke-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function copyOf(name: string): string {
  const dir = join(scratch, name);
  cpSync(join(fixtures, name), dir, { recursive: true });
  return dir;
}

async function invoke(cwd: string, args: string[], stdin?: string): Promise<{ code: number; result: unknown; err: string }> {
  const io = captureIo({ cwd, ...(stdin !== undefined ? { stdin } : {}) });
  const code = await runCli(['invoke', ...args], io);
  const out = io.out();
  return { code, result: out ? JSON.parse(out) : undefined, err: io.err() };
}

describe('swb invoke runs the functions of real-world SAM projects', () => {
  test('TypeScript built with esbuild: Globals, samconfig parameter_overrides, and a handler that names the bundle', async () => {
    const dir = copyOf('sam-typescript-esbuild');
    const hello = await invoke(dir, ['HelloWorldFunction', '--event', 'events/event.json']);
    assert.equal(hello.code, 0, hello.err);
    const body = JSON.parse((hello.result as { body: string }).body);
    assert.deepEqual(body, {
      message: 'Good morning, Ada!',
      stage: 'staging',
      logLevel: 'debug',
      service: 'greeter',
      memory: '256',
      // samconfig's region, as sam local sets AWS_REGION.
      region: 'eu-west-1',
    });
    assert.match(hello.err, /^REPORT RequestId: .*\tMemory Size: 256 MB\t/m, 'MemorySize from Globals');
    assert.match(hello.err, /^template\.yaml:\d+: warning: LegacyFunction is built by its Makefile/m);

    const orders = await invoke(dir, ['ListOrdersFunction', '--event', 'events/orders.json', '--parameter', 'Stage=qa']);
    assert.equal(orders.code, 0, orders.err);
    assert.deepEqual(JSON.parse((orders.result as { body: string }).body), { orders: [{ id: 'o-2', total: 30 }], stage: 'qa' });
  });

  test('intrinsics: the function sees parameter, pseudo parameter, mapping, condition and resource values', async () => {
    const dir = copyOf('sam-intrinsics');
    const { code, result, err } = await invoke(dir, ['InventoryFunction']);
    assert.equal(code, 0, err);
    const env = result as Record<string, string>;
    assert.equal(env.TABLE_ARN, 'arn:aws:dynamodb:us-east-1:123456789012:table/inventory-dev-items');
    assert.equal(env.QUEUE_URL, 'https://sqs.us-east-1.amazonaws.com/123456789012/inventory-dev-RestockQueue');
    assert.equal(env.STACK, 'inventory-dev', "samconfig's stack_name");
    assert.equal(env.HOST, 'b.example.com');
    assert.equal(env.AUDIT, 'enabled', 'EnableAudit=true from samconfig parameter_overrides');
    assert.equal(env.AUDIT_TOPIC, 'arn:aws:sns:us-east-1:123456789012:inventory-dev-AuditTopic');
    assert.equal(env.LITERAL, 'cost ${Total} in us-east-1');
    assert.match(err, /^template\.yaml:\d+: warning: Environment variable QUEUE_URL of InventoryFunction: !Ref RestockQueue names a resource/m);

    const shared = await invoke(dir, ['SharedConfigFunction']);
    assert.equal(shared.code, 0, shared.err);
    assert.deepEqual(shared.result, { bus: '!ImportValue platform-event-bus-name', service: 'inventory' });
    assert.match(shared.err, /warning: Environment variable SHARED_BUS of SharedConfigFunction: !ImportValue platform-event-bus-name is an export of another deployed stack/);
  });

  test('plain CloudFormation JSON: inline ZipFile code runs as index.py / index.js; a container image is a one-line error', async () => {
    const dir = copyOf('sam-cloudformation-json');
    const python = await invoke(dir, ['InlinePythonFunction', '--event', '-'], '{"name":"Grace"}');
    assert.equal(python.code, 0, python.err);
    assert.deepEqual(python.result, { greeting: 'hello from inline code', name: 'Grace', file: 'index.py' });
    const node = await invoke(dir, ['InlineNodeFunction', '--event', '-'], '{"n":21}');
    assert.equal(node.code, 0, node.err);
    assert.deepEqual(node.result, { doubled: 42, role: 'arn:aws:iam::123456789012:role/sam-cloudformation-json-LambdaRole' });
    const packaged = await invoke(dir, ['PackagedFunction']);
    assert.equal(packaged.code, 0, packaged.err);
    assert.deepEqual(packaged.result, { greeting: 'hello', name: 'world' });
    const image = await invoke(dir, ['ImageFunction']);
    assert.equal(image.code, 2);
    assert.match(image.err, /^template\.json:\d+: warning: ImageFunction is packaged as a container image; it is listed but cannot run locally$/m);
    assert.match(image.err, /^swb invoke: function "ImageFunction" has runtime image, which cannot run locally/m);
  });

  test('a nested application: Orders/ProcessOrderFunction runs with the parameters the parent passes', async () => {
    const dir = copyOf('sam-nested');
    const { code, result, err } = await invoke(dir, ['Orders/ProcessOrderFunction', '--event', '-', '--parameter', 'Stage=test'], '{"orders":[{"id":"o-9"}]}');
    assert.equal(code, 0, err);
    assert.deepEqual({ ...(result as object), function: undefined }, { stage: 'test', table: 'shop-test-orders', stack: 'sam-nested-Orders', function: undefined, orders: ['o-9'] });
  });

  test("samconfig.toml's template_file: the function of infra/sam.yaml runs, not the copy in .aws-sam/build", async () => {
    const dir = copyOf('sam-config-template');
    const { code, result, err } = await invoke(dir, ['NotifyFunction', '--event', '-'], '{"to":"ada@example.com"}');
    assert.equal(code, 0, err);
    assert.deepEqual(result, { channel: 'email', sender: 'ops@example.com', stack: 'notifier', to: 'ada@example.com' });
    assert.doesNotMatch(err, /declared twice/);
  });
});
