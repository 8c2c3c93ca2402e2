import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { UserError } from '../errors';
import { extractZip, readZip } from '../package/zipReader';
import { lambdaLimits } from '../package/types';
import { TEMP_PREFIX, tempPath, writeFileAtomic } from './atomicFile';
import { invalidParameter } from './cloudErrors';
import type { CodeRef, FunctionRecord } from './model';

/**
 * The local cloud's state folder:
 *
 *   <stateDir>/functions/<name>/function.json   configuration, versions, aliases, tags
 *   <stateDir>/functions/<name>/<sha256 hex>/   an uploaded package, unpacked (the code folder the emulator runs)
 *   <stateDir>/functions/<name>/<sha256 hex>.zip  the same package as uploaded (GetFunction's Code.Location)
 *
 * Code folders are content-addressed and never modified once renamed into place, so `$LATEST`
 * and its versions share them and an update never touches code that is running.
 */
export class CloudStore {
  private readonly functionsRoot: string;

  constructor(readonly stateDir: string) {
    this.functionsRoot = path.join(stateDir, 'functions');
  }

  functionDir(name: string): string {
    return path.join(this.functionsRoot, name);
  }

  codeDir(name: string, code: CodeRef): string {
    return path.join(this.functionDir(name), code.dir);
  }

  zipFile(name: string, code: CodeRef): string {
    return path.join(this.functionDir(name), `${code.dir}.zip`);
  }

  /** Every saved function; unreadable files are reported and skipped, leftovers of interrupted writes removed. */
  async load(onWarning: (message: string) => void): Promise<FunctionRecord[]> {
    await mkdir(this.functionsRoot, { recursive: true });
    const records: FunctionRecord[] = [];
    for (const name of (await readdir(this.functionsRoot)).sort()) {
      const dir = this.functionDir(name);
      if (name.startsWith(TEMP_PREFIX)) {
        await rm(dir, { recursive: true, force: true });
        continue;
      }
      if (!(await stat(dir)).isDirectory()) continue;
      await this.sweepTemporaries(dir);
      const file = path.join(dir, 'function.json');
      let record: FunctionRecord;
      try {
        record = JSON.parse(await readFile(file, 'utf8')) as FunctionRecord;
        if (record.name !== name || !record.latest?.code) throw new Error('not a function record');
      } catch (error) {
        onWarning(`local cloud: skipping ${file}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      records.push(record);
      await this.pruneCode(record);
    }
    return records;
  }

  async save(record: FunctionRecord): Promise<void> {
    await mkdir(this.functionDir(record.name), { recursive: true });
    await writeFileAtomic(path.join(this.functionDir(record.name), 'function.json'), `${JSON.stringify(record, null, 2)}\n`);
  }

  async remove(name: string): Promise<void> {
    // Renamed away first, so a crash halfway through never leaves a half-deleted function to load.
    const dir = this.functionDir(name);
    const doomed = tempPath(dir);
    try {
      await rename(dir, doomed);
    } catch {
      return;
    }
    await rm(doomed, { recursive: true, force: true });
  }

  /**
   * Unpacks an uploaded zip into its content-addressed folder (through a temporary folder and a
   * rename, so the folder is complete or absent) and keeps the zip beside it. Bad archives are
   * Lambda's InvalidParameterValueException.
   */
  async storeCode(name: string, zip: Buffer): Promise<CodeRef> {
    const digest = createHash('sha256').update(zip).digest();
    const code: CodeRef = { sha256: digest.toString('base64'), size: zip.length, dir: digest.toString('hex') };
    const target = this.codeDir(name, code);
    if (await exists(target)) return code;
    await mkdir(this.functionDir(name), { recursive: true });
    const temp = tempPath(target);
    try {
      await extractZip(zip, temp, { maxUnzippedSize: lambdaLimits.unzipped });
      await writeFileAtomic(this.zipFile(name, code), zip);
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { recursive: true, force: true });
      throw zipProblem(error);
    }
    return code;
  }

  /** Removes the packages no longer used by `$LATEST`, a version, or `keep` (code that may still be running). */
  async pruneCode(record: FunctionRecord, keep: readonly CodeRef[] = []): Promise<void> {
    const used = new Set([record.latest.code.dir, ...record.versions.map((v) => v.code.dir), ...keep.map((c) => c.dir)]);
    const dir = this.functionDir(record.name);
    for (const entry of await readdir(dir).catch(() => [] as string[])) {
      const codeName = entry.endsWith('.zip') ? entry.slice(0, -4) : entry;
      if (/^[0-9a-f]{64}$/.test(codeName) && !used.has(codeName)) await rm(path.join(dir, entry), { recursive: true, force: true });
    }
  }

  private async sweepTemporaries(dir: string): Promise<void> {
    for (const entry of await readdir(dir)) {
      if (entry.startsWith(TEMP_PREFIX)) await rm(path.join(dir, entry), { recursive: true, force: true });
    }
  }
}

/** Checks a zip without unpacking it (UpdateFunctionCode's DryRun). */
export function checkZip(zip: Buffer): void {
  try {
    readZip(zip, { maxUnzippedSize: lambdaLimits.unzipped });
  } catch (error) {
    throw zipProblem(error);
  }
}

function zipProblem(error: unknown): Error {
  if (!(error instanceof UserError)) return error instanceof Error ? error : new Error(String(error));
  if (/over the limit/.test(error.message)) return invalidParameter(`Unzipped size must be smaller than ${lambdaLimits.unzipped} bytes`);
  return invalidParameter(`Could not unzip uploaded file. Please check your file, then try to upload again. (${error.message})`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
