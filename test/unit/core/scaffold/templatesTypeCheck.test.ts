import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { scaffoldFunction, scaffoldTriggerIds } from '../../../../src/core/scaffold';
import { repoRoot, runCommand, tempWorkspace } from './scaffoldHarness';

const root = tempWorkspace(after, { linkNodeModules: true });

test('generated TypeScript (handlers and tests) type-checks under its tsconfig; the handler rejects the wrong event type', async () => {
  const codeDirs: string[] = [];
  for (const trigger of scaffoldTriggerIds) {
    const result = await scaffoldFunction({ root, name: `ts-${trigger}`, provider: 'aws', runtime: 'nodejs20.x-ts', trigger });
    codeDirs.push(path.relative(root, path.dirname(result.handlerFile)));
  }
  const generated = JSON.parse(readFileSync(path.join(root, codeDirs[0], 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  assert.equal(generated.compilerOptions.strict, true);
  // A handler typed with its event type refuses another trigger's event: this file must be the only error.
  writeFileSync(
    path.join(root, codeDirs[0], 'wrongEvent.ts'),
    "import type { S3Event } from 'aws-lambda';\nimport { handler } from './index';\nexport const wrong = (event: S3Event) => handler(event);\n",
  );
  // One compiler run for all five (tsc is slow to start): the generated options, every generated file.
  writeFileSync(
    path.join(root, 'tsconfig.check.json'),
    JSON.stringify({ extends: `./${codeDirs[0]}/tsconfig.json`, include: codeDirs.map((dir) => `${dir}/*.ts`) }),
  );
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = await runCommand(`"${process.execPath}" "${tsc}" -p tsconfig.check.json --listFiles --pretty false`, root);
  const errors = run.output.split('\n').filter((line) => /error TS\d+/.test(line));
  assert.equal(errors.length, 1, run.output);
  assert.match(errors[0], /^functions\/ts-http\/wrongEvent\.ts\(3,\d+\): error TS2345: Argument of type 'S3Event' is not assignable to parameter of type 'APIGatewayProxyEventV2'/);
  for (const dir of codeDirs) {
    for (const file of ['index.ts', 'index.test.ts']) assert.ok(run.output.includes(path.join(root, dir, file)), `${dir}/${file} was checked`);
  }
});
