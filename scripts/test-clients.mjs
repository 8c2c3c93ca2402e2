// Independent-client tests: builds dist/ (the tests run the bundled `swb serve`), makes sure the
// AWS CLI v2 and boto3 are installed (scripts/setup-clients.mjs), then runs test/clients/*.test.ts
// with node:test, one file at a time (each starts its own serve; the clients are CPU-heavy).
// Extra arguments are passed to `node --test` (e.g. --test-name-pattern=tail) or name files.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureClients } from './setup-clients.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const fileArgs = args.filter((a) => !a.startsWith('-'));
const flagArgs = args.filter((a) => a.startsWith('-'));

const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let clients;
try {
  clients = ensureClients();
} catch (error) {
  console.error(`[test-clients] ${error.message}`);
  process.exit(1);
}

const files = fileArgs.length
  ? fileArgs
  : readdirSync(join(root, 'test', 'clients'))
      .filter((name) => name.endsWith('.test.ts'))
      .sort()
      .map((name) => join('test', 'clients', name));
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...flagArgs, ...files], {
  cwd: root,
  stdio: 'inherit',
  // The tests read what was found here instead of probing every client again.
  env: { ...process.env, SWB_TEST: '1', SWB_CLIENTS_JSON: JSON.stringify(clients) },
});
process.exit(result.status ?? 1);
