// End-to-end tests in a real VS Code: packages the VSIX, makes sure code-server, Node 24 and
// Chromium are installed (cached; see scripts/setup-e2e.mjs), then runs test/e2e/*.test.ts with
// node:test, one file at a time (each starts its own code-server and browser).
// Extra arguments are passed to `node --test` (e.g. --test-name-pattern=terminal) or name files.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureE2eTools } from './setup-e2e.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const fileArgs = args.filter((a) => !a.startsWith('-'));
const flagArgs = args.filter((a) => a.startsWith('-'));

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Always repackage: cheaper (seconds) than deciding whether dist, runtimes or the manifest changed.
// SWB_VSIX names where (so concurrent runs need not share one file); the repository root by default.
const vsix = process.env.SWB_VSIX ? resolve(process.env.SWB_VSIX) : join(root, 'serverless-workbench.vsix');
const started = Date.now();
run('npm', ['run', '--silent', 'package', '--', '--out', vsix]);
console.log(`[test-e2e] packaged in ${((Date.now() - started) / 1000).toFixed(1)} s`);

try {
  await ensureE2eTools();
} catch (error) {
  console.error(`[test-e2e] ${error.message}`);
  process.exit(1);
}

const files = fileArgs.length
  ? fileArgs
  : readdirSync(join(root, 'test', 'e2e'))
      .filter((name) => name.endsWith('.test.ts'))
      .sort()
      .map((name) => join('test', 'e2e', name));
run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...flagArgs, ...files], {
  env: { ...process.env, SWB_TEST: '1', SWB_VSIX: vsix },
});
