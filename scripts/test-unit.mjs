// Runs every test/unit/**/*.test.ts with node:test, TypeScript loaded through tsx.
// Extra arguments are passed to `node --test` (e.g. --test-name-pattern=emulator) or name files.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const fileArgs = args.filter((a) => !a.startsWith('-'));
const flagArgs = args.filter((a) => a.startsWith('-'));

function find(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') continue;
    if (statSync(full).isDirectory()) out.push(...find(full));
    else if (name.endsWith('.test.ts')) out.push(relative(root, full));
  }
  return out;
}

const files = fileArgs.length ? fileArgs : find(join(root, 'test/unit')).sort();
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...flagArgs, ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, SWB_TEST: '1' } },
);
process.exit(result.status ?? 1);
