// In-memory lint services (src/engine/services.ts) for tests, and a guard that fails a test when
// anything in the process touches the real disk or starts a program while it runs.
import fs from 'node:fs';
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import * as nodePath from 'node:path';
import type { FileStat, FileSystemReader } from '../../src/engine/services.js';

/** A read-only file system holding these files (absolute POSIX paths → text or bytes). */
export function memoryFileSystemReader(files: Record<string, string | Uint8Array>): FileSystemReader {
  const data = new Map<string, Uint8Array>();
  const dirs = new Map<string, Set<string>>();
  for (const [path, content] of Object.entries(files)) {
    data.set(path, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    for (let child = path, dir = nodePath.posix.dirname(path); ; child = dir, dir = nodePath.posix.dirname(dir)) {
      if (!dirs.has(dir)) dirs.set(dir, new Set());
      dirs.get(dir)!.add(nodePath.posix.basename(child));
      if (dir === '/' || dir === nodePath.posix.dirname(dir)) break;
    }
  }
  const stat = (path: string): FileStat | undefined => {
    const file = data.get(path);
    if (file) return { isFile: true, isDirectory: false, isSymbolicLink: false, size: file.byteLength, mode: 0o644 };
    if (dirs.has(path)) return { isFile: false, isDirectory: true, isSymbolicLink: false, size: 0, mode: 0o755 };
    return undefined;
  };
  return {
    readFile: (path) => data.get(path),
    readDir: (path) =>
      dirs.has(path)
        ? [...dirs.get(path)!].sort().map((name) => ({ name, isFile: data.has(nodePath.posix.join(path, name)), isDirectory: dirs.has(nodePath.posix.join(path, name)) }))
        : undefined,
    stat,
    lstat: stat,
    realpath: (path) => (stat(path) ? path : undefined),
  };
}

const GUARDED: [object, string[]][] = [
  [fs, Object.keys(fs).filter((k) => typeof (fs as unknown as Record<string, unknown>)[k] === 'function' && /^[a-z]/.test(k) && k !== 'constants')],
  [childProcess, ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']],
];

/**
 * Runs `body` (synchronous: nothing else in the process runs meanwhile) with every node:fs and
 * node:child_process function replaced by one that records its call and throws; returns what
 * `body` returned and the calls (a caught throw still leaves its call recorded).
 */
export function withoutDisk<T>(body: () => T): { result: T; calls: string[] } {
  const calls: string[] = [];
  const saved: [Record<string, unknown>, string, unknown][] = [];
  for (const [module, names] of GUARDED) {
    const target = module as Record<string, unknown>;
    for (const name of names) {
      saved.push([target, name, target[name]]);
      target[name] = (...args: unknown[]) => {
        calls.push(`${name}(${String(args[0])})`);
        throw new Error(`${name} called during a lint that must not touch the disk`);
      };
    }
  }
  // ES module bindings of built-ins (`import { readFileSync } from 'node:fs'`) follow the change
  syncBuiltinESMExports();
  try {
    return { result: body(), calls };
  } finally {
    for (const [target, name, original] of saved) target[name] = original;
    syncBuiltinESMExports();
  }
}
