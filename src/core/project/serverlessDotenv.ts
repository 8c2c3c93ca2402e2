import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { DotenvEntry } from './dotenv';
import { expandDotenv, readDotenv } from './dotenv';

/**
 * The `.env` files the Serverless Framework loads before it resolves `${env:…}`, read the same way:
 *
 * - v4 (and any service without `frameworkVersion` 1–3): always `.env.<stage>` then `.env` from the
 *   service folder, the stage's file winning key by key; `useDotenv: <path or list>` adds more
 *   files or folders, below those two.
 * - v3: only with `useDotenv: true`, and then one file: `.env.<stage>` when it exists, else `.env`.
 *
 * The real environment always wins (dotenv never overrides a variable that is set). The values
 * only feed `${env:…}`: like the framework, nothing here reaches a function's environment unless
 * serverless.yml references it.
 */
export interface ServiceDotenvInput {
  serviceDir: string;
  stage: string;
  /** `frameworkVersion` as written (`'3'`, `^3.38.0`, `>=2 <4`, 4). */
  frameworkVersion: unknown;
  useDotenv: unknown;
  /** The real environment, which wins over every file. */
  processEnv: Record<string, string | undefined>;
}

export interface ServiceDotenv {
  /** The environment `${env:…}` sees: the files' values under the real environment. */
  env: Record<string, string | undefined>;
  /** Every file that was, or would be, read: a new `.env.<stage>` changes the result too. */
  watched: string[];
  /** Lines that could not be read (line numbers only: values are secrets). */
  problems: { file: string; line: number; message: string }[];
  /** v3 without `useDotenv`: what the files hold but the framework would not load, to explain a missing `${env:…}`. */
  notLoaded?: { file: string; names: Set<string> };
}

export function loadServiceDotenv(input: ServiceDotenvInput): ServiceDotenv {
  const { serviceDir, stage } = input;
  const stageFile = path.join(serviceDir, `.env.${stage}`);
  const defaultFile = path.join(serviceDir, '.env');
  const result: ServiceDotenv = { env: { ...input.processEnv }, watched: [stageFile, defaultFile], problems: [] };

  if (isLegacyFramework(input.frameworkVersion)) {
    const file = isFile(stageFile) ? stageFile : isFile(defaultFile) ? defaultFile : undefined;
    if (!file) return result;
    const entries = readEntries(file, result);
    if (input.useDotenv !== true) {
      result.notLoaded = { file, names: new Set(entries.map((e) => e.key)) };
      return result;
    }
    layer(result, entries);
    return result;
  }

  const files = [stageFile, defaultFile];
  for (const custom of customPaths(input.useDotenv)) {
    const target = path.resolve(serviceDir, custom);
    if (isDirectory(target)) files.push(path.join(target, `.env.${stage}`), path.join(target, '.env'));
    else files.push(target);
  }
  result.watched = files;
  for (const file of files) {
    if (isFile(file)) layer(result, readEntries(file, result));
  }
  return result;
}

/** `frameworkVersion` 1, 2 or 3: the framework that needs `useDotenv: true`. */
function isLegacyFramework(version: unknown): boolean {
  const major = /\d+/.exec(String(version ?? ''))?.[0];
  return major !== undefined && Number(major) >= 1 && Number(major) <= 3;
}

function customPaths(useDotenv: unknown): string[] {
  if (typeof useDotenv === 'string') return [useDotenv];
  if (Array.isArray(useDotenv)) return useDotenv.filter((p): p is string => typeof p === 'string');
  return [];
}

function readEntries(file: string, result: ServiceDotenv): DotenvEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    result.problems.push({ file, line: 1, message: `Cannot read ${path.basename(file)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
    return [];
  }
  const { entries, problems } = readDotenv(text);
  for (const problem of problems) {
    result.problems.push({ file, line: problem.line, message: `${path.basename(file)} line ${problem.line} is ignored: ${problem.message}` });
  }
  return entries;
}

/** First file wins, as dotenv (which never overrides) loads them in order; the real environment wins over all. */
function layer(result: ServiceDotenv, entries: DotenvEntry[]): void {
  const values = expandDotenv(entries, result.env);
  for (const [key, value] of Object.entries(values)) {
    if (result.env[key] === undefined) result.env[key] = value;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(file: string): boolean {
  return existsSync(file) && statSync(file).isDirectory();
}
