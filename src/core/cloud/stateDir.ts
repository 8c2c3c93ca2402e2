import { homedir } from 'node:os';
import * as path from 'node:path';

/**
 * Where the local cloud keeps deployed functions when no `--state-dir` is given: the user's cache
 * folder (it can be rebuilt by deploying again, so it is cache, not configuration).
 * Linux: `$XDG_CACHE_HOME` or `~/.cache`; macOS: `~/Library/Caches`; Windows: `%LOCALAPPDATA%`.
 */
export function defaultCloudStateDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  let cache: string;
  if (platform === 'win32') cache = env.LOCALAPPDATA || join(home, 'AppData', 'Local');
  else if (platform === 'darwin') cache = join(home, 'Library', 'Caches');
  else cache = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(home, '.cache');
  return join(cache, 'serverless-workbench', 'local-cloud');
}
