import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { InitError } from '../../../../src/core/emulator/lambdaErrors';
import { TypeScriptCompilers, compileTypeScriptHandler } from '../../../../src/core/emulator/typescriptHandler';
import { fixtureSpec } from '../../../helpers/emulator';

test('incremental builds follow edits, report a syntax error, recover, and end with dispose()', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'swb-tsc-'));
  const compilers = new TypeScriptCompilers();
  after(async () => {
    await compilers.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const entry = path.join(dir, 'handler.ts');
  const spec = fixtureSpec('incremental', dir, 'handler.handler');
  const compile = async (source: string): Promise<string> => {
    writeFileSync(entry, source);
    return readFileSync(await compileTypeScriptHandler(spec, entry, compilers), 'utf8');
  };
  assert.match(await compile('export const handler = async (): Promise<number> => 1;\n'), /=> 1/);
  assert.match(await compile('export const handler = async (): Promise<number> => 2;\n'), /=> 2/);
  await assert.rejects(compile('export const handler = async ( => 3;\n'), (error: unknown) => error instanceof InitError && error.payload.errorType === 'Runtime.UserCodeSyntaxError');
  assert.match(await compile('export const handler = async (): Promise<number> => 4;\n'), /=> 4/);
});
