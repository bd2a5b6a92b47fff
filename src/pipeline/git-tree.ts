// A commit's files written out of git objects into a fresh folder, so the commit can be linted by
// the one pipeline (run.ts) exactly as a checkout would be, without a checkout: no filters, hooks,
// smudge or LFS programs run, and the working tree is never touched.
//
// The commit id comes from an event payload, so it must be a full hex object id, and every git
// command that takes a revision gets `--end-of-options`. Names are read NUL-separated (`ls-tree
// -z`) and blobs are asked for by object id, so a name holding a newline cannot desync the batch.
// Names come from a tree object anyone can craft: a name with an empty, `.`, `..` or `.git` part
// is left out, every file is created exclusively (a duplicate name cannot overwrite), and links
// are made last, pointing nowhere (discovery never follows them; what they named is not read).

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MAX_FILE_SIZE } from '../discovery/index.js';

/** A full SHA-1 or SHA-256 object id, as GitHub sends in events. */
export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(value);
}

/** Where a written-out link points: a name that exists nowhere, so following it reads nothing. */
const LINK_TARGET = 'readiness-lint-link-not-followed';
const BATCH_BYTES = 64 * 1024 * 1024;

export interface CommitTree {
  dir: string;
  remove: () => void;
}

function safeName(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\')) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..' && part.toLowerCase() !== '.git');
}

/**
 * Write the commit's tree into a temporary folder. Files over `maxFileSize` become sparse files of
 * their size (discovery skips them by size, as it would in a checkout, without their bytes being
 * read). Undefined when the commit is not in the clone (actions/checkout fetched too little).
 */
export function writeCommitTree(workspace: string, sha: string, maxFileSize = DEFAULT_MAX_FILE_SIZE, batchBytes = BATCH_BYTES): CommitTree | undefined {
  if (!isObjectId(sha)) return undefined;
  const git = (args: string[], input?: string) =>
    execFileSync('git', ['-C', workspace, ...args], { input, maxBuffer: Math.max(batchBytes, maxFileSize) + 64 * 1024 * 1024, stdio: ['pipe', 'pipe', 'ignore'] });
  let listing: string;
  try {
    listing = git(['ls-tree', '-r', '-z', '--long', '--full-tree', '--end-of-options', `${sha}^{commit}`]).toString('utf8');
  } catch {
    return undefined;
  }
  const blobs: { path: string; id: string; size: number }[] = [];
  const links: string[] = [];
  const folders: string[] = [];
  for (const entry of listing.split('\0')) {
    const m = /^(\d+) (blob|commit|tree) ([0-9a-f]+) +(\d+|-)\t(.*)$/s.exec(entry);
    if (!m || !safeName(m[5]!)) continue;
    const [, mode, type, id, size, path] = m as unknown as [string, string, string, string, string, string];
    if (type === 'commit')
      folders.push(path); // a submodule: an empty folder, as in a checkout
    else if (type === 'blob' && mode === '120000') links.push(path);
    else if (type === 'blob') blobs.push({ path, id, size: Number(size) });
  }

  const dir = mkdtempSync(join(tmpdir(), 'rl-base-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const create = (path: string, write: (target: string) => void) => {
      const target = join(dir, path);
      try {
        mkdirSync(join(target, '..'), { recursive: true });
        write(target);
      } catch {
        // a name clash from a crafted tree (a file where a folder is, a duplicate): left out
      }
    };
    const small = blobs.filter((b) => b.size <= maxFileSize);
    const large = blobs.filter((b) => b.size > maxFileSize);
    // Asked for in batches of about `batchBytes` (one blob at least), so a large tree never sits in memory at once.
    for (let first = 0; first < small.length;) {
      let last = first;
      let bytes = 0;
      while (last < small.length && (last === first || bytes + small[last]!.size <= batchBytes)) bytes += small[last++]!.size;
      const batch = small.slice(first, last);
      first = last;
      const out = git(['cat-file', '--batch'], batch.map((b) => b.id).join('\n') + '\n');
      let offset = 0;
      for (const { path, id } of batch) {
        const headerEnd = out.indexOf(0x0a, offset);
        if (headerEnd < 0) throw new Error('git cat-file answered too little');
        // `<id> blob <size>` then the body and a newline; `<id> missing` alone when absent
        const [answeredId, type, sizeText] = out.subarray(offset, headerEnd).toString('utf8').split(' ');
        if (answeredId !== id) throw new Error('git cat-file answered out of step');
        if (type !== 'blob') {
          offset = headerEnd + 1;
          continue;
        }
        const size = Number(sizeText);
        const body = out.subarray(headerEnd + 1, headerEnd + 1 + size);
        offset = headerEnd + 1 + size + 1;
        create(path, (target) => writeFileSync(target, body, { flag: 'wx', mode: 0o644 }));
      }
    }
    for (const { path, size } of large) {
      create(path, (target) => {
        writeFileSync(target, '', { flag: 'wx', mode: 0o644 });
        truncateSync(target, size);
      });
    }
    for (const path of folders) create(path, (target) => mkdirSync(target));
    for (const path of links) create(path, (target) => symlinkSync(LINK_TARGET, target));
    return { dir, remove };
  } catch {
    remove();
    return undefined; // no base rather than a wrong one
  }
}
