// Packages serverless-workbench.vsix for the platform this runs on. The VSIX is platform-specific
// because esbuild (a run-time dependency, used to bundle functions for deploy) is a native binary
// shipped as @esbuild/<platform>: vsce includes the installed dependencies and .vscodeignore keeps
// only the run-time files. Run after `node esbuild.mjs --production` (see `npm run package`);
// `--out <file>` writes elsewhere.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const VSIX_PATH = join(root, 'serverless-workbench.vsix');

/** vsce's name for this machine's platform (alpine = Linux with musl instead of glibc). */
export function vsceTarget(platform = process.platform, arch = process.arch) {
  const archName = { x64: 'x64', arm64: 'arm64', arm: 'armhf' }[arch];
  if (!archName) throw new Error(`No VS Code platform target for ${platform}/${arch}`);
  if (platform === 'linux') {
    const glibc = process.report?.getReport().header.glibcVersionRuntime;
    return `${glibc ? 'linux' : 'alpine'}-${archName}`;
  }
  if (platform === 'darwin' || platform === 'win32') return `${platform}-${archName}`;
  throw new Error(`No VS Code platform target for ${platform}/${arch}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex > 0 ? process.argv[outIndex + 1] : VSIX_PATH;
  const target = vsceTarget();
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  // README images stay relative and ship in the VSIX, so VS Code's extension page shows them
  // offline; vsce would otherwise want a GitHub repository to rewrite them against.
  const args = [vsce, 'package', '--target', target, '--no-rewrite-relative-links', '--out', out];
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  console.log(`[package] ${out} (${target}, ${(statSync(out).size / 1024 / 1024).toFixed(2)} MB)`);
}
