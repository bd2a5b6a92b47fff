// A small reader for gzip'd tar archives (chart .tgz files): ustar, GNU long names, pax path headers.
// Only regular files are returned; links, devices and directories are skipped. Hand-written rather
// than a library because chart loading is synchronous and in memory (tar-stream, modern-tar and
// nanotar are streaming or async), and because an archive is untrusted input: the decompressed size
// and the number of entries are capped before anything is kept, so a tgz bomb is a load error.
// Paths are checked like Helm's loader (absolute paths and parent references refuse the archive).

import { gunzipSync } from 'node:zlib';

export interface ArchiveEntry {
  name: string;
  data: Buffer;
}

/** Helm's limit on the decompressed size of a chart archive (MaxDecompressedChartSize, 100 MiB). */
export const MAX_DECOMPRESSED_CHART_SIZE = 100 * 1024 * 1024;
/** Entries (headers included) one archive may hold; real charts have tens to hundreds. */
export const MAX_ARCHIVE_ENTRIES = 20_000;

export function gunzip(buffer: Uint8Array): Buffer {
  try {
    return gunzipSync(buffer, { maxOutputLength: MAX_DECOMPRESSED_CHART_SIZE });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new Error(`decompressed chart is larger than the maximum size ${MAX_DECOMPRESSED_CHART_SIZE} bytes`);
    }
    throw e;
  }
}

function readString(buf: Buffer, start: number, length: number): string {
  let end = start;
  const max = start + length;
  while (end < max && buf[end] !== 0) end++;
  return buf.toString('utf8', start, end);
}

function readOctal(buf: Buffer, start: number, length: number): number {
  // GNU base-256 encoding for large sizes
  if (buf[start]! & 0x80) {
    let v = 0;
    for (let i = start + 1; i < start + length; i++) v = v * 256 + buf[i]!;
    return v;
  }
  const s = readString(buf, start, length).trim();
  return s === '' ? 0 : parseInt(s, 8);
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    if (sp < 0) break;
    const len = parseInt(data.toString('utf8', i, sp), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const record = data.toString('utf8', sp + 1, i + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    i += len;
  }
  return out;
}

/** Read the regular files of an uncompressed tar stream. Throws on a truncated or malformed archive. */
export function readTar(tar: Buffer): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  let paxPath: string | undefined;
  let headers = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    if (++headers > MAX_ARCHIVE_ENTRIES) throw new Error(`archive has more than ${MAX_ARCHIVE_ENTRIES} entries`);
    const size = readOctal(header, 124, 12);
    if (!Number.isSafeInteger(size) || size < 0) throw new Error('archive/tar: invalid header');
    const type = String.fromCharCode(header[156] || 0x30);
    const magic = readString(header, 257, 6);
    let name = readString(header, 0, 100);
    if (magic === 'ustar') {
      const prefix = readString(header, 345, 155);
      if (prefix) name = prefix + '/' + name;
    }
    const dataStart = offset + 512;
    if (dataStart + size > tar.length) throw new Error('archive/tar: unexpected EOF');
    const data = tar.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = readString(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      const pax = parsePax(data);
      if (pax.path) paxPath = pax.path;
      continue;
    }
    if (type === 'g') continue;
    const fullName = paxPath ?? longName ?? name;
    paxPath = undefined;
    longName = undefined;
    if (type === '0' || type === '\0' || type === '7') entries.push({ name: fullName, data: Buffer.from(data) });
  }
  return entries;
}

export function readTgz(buffer: Uint8Array): ArchiveEntry[] {
  return readTar(gunzip(buffer));
}
