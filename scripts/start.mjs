// `npm start`: builds and packages the extension, then runs it in a real VS Code (code-server) with
// the examples/ workspace, at http://127.0.0.1:8080 (or $PORT; the next free port when taken).
// Runs until Ctrl+C, then stops code-server.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startCodeServer } from './code-server.mjs';
import { ensureE2eTools } from './setup-e2e.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const folder = join(root, 'examples');

const packaged = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'inherit' });
if (packaged.status !== 0) process.exit(packaged.status ?? 1);

let server;
try {
  const tools = await ensureE2eTools();
  const port = await freePort(Number(process.env.PORT) || 8080);
  server = await startCodeServer({ vsix: join(root, 'serverless-workbench.vsix'), folder, port, tools });
} catch (error) {
  console.error(`[start] ${error.message}`);
  process.exit(1);
}

console.log(`\nServerless Workbench is running in VS Code at ${server.url}/?folder=${encodeURIComponent(folder)}`);
console.log('Press Ctrl+C to stop.');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\n[start] stopping code-server');
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Keeps the process alive while code-server (its own process group) serves.
setInterval(() => {}, 1 << 30);
