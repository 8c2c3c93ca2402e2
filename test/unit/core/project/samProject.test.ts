import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { discoverFunctions, findFunction } from '../../../../src/core/project/discover';
import type { WorkspaceDiscovery } from '../../../../src/core/project/discover';

const fixtures = join(__dirname, '..', '..', '..', 'fixtures', 'project');

const template = (name: string, extra = ''): string =>
  `Transform: AWS::Serverless-2016-10-31\nResources:\n  ${name}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: nodejs20.x\n${extra}`;

let scratch: string;
let inlineRoot: string;
before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'swb-sam-project-'));
  inlineRoot = join(scratch, 'inline');
});
after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function writeTree(root: string, files: Record<string, string>): Promise<string> {
  for (const [relative, text] of Object.entries(files)) {
    const path = join(root, relative);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }
  return root;
}

function names(result: WorkspaceDiscovery): string[] {
  return result.functions.map((f) => f.name);
}

function lineOf(file: string, needle: string): number {
  return readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(needle)) + 1;
}

test("samconfig.toml's template_file is the project's template; .aws-sam/build/template.yaml is never a second project", async () => {
  const root = join(fixtures, 'sam-config-template');
  const result = await discoverFunctions(root);
  assert.deepEqual(names(result), ['NotifyFunction'], 'once, from infra/sam.yaml');
  assert.deepEqual(result.files, [join(root, 'infra', 'sam.yaml')]);
  assert.deepEqual(result.dependencies, [join(root, 'samconfig.toml')]);
  const notify = findFunction(result, 'NotifyFunction')!;
  assert.equal(notify.codeDir, join(root, 'src'), 'CodeUri relative to the template, not to samconfig');
  assert.deepEqual(notify.environment, { CHANNEL: 'email', SENDER: 'ops@example.com', STACK: 'notifier' }, 'parameter_overrides and stack_name from samconfig');
  assert.deepEqual(result.diagnostics, []);
});

test('samconfig parameter_overrides sit between the Defaults and --parameter; region and stack_name feed the pseudo parameters', async () => {
  const root = join(fixtures, 'sam-typescript-esbuild');
  const fromConfig = await discoverFunctions(root);
  const hello = findFunction(fromConfig, 'HelloWorldFunction')!;
  assert.equal(hello.environment.STAGE, 'staging');
  assert.equal(hello.environment.GREETING_PREFIX, 'Good morning', 'a quoted value with a space');
  const cli = await discoverFunctions(root, { sam: { parameterOverrides: { Stage: 'qa' } } });
  const overridden = findFunction(cli, 'HelloWorldFunction')!;
  assert.deepEqual([overridden.environment.STAGE, overridden.environment.GREETING_PREFIX], ['qa', 'Good morning']);

  const dir = await writeTree(join(scratch, 'pseudo'), {
    'samconfig.toml': '[default.deploy.parameters]\nstack_name = "orders-prod"\nregion = "eu-north-1"\n',
    'template.yaml': template('F', "      Environment:\n        Variables:\n          WHERE: !Sub '${AWS::StackName}@${AWS::Region}'\n"),
  });
  const withRegion = findFunction(await discoverFunctions(dir), 'F')!;
  assert.equal(withRegion.environment.WHERE, 'orders-prod@eu-north-1');
  assert.equal(withRegion.region, 'eu-north-1', 'the region sam local would run the function in');
  assert.equal(hello.region, 'eu-west-1', 'from the fixture\u2019s samconfig');
  const unset = await writeTree(join(scratch, 'no-region'), { 'template.yaml': template('G') });
  assert.equal(findFunction(await discoverFunctions(unset), 'G')!.region, undefined, 'no region configured: the emulator decides');
});

test('template.yml and template.json are projects too; a samconfig pointing at a missing file or at build output falls back to them', async () => {
  const yml = await writeTree(join(scratch, 'names', 'yml'), { 'template.yml': template('FromYml') });
  const json = await writeTree(join(scratch, 'names', 'json'), {
    'template.json': JSON.stringify({ Resources: { FromJson: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'a.b', Runtime: 'python3.12', Code: 'src' } } } }),
  });
  const missing = await writeTree(join(scratch, 'names', 'missing'), {
    'samconfig.toml': '[default.global.parameters]\ntemplate_file = "nope.yaml"\n',
    'template.yaml': template('FromFallback'),
  });
  const built = await writeTree(join(scratch, 'names', 'built'), {
    'samconfig.toml': '[default.deploy.parameters]\ntemplate_file = ".aws-sam/build/template.yaml"\n',
    'template.yaml': template('FromSource'),
    '.aws-sam/build/template.yaml': template('FromBuild'),
  });
  const result = await discoverFunctions(join(scratch, 'names'));
  assert.deepEqual(names(result), ['FromSource', 'FromJson', 'FromFallback', 'FromYml'], 'folders built, json, missing, yml');
  assert.equal(findFunction(result, 'FromJson')!.codeDir, join(json, 'src'));
  assert.equal(findFunction(result, 'FromYml')!.source?.file, join(yml, 'template.yml'));
  assert.equal(findFunction(result, 'FromSource')!.source?.file, join(built, 'template.yaml'));
  assert.deepEqual(
    result.diagnostics.filter((d) => !/code folder/.test(d.message)).map((d) => [d.file, d.message]),
    [[join(missing, 'samconfig.toml'), 'samconfig: template_file nope.yaml does not exist; it is ignored']],
  );
});

