import * as path from 'node:path';
import type { DiscoveryResult } from './diagnostics';
import type { DiscoverOptions } from './discover';
import { loadServiceDotenv } from './serverlessDotenv';
import { readServerlessConfigRunningJs } from './serverlessJsFiles';
import { loadServerlessScript } from './serverlessScript';

/**
 * A serverless.ts / serverless.js service: run only when the workspace is trusted (it is the
 * workspace's code), then read like serverless.yml. Untrusted, it is one warning saying why its
 * functions are not listed.
 */
export async function readServerlessScript(file: string, options: DiscoverOptions): Promise<DiscoveryResult & { file: string }> {
  const name = path.basename(file);
  if (!options.trusted) {
    return {
      file,
      functions: [],
      diagnostics: [
        {
          file,
          message: `${name} was not read: it is a program, and discovery runs workspace code only in a trusted workspace (trust the workspace to list its functions, or declare them in serverless.yml)`,
          severity: 'warning',
        },
      ],
    };
  }
  const serverless = options.serverless ?? {};
  const processEnv = serverless.env ?? process.env;
  // The program may read process.env itself (often through dotenv): v4 has loaded .env files by then.
  const dotenv = loadServiceDotenv({ serviceDir: path.dirname(file), stage: serverless.stage ?? 'dev', frameworkVersion: undefined, useDotenv: undefined, processEnv });
  const loaded = await loadServerlessScript(file, { env: dotenv.env });
  const dependencies = [...loaded.dependencies.filter((f) => f !== file), ...dotenv.watched];
  if (!loaded.ok) {
    return { file, functions: [], diagnostics: [{ file, message: `${name}: ${loaded.message}`, severity: 'error' }], dependencies };
  }
  // Its strings may hold `${file(./x.js)}` variables too, and the workspace is trusted.
  const result = await readServerlessConfigRunningJs(loaded.source, serverless);
  return { file, ...result, dependencies: [...new Set([...dependencies, ...(result.dependencies ?? [])])] };
}
