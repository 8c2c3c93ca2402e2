import { chmod, mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { UserError } from '../errors';
import { crc32 } from './crc32';
import { unsafeEntryPath } from './entryPath';
import { dosDirectory, flag, hostSystem, method, signature, sizes, unixType } from './zipFormat';

export interface ZipEntry {
  /** Forward slashes; directories without the trailing slash. */
  path: string;
  data: Buffer;
  /** Permission bits (e.g. 0o755); from the Unix attributes when the archive has them. */
  mode: number;
  type: 'file' | 'directory' | 'symlink';
}

function invalid(message: string): UserError {
  return new UserError(`invalid zip: ${message}`);
}

/**
 * Reads every entry of a zip held in memory (stored or deflated). Sizes come from the central
 * directory, so archives written with data descriptors (streamed zips) read too. Refuses
 * entries whose paths would escape the extraction folder, encryption and zip64.
 */
export interface ReadZipOptions {
  /** Refuse archives whose entries add up to more than this many bytes unzipped (checked before inflating). */
  maxUnzippedSize?: number;
}

export function readZip(buffer: Buffer, options: ReadZipOptions = {}): ZipEntry[] {
  const end = findEndOfCentralDirectory(buffer);
  if (end >= 20 && buffer.readUInt32LE(end - 20) === signature.zip64Locator) throw invalid('zip64 archives are not supported');
  if (buffer.readUInt16LE(end + 4) !== 0 || buffer.readUInt16LE(end + 6) !== 0) throw invalid('multi-part archives are not supported');
  const count = buffer.readUInt16LE(end + 10);
  const centralSize = buffer.readUInt32LE(end + 12);
  const centralOffset = buffer.readUInt32LE(end + 16);
  if (count === 0xffff || centralSize === 0xffffffff || centralOffset === 0xffffffff) throw invalid('zip64 archives are not supported');
  if (centralOffset + centralSize > end) throw invalid('central directory lies outside the file (truncated?)');

  const headers: CentralHeader[] = [];
  let at = centralOffset;
  for (let i = 0; i < count; i++) {
    if (at + sizes.centralHeader > buffer.length || buffer.readUInt32LE(at) !== signature.centralFile) {
      throw invalid(`central directory entry ${i + 1} of ${count} is damaged`);
    }
    const header = readCentralHeader(buffer, at);
    headers.push(header);
    at += sizes.centralHeader + header.nameLength + header.extraLength + header.commentLength;
  }
  const declared = headers.reduce((sum, h) => sum + h.size, 0);
  if (options.maxUnzippedSize !== undefined && declared > options.maxUnzippedSize) {
    throw new UserError(`zip unpacks to ${declared} bytes, over the limit of ${options.maxUnzippedSize}`);
  }

  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  for (const header of headers) {
    const name = header.name;
    if (unsafeEntryPath(name)) throw new UserError(`unsafe zip entry "${name}": absolute paths and ".." are refused (zip slip)`);
    if (header.flags & flag.encrypted) throw invalid(`"${name}" is encrypted`);
    if (header.compressedSize === 0xffffffff || header.size === 0xffffffff || header.localOffset === 0xffffffff) {
      throw invalid('zip64 archives are not supported');
    }
    const type = entryType(header);
    const entryPath = name.replace(/\\/g, '/').replace(/\/+$/, '').replace(/^(\.\/)+/, '');
    if (entryPath === '' || entryPath === '.') continue;
    if (seen.has(entryPath)) throw invalid(`duplicate entry "${entryPath}"`);
    seen.add(entryPath);
    const data = type === 'directory' ? Buffer.alloc(0) : readData(buffer, header);
    entries.push({ path: entryPath, data, mode: entryMode(header, type), type });
  }
  return entries;
}

interface CentralHeader {
  madeBy: number;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  nameLength: number;
  extraLength: number;
  commentLength: number;
  externalAttributes: number;
  localOffset: number;
  name: string;
}

function readCentralHeader(b: Buffer, at: number): CentralHeader {
  const nameLength = b.readUInt16LE(at + 28);
  const flags = b.readUInt16LE(at + 8);
  // Names without the UTF-8 flag are officially CP437, but in practice tools write UTF-8 there too.
  const name = b.toString('utf8', at + sizes.centralHeader, at + sizes.centralHeader + nameLength);
  return {
    madeBy: b.readUInt16LE(at + 4),
    flags,
    method: b.readUInt16LE(at + 10),
    crc: b.readUInt32LE(at + 16),
    compressedSize: b.readUInt32LE(at + 20),
    size: b.readUInt32LE(at + 24),
    nameLength,
    extraLength: b.readUInt16LE(at + 30),
    commentLength: b.readUInt16LE(at + 32),
    externalAttributes: b.readUInt32LE(at + 38),
    localOffset: b.readUInt32LE(at + 42),
    name,
  };
}

function unixAttributes(h: CentralHeader): number {
  return h.madeBy >> 8 === hostSystem.unix ? h.externalAttributes >>> 16 : 0;
}

function entryType(h: CentralHeader): ZipEntry['type'] {
  const unix = unixAttributes(h) & unixType.mask;
  if (unix === unixType.symlink) return 'symlink';
  if (h.name.endsWith('/') || unix === unixType.directory) return 'directory';
  if (h.madeBy >> 8 === hostSystem.msdos && h.externalAttributes & dosDirectory) return 'directory';
  return 'file';
}

function entryMode(h: CentralHeader, type: ZipEntry['type']): number {
  const permissions = unixAttributes(h) & 0o777;
  if (permissions) return permissions;
  return type === 'directory' ? 0o755 : 0o644;
}

function readData(b: Buffer, h: CentralHeader): Buffer {
  const at = h.localOffset;
  if (at + sizes.localHeader > b.length || b.readUInt32LE(at) !== signature.localFile) throw invalid(`local header of "${h.name}" is missing`);
  // The local header's name and extra lengths may differ from the central directory's.
  const start = at + sizes.localHeader + b.readUInt16LE(at + 26) + b.readUInt16LE(at + 28);
  const end = start + h.compressedSize;
  if (end > b.length) throw invalid(`data of "${h.name}" runs past the end of the file (truncated?)`);
  const raw = b.subarray(start, end);
  let data: Buffer;
  if (h.method === method.stored) data = Buffer.from(raw);
  else if (h.method === method.deflated) {
    try {
      // The declared size bounds the output, so a lying header cannot inflate without limit.
      data = inflateRawSync(raw, { maxOutputLength: Math.max(h.size, 1) });
    } catch (error) {
      throw invalid(`cannot inflate "${h.name}": ${error instanceof Error ? error.message : String(error)}`);
    }
  } else throw invalid(`"${h.name}" uses compression method ${h.method}; only stored and deflate are supported`);
  if (data.length !== h.size) throw invalid(`"${h.name}" is ${data.length} bytes, the header says ${h.size}`);
  if (crc32(data) !== h.crc) throw invalid(`"${h.name}" fails its CRC-32 check`);
  return data;
}

function findEndOfCentralDirectory(b: Buffer): number {
  const last = b.length - sizes.endOfCentralDirectory;
  // The record ends with a comment of up to 65535 bytes, so search backwards that far.
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (b.readUInt32LE(at) === signature.endOfCentralDirectory && at + sizes.endOfCentralDirectory + b.readUInt16LE(at + 20) <= b.length) {
      return at;
    }
  }
  throw invalid(b.length < sizes.endOfCentralDirectory ? 'file too short' : 'no end-of-central-directory record (not a zip?)');
}