test('a template.yaml beside the template samconfig names is reported as ignored', async () => {
  const dir = await writeTree(join(scratch, 'shadowed'), {
    'samconfig.toml': '[default.global.parameters]\ntemplate_file = "template-prod.yaml"\n',
    'template.yaml': template('Old'),
    'template-prod.yaml': template('New'),
  });
  const result = await discoverFunctions(dir);
  assert.deepEqual(names(result), ['New']);
  assert.deepEqual(
    result.diagnostics.filter((d) => !/code folder/.test(d.message)).map((d) => [d.file, d.message]),
    [[join(dir, 'template.yaml'), 'Ignored: samconfig.toml names template-prod.yaml (template_file), which is read instead']],
  );
});

test('nested applications: functions are named Application/Function, read once, with what the parent passes', async () => {
  const root = join(fixtures, 'sam-nested');
  const result = await discoverFunctions(root);
  assert.deepEqual(names(result), ['ApiFunction', 'Orders/ProcessOrderFunction'], 'orders/template.yaml is not read again as a project of its own');
  assert.deepEqual(result.files, [join(root, 'template.yaml'), join(root, 'orders', 'template.yaml')]);
  const orders = findFunction(result, 'Orders/ProcessOrderFunction')!;
  assert.deepEqual(orders.environment, { STAGE: 'dev', TABLE_NAME: 'shop-dev-orders', STACK: 'sam-nested-Orders' });
  assert.deepEqual([orders.runtime, orders.timeout, orders.codeDir], ['python3.12', 15, join(root, 'orders', 'src')], "the child's own Globals");
  assert.equal(orders.source?.file, join(root, 'orders', 'template.yaml'));
  const withStage = await discoverFunctions(root, { sam: { parameterOverrides: { Stage: 'prod' } } });
  assert.equal(findFunction(withStage, 'Orders/ProcessOrderFunction')!.environment.TABLE_NAME, 'shop-prod-orders');

  const parent = join(root, 'template.yaml');
  const warnings = result.diagnostics.filter((d) => d.file === parent && /application/i.test(d.message)).map((d) => [d.line, d.message]);
  assert.deepEqual(warnings, [
    [lineOf(parent, 'ApplicationId:') - 1, 'Monitoring is an application of the Serverless Application Repository; its functions are not listed'],
    [lineOf(parent, 'TemplateURL:'), 'Nested application Missing: payments/template.yaml is not a template file; its functions are not listed'],
  ]);
});

test('a nested application that includes its parent is read once, with a warning', async () => {
  const app = (location: string): string => `  Child:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location: ${location}\n`;
  const dir = await writeTree(join(scratch, 'cycle'), {
    'template.yaml': template('Top') + app('./child/template.yaml'),
    'child/template.yaml': template('Middle') + app('../template.yaml'),
  });
  const result = await discoverFunctions(dir);
  assert.deepEqual(names(result), ['Top', 'Child/Middle']);
  assert.ok(
    result.diagnostics.some((d) => d.file === join(dir, 'child', 'template.yaml') && /Nested application Child includes \.\.\/template\.yaml, which includes it back/.test(d.message)),
    JSON.stringify(result.diagnostics),
  );
});

test('inline code is written where its function runs: index.py / index.js in a folder of its own', async () => {
  const result = await discoverFunctions(join(fixtures, 'sam-cloudformation-json'), { sam: { inlineCodeRoot: inlineRoot } });
  const python = findFunction(result, 'InlinePythonFunction')!;
  const node = findFunction(result, 'InlineNodeFunction')!;
  assert.ok(python.codeDir.startsWith(inlineRoot));
  assert.match(await readFile(join(python.codeDir, 'index.py'), 'utf8'), /^import os\n\ndef handler\(event, context\):\n/);
  assert.equal(await readFile(join(node.codeDir, 'index.js'), 'utf8'), 'exports.handler = async (event) => ({ doubled: event.n * 2, role: process.env.ROLE_ARN });\n');
  assert.ok(!result.diagnostics.some((d) => /code folder of Inline/.test(d.message)), 'the folders exist');
});
