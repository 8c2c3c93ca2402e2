import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadServiceDotenv } from '../../../../src/core/project/serverlessDotenv';
import { scratchFolder } from '../../../helpers/scratchFolder';

function service(files: Record<string, string>): string {
  return scratchFolder(after, 'swb-sls-dotenv-', files);
}

const both = { '.env': 'SHARED=from-env\nONLY_DEFAULT=d\n', '.env.prod': 'SHARED=from-env-prod\nONLY_PROD=p\n' };

test('v4 (or no frameworkVersion): .env.<stage> and .env both load, the stage file winning key by key, useDotenv or not', () => {
  for (const frameworkVersion of ['4', undefined, '>=4.2.0']) {
    const dir = service(both);
    const prod = loadServiceDotenv({ serviceDir: dir, stage: 'prod', frameworkVersion, useDotenv: undefined, processEnv: {} });
    assert.deepEqual(prod.env, { SHARED: 'from-env-prod', ONLY_PROD: 'p', ONLY_DEFAULT: 'd' }, String(frameworkVersion));
    assert.deepEqual(prod.watched, [join(dir, '.env.prod'), join(dir, '.env')]);
    // No .env.dev: only .env.
    const dev = loadServiceDotenv({ serviceDir: dir, stage: 'dev', frameworkVersion, useDotenv: false, processEnv: {} });
    assert.deepEqual(dev.env, { SHARED: 'from-env', ONLY_DEFAULT: 'd' });
  }
});

test('v3: nothing without useDotenv: true; with it one file, .env.<stage> when present, else .env', () => {
  const dir = service(both);
  const off = loadServiceDotenv({ serviceDir: dir, stage: 'prod', frameworkVersion: '3', useDotenv: undefined, processEnv: {} });
  assert.deepEqual(off.env, {});
  assert.equal(off.notLoaded?.file, join(dir, '.env.prod'));
  assert.deepEqual([...off.notLoaded!.names], ['SHARED', 'ONLY_PROD']);

  const prod = loadServiceDotenv({ serviceDir: dir, stage: 'prod', frameworkVersion: '^3.38.0', useDotenv: true, processEnv: {} });
  assert.deepEqual(prod.env, { SHARED: 'from-env-prod', ONLY_PROD: 'p' }, '.env is not read when .env.prod exists');
  const dev = loadServiceDotenv({ serviceDir: dir, stage: 'dev', frameworkVersion: 3, useDotenv: true, processEnv: {} });
  assert.deepEqual(dev.env, { SHARED: 'from-env', ONLY_DEFAULT: 'd' });
});

test('the real environment always wins over the files; values expand like dotenv-expand', () => {
  const dir = service({ '.env': 'DB_HOST=localhost\nDB_URL=postgres://${DB_HOST}:5432/app\nTOKEN=file-token\n' });
  const result = loadServiceDotenv({ serviceDir: dir, stage: 'dev', frameworkVersion: '4', useDotenv: undefined, processEnv: { TOKEN: 'shell-token', PATH: '/bin' } });
  assert.deepEqual(result.env, { TOKEN: 'shell-token', PATH: '/bin', DB_HOST: 'localhost', DB_URL: 'postgres://localhost:5432/app' });
});

test('v4 useDotenv paths add files and folders below the service’s own .env files', () => {
  const dir = service({
    '.env': 'A=service\n',
    'shared/.env': 'A=shared\nB=shared\n',
    'shared/.env.dev': 'C=shared-dev\n',
    'extra.env': 'B=extra\nD=extra\n',
  });
  const result = loadServiceDotenv({ serviceDir: dir, stage: 'dev', frameworkVersion: '4', useDotenv: ['./shared', 'extra.env'], processEnv: {} });
  assert.deepEqual(result.env, { A: 'service', C: 'shared-dev', B: 'shared', D: 'extra' });
  assert.deepEqual(result.watched, [join(dir, '.env.dev'), join(dir, '.env'), join(dir, 'shared', '.env.dev'), join(dir, 'shared', '.env'), join(dir, 'extra.env')]);
});

test('a line that cannot be read is a problem naming the file and line, never its value', () => {
  const dir = service({ '.env': 'GOOD=1\nAPI_KEY: sk-live-abcdef\n' });
  const result = loadServiceDotenv({ serviceDir: dir, stage: 'dev', frameworkVersion: '4', useDotenv: undefined, processEnv: {} });
  assert.deepEqual(result.env, { GOOD: '1' });
  assert.deepEqual(result.problems, [{ file: join(dir, '.env'), line: 2, message: '.env line 2 is ignored: expected KEY=VALUE' }]);
  assert.doesNotMatch(JSON.stringify(result.problems), /sk-live/);
});
