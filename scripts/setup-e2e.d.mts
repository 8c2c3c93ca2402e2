// Types for scripts/setup-e2e.mjs, so TypeScript tests can import it.
import type { E2eTools } from './code-server.mjs';

export const NODE24_VERSION: string;
export const CODE_SERVER_VERSION: string;
export function cacheDir(): string;
export function ensureE2eTools(options?: { log?: (line: string) => void }): Promise<E2eTools>;
export function node24Env(node24Bin: string, base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
/** Waits for and takes the mkdir lock `dir`; resolves to its release function. */
export function acquireLock(dir: string, log?: (line: string) => void): Promise<() => void>;
