import { randomUUID } from 'node:crypto';
import type { FunctionRecord, FunctionSnapshot } from './model';

/** The emulator name of a published version (`$LATEST` runs under the function's own name). */
export function versionTarget(name: string, version: string): string {
  return `${name}:${version}`;
}

/** Publishes `$LATEST` as a new version, or returns the last version when nothing changed since (as Lambda does). */
export function publishSnapshot(record: FunctionRecord, description?: string): FunctionSnapshot {
  const last = record.versions[record.versions.length - 1];
  if (last && fingerprint(last) === fingerprint(record.latest)) return last;
  record.lastVersion += 1;
  const version: FunctionSnapshot = {
    ...structuredClone(record.latest),
    version: String(record.lastVersion),
    description: description ?? record.latest.description,
    lastModified: Date.now(),
    revisionId: randomUUID(),
  };
  record.versions.push(version);
  return version;
}

function fingerprint(s: FunctionSnapshot): string {
  return JSON.stringify([s.runtime, s.handler, s.role, s.memorySize, s.timeout, s.environment, s.architectures, s.logFormat, s.code.sha256]);
}

