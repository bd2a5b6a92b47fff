// Output files (--output-file): whole, safe, where asked.
// - A regular file (or a new one) is written whole or not at all: a temporary file in the same
//   folder, then a rename. An existing file keeps its mode (and, run as root, its owner).
// - Anything else that exists (a device such as /dev/null, a FIFO, a symbolic link such as
//   /dev/stdout) is written in place, through its own open: a rename would replace the node, and
//   `-o /dev/null` run as root would leave a regular file where every process expects the device.
// - Missing parent folders are created; a folder (or a path ending in '/') is an error.
// - SIGINT, SIGTERM or SIGHUP during a write remove the temporary file before the process ends.
// - Errors name the path the user gave, never the temporary file.
// - A report is given as one string or as chunks (reports may be larger than V8's longest string):
//   chunks are written as they come, in batches of about a megabyte, and the rename comes after
//   the last one, so a formatter failing half-way leaves the target as it was.

import { closeSync, fchmodSync, fchownSync, fsync, fsyncSync, lstatSync, mkdirSync, openSync, rename, renameSync, rmSync, write, writeSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { batched, toChunks, type FormatOutput } from '../formatters/stream.js';

const writeChunk = promisify(write);
const fsyncAsync = promisify(fsync);
const renameAsync = promisify(rename);

/** Chunks small enough that a signal is handled between them. */
const CHUNK_BYTES = 1024 * 1024;

/** A report cannot be written where asked; `message` names the user's path. Exit code 2. */
export class OutputFileError extends Error {
  readonly code: string | undefined;
  constructor(
    readonly userPath: string,
    detail: string,
    code?: string,
  ) {
    super(`cannot write '${userPath}': ${detail}`);
    this.name = 'OutputFileError';
    this.code = code;
  }
}

/**
 * `-o /dev/stdout` (or /dev/stderr, /dev/fd/1, /proc/self/fd/2 …) means the process's own stream.
 * Written through the stream itself: reopening the path fails when the stream is a socket (ENXIO),
 * and would interleave badly with the other formats printed there.
 */
export function standardStreamOf(userPath: string): 'stdout' | 'stderr' | undefined {
  const m = /^\/(?:dev\/(stdout|stderr)|dev\/fd\/([12])|proc\/self\/fd\/([12]))$/.exec(userPath);
  if (!m) return undefined;
  if (m[1]) return m[1] as 'stdout' | 'stderr';
  return (m[2] ?? m[3]) === '1' ? 'stdout' : 'stderr';
}

/** Checks that fail before any linting: a folder, or a path naming one, is never a report file. */
export function checkOutputTarget(userPath: string, cwd: string): void {
  if (userPath.endsWith('/') || userPath.endsWith(sep)) throw new OutputFileError(userPath, 'the path ends with a slash; give a file name');
  const stats = lstatOrUndefined(resolve(cwd, userPath), userPath);
  if (stats?.isDirectory()) throw new OutputFileError(userPath, 'it is a folder; give a file name');
}

export async function writeOutputFile(userPath: string, cwd: string, text: FormatOutput): Promise<void> {
  checkOutputTarget(userPath, cwd);
  const target = resolve(cwd, userPath);
  const existing = lstatOrUndefined(target, userPath);
  if (existing && !existing.isFile()) return writeInPlace(userPath, target, text);
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (error) {
    throw wrap(userPath, error);
  }
  return writeAtomically(userPath, target, text, existing);
}

/**
 * The same guarantees, synchronously, for callers that cannot await (the Action writes its SARIF
 * file this way); without the signal handling, which needs the event loop to turn.
 */
export function writeFileAtomic(path: string, text: FormatOutput): void {
  checkOutputTarget(path, process.cwd());
  const target = resolve(path);
  const existing = lstatOrUndefined(target, path);
  try {
    if (existing && !existing.isFile()) {
      const fd = openSync(target, 'w');
      try {
        writeAllSync(fd, text);
      } finally {
        closeSync(fd);
      }
      return;
    }
    mkdirSync(dirname(target), { recursive: true });
  } catch (error) {
    throw wrap(path, error);
  }
  const temp = tempPathFor(target);
  let fd: number | undefined;
  try {
    fd = openTemp(temp, existing);
    writeAllSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, target);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw wrap(path, error);
  }
}

