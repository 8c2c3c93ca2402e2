import { deflateRawSync } from 'node:zlib';
import { crc32 } from './crc32';
import { normaliseEntryPath } from './entryPath';
import { classicLimits, fixedDosDate, fixedDosTime, flag, hostSystem, method, signature, sizes, unixType } from './zipFormat';

export { readZip, extractZip } from './zipReader';
export { normaliseEntryPath, unsafeEntryPath } from './entryPath';
export type { ReadZipOptions, ZipEntry } from './zipReader';

/** One file to put in a zip. */
export interface ZipInput {
  /** Relative path; backslashes are turned into forward slashes. */
  path: string;
  data: Uint8Array | string;
  /** Unix permission bits; only "executable or not" is kept (0755 / 0644) so the bytes do not depend on umask. */
  mode?: number;
}

/** Version 2.0: deflate, and what every unzip understands. */
const versionNeeded = 20;
const versionMadeBy = (hostSystem.unix << 8) | 20;

/**
 * Writes a zip whose bytes depend only on the entries' paths, contents and executable bits:
 * entries sorted by path, one fixed timestamp, normalised modes, no extra fields, no comment.
 * That makes the SHA-256 stable, so an unchanged function is recognised and not redeployed.
 */
export function writeZip(inputs: readonly ZipInput[]): Buffer {
  const entries = inputs.map((input) => ({ ...input, path: normaliseEntryPath(input.path) }));
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (let i = 1; i < entries.length; i++) {
    if (entries[i].path === entries[i - 1].path) throw new Error(`zip: duplicate entry "${entries[i].path}"`);
  }
  if (entries.length >= classicLimits.entries) throw new Error(`zip: ${entries.length} entries need zip64, which is not supported`);

  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data) : Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
    const name = Buffer.from(entry.path, 'utf8');
    const deflated = data.length > 0 ? deflateRawSync(data) : undefined;
    const useDeflate = deflated !== undefined && deflated.length < data.length;
    const body = useDeflate ? deflated : data;
    const fields: HeaderFields = {
      flags: /^[\x20-\x7e]*$/.test(entry.path) ? 0 : flag.utf8,
      method: useDeflate ? method.deflated : method.stored,
      crc: crc32(data),
      compressedSize: body.length,
      size: data.length,
      name,
    };
    if (offset + sizes.localHeader + name.length + body.length > classicLimits.bytes) {
      throw new Error('zip: archive larger than 4 GiB needs zip64, which is not supported');
    }
    const executable = ((entry.mode ?? 0o644) & 0o111) !== 0;
    central.push(centralHeader(fields, offset, unixType.file | (executable ? 0o755 : 0o644)));
    const local = localHeader(fields);
    chunks.push(local, body);
    offset += local.length + body.length;
  }
  const centralStart = offset;
  const centralSize = central.reduce((sum, b) => sum + b.length, 0);
  chunks.push(...central, endOfCentralDirectory(entries.length, centralSize, centralStart));
  return Buffer.concat(chunks);
}

interface HeaderFields {
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  name: Buffer;
}

function localHeader(f: HeaderFields): Buffer {
  const b = Buffer.alloc(sizes.localHeader + f.name.length);
  b.writeUInt32LE(signature.localFile, 0);
  b.writeUInt16LE(versionNeeded, 4);
  b.writeUInt16LE(f.flags, 6);
  b.writeUInt16LE(f.method, 8);
  b.writeUInt16LE(fixedDosTime, 10);
  b.writeUInt16LE(fixedDosDate, 12);
  b.writeUInt32LE(f.crc, 14);
  b.writeUInt32LE(f.compressedSize, 18);
  b.writeUInt32LE(f.size, 22);
  b.writeUInt16LE(f.name.length, 26);
  b.writeUInt16LE(0, 28); // no extra fields: they would carry timestamps and uid/gid
  f.name.copy(b, 30);
  return b;
}

function centralHeader(f: HeaderFields, localOffset: number, unixMode: number): Buffer {
  const b = Buffer.alloc(sizes.centralHeader + f.name.length);
  b.writeUInt32LE(signature.centralFile, 0);
  b.writeUInt16LE(versionMadeBy, 4);
  b.writeUInt16LE(versionNeeded, 6);
  b.writeUInt16LE(f.flags, 8);
  b.writeUInt16LE(f.method, 10);
  b.writeUInt16LE(fixedDosTime, 12);
  b.writeUInt16LE(fixedDosDate, 14);
  b.writeUInt32LE(f.crc, 16);
  b.writeUInt32LE(f.compressedSize, 20);
  b.writeUInt32LE(f.size, 24);
  b.writeUInt16LE(f.name.length, 28);
  b.writeUInt16LE(0, 30); // extra length
  b.writeUInt16LE(0, 32); // comment length
  b.writeUInt16LE(0, 34); // disk number
  b.writeUInt16LE(0, 36); // internal attributes
  b.writeUInt32LE((unixMode << 16) >>> 0, 38);
  b.writeUInt32LE(localOffset, 42);
  f.name.copy(b, 46);
  return b;
}

function endOfCentralDirectory(count: number, centralSize: number, centralOffset: number): Buffer {
  const b = Buffer.alloc(sizes.endOfCentralDirectory);
  b.writeUInt32LE(signature.endOfCentralDirectory, 0);
  b.writeUInt16LE(0, 4);
  b.writeUInt16LE(0, 6);
  b.writeUInt16LE(count, 8);
  b.writeUInt16LE(count, 10);
  b.writeUInt32LE(centralSize, 12);
  b.writeUInt32LE(centralOffset, 16);
  b.writeUInt16LE(0, 20);
  return b;
}