/**
 * Unpacks a zip into `dir` (created if needed) with the entries' permission bits, e.g. uploaded
 * function code in the local cloud. Every path is checked before anything is written; symbolic
 * links are refused because they could point outside `dir`. Returns the files written, relative.
 * The local cloud should pass `maxUnzippedSize: lambdaLimits.unzipped`, as Lambda refuses more.
 */
export async function extractZip(buffer: Buffer, dir: string, options: ReadZipOptions = {}): Promise<string[]> {
  const entries = readZip(buffer, options);
  const root = path.resolve(dir);
  const targets = entries.map((entry) => {
    if (entry.type === 'symlink') throw new UserError(`zip entry "${entry.path}" is a symbolic link; links are not extracted`);
    const target = path.resolve(root, entry.path);
    const relative = path.relative(root, target);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new UserError(`unsafe zip entry "${entry.path}": it would be extracted outside ${root}`);
    }
    return { entry, target };
  });
  await mkdir(root, { recursive: true });
  const written: string[] = [];
  for (const { entry, target } of targets) {
    if (entry.type === 'directory') {
      await mkdir(target, { recursive: true });
      await chmod(target, entry.mode | 0o700);
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, entry.data);
    // Set explicitly: writeFile's mode is filtered by the umask and ignored for existing files.
    await chmod(target, entry.mode);
    written.push(entry.path);
  }
  return written;
}