function writeAllSync(fd: number, text: FormatOutput): void {
  for (const batch of batched(toChunks(text), CHUNK_BYTES)) {
    const bytes = Buffer.from(batch, 'utf8');
    for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  }
}

/** Every chunk, in batches small enough that a signal is handled between them. */
async function writeAll(fd: number, text: FormatOutput): Promise<void> {
  for (const batch of batched(toChunks(text), CHUNK_BYTES)) {
    const bytes = Buffer.from(batch, 'utf8');
    for (let offset = 0; offset < bytes.length;) {
      offset += (await writeChunk(fd, bytes, offset, Math.min(CHUNK_BYTES, bytes.length - offset))).bytesWritten;
    }
  }
}

/** Devices, FIFOs and links are opened and written like `echo > path` would: the node stays. */
async function writeInPlace(userPath: string, target: string, text: FormatOutput): Promise<void> {
  let handle;
  try {
    handle = await open(target, 'w');
    await writeAll(handle.fd, text);
  } catch (error) {
    throw wrap(userPath, error);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

async function writeAtomically(userPath: string, target: string, text: FormatOutput, existing: Stats | undefined): Promise<void> {
  const temp = tempPathFor(target);
  let fd: number | undefined;
  trackTemp(temp);
  try {
    fd = openTemp(temp, existing);
    await writeAll(fd, text);
    await fsyncAsync(fd);
    closeSync(fd);
    fd = undefined;
    await renameAsync(temp, target);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw wrap(userPath, error);
  } finally {
    untrackTemp(temp);
  }
}

function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
}

/** A new temporary file with the existing file's mode (and owner, run as root). */
function openTemp(temp: string, existing: Stats | undefined): number {
  const mode = existing ? existing.mode & 0o7777 : 0o644;
  const fd = openSync(temp, 'wx', mode);
  try {
    if (existing) {
      fchmodSync(fd, mode); // the umask narrowed openSync's mode
      if (process.getuid?.() === 0 && (existing.uid !== 0 || existing.gid !== 0)) fchownSync(fd, existing.uid, existing.gid);
    }
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

function lstatOrUndefined(path: string, userPath: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch (error) {
    throw wrap(userPath, error); // ENOTDIR: a parent is a file, EACCES …
  }
}

/** An fs error as the user's path: Node's message names the path it used (the temporary file). */
function wrap(userPath: string, error: unknown): OutputFileError {
  if (error instanceof OutputFileError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const what = (error as Error).message.split(',')[0]!.replace(/^[A-Z]+: /, '');
  return new OutputFileError(userPath, code ? `${code} (${what})` : what, code);
}

// Temporary files alive right now, removed when a signal ends the run in the middle of a write.
// The handlers exist only while a write is in progress: outside it, Ctrl-C keeps its default
// (immediate) effect on a long synchronous lint.
const liveTemps = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function removeLiveTemps(): void {
  for (const temp of liveTemps) rmSync(temp, { force: true });
  liveTemps.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeLiveTemps();
  uninstall();
  process.kill(process.pid, signal); // end as the signal would have, now that nothing is left behind
}

function install(): void {
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', removeLiveTemps);
}

function uninstall(): void {
  for (const signal of SIGNALS) process.off(signal, onSignal);
  process.off('exit', removeLiveTemps);
}

function trackTemp(temp: string): void {
  if (liveTemps.size === 0) install();
  liveTemps.add(temp);
}

function untrackTemp(temp: string): void {
  if (!liveTemps.delete(temp)) return;
  if (liveTemps.size === 0) uninstall();
}
