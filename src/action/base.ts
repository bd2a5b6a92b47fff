// The score of the PR's base commit, linted from git objects (no checkout, no network): the
// files are read with `git cat-file --batch` and go through the same pure lint core.
// The base SHA comes from the event payload, so it is checked to be a full object id before it
// reaches git, and every git command that takes a revision gets `--end-of-options` after its
// options: a forged `--output=...` can never be read as an option. Names are read NUL-separated
// and blobs are asked for by object id, so a file name holding a newline cannot desync the batch.

import { execFileSync } from 'node:child_process';
import type { Config } from '../config/index.js';
import { lint } from '../engine/lint.js';
import type { Report } from '../report/types.js';
import { PRIVATE_KEY_SNIFF_CHARS, privateKeyNameKind } from '../discovery/classify.js';

// Names that can hold one of our artifacts (templates included); everything else is never read.
const CANDIDATE = /(\.ya?ml|\.json|\.tpl|\.env|\.txt)$|(^|\/)(Dockerfile[^/]*|[^/]*\.[Dd]ockerfile|\.env[^/]*|\.dockerignore|\.gitignore|\.helmignore)$/;
const isKeyName = (path: string) => privateKeyNameKind(path.slice(path.lastIndexOf('/') + 1)) !== undefined;
const MAX_BLOB = 5 * 1024 * 1024;

/** A full SHA-1 or SHA-256 object id, as GitHub sends in events. */
export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(value);
}

export function lintCommit(workspace: string, sha: string, config: Config, env?: Exclude<Report['environment'], 'unknown'>): Report | undefined {
  if (!isObjectId(sha)) return undefined;
  const git = (args: string[], input?: string) =>
    execFileSync('git', ['-C', workspace, ...args], { input, maxBuffer: 512 * 1024 * 1024, stdio: ['pipe', 'pipe', 'ignore'] });
  let listing: string;
  try {
    listing = git(['ls-tree', '-r', '-z', '--long', '--end-of-options', sha]).toString('utf8');
  } catch {
    return undefined; // base commit not fetched (actions/checkout fetch-depth: 1)
  }
  const blobs: { path: string; id: string }[] = [];
  for (const entry of listing.split('\0')) {
    const m = /^\d+ blob ([0-9a-f]+)\s+(\d+)\t(.*)$/s.exec(entry);
    if (!m || Number(m[2]) > MAX_BLOB || !(CANDIDATE.test(m[3]!) || isKeyName(m[3]!))) continue;
    if (m[3]!.split('/').some((s) => s === 'node_modules' || s === '.git')) continue;
    blobs.push({ id: m[1]!, path: m[3]! });
  }
  if (blobs.length === 0) return lint({ files: [], config, env }).report;
  const out = git(['cat-file', '--batch'], blobs.map((b) => b.id).join('\n') + '\n');
  const files: { path: string; text: string }[] = [];
  let offset = 0;
  for (const { path, id } of blobs) {
    const headerEnd = out.indexOf(0x0a, offset);
    if (headerEnd < 0) break;
    // `<id> blob <size>` then the body and a newline; `<id> missing` alone when absent
    const [answeredId, type, sizeText] = out.subarray(offset, headerEnd).toString('utf8').split(' ');
    if (answeredId !== id) return undefined; // out of step: no score rather than a wrong one
    if (type !== 'blob') {
      offset = headerEnd + 1;
      continue;
    }
    const size = Number(sizeText);
    const body = out.subarray(headerEnd + 1, headerEnd + 1 + size);
    offset = headerEnd + 1 + size + 1;
    // Private keys, as discovery sees them: their first bytes only (binary ones are known by name).
    if (isKeyName(path)) {
      files.push({ path, text: body.subarray(0, PRIVATE_KEY_SNIFF_CHARS).toString('latin1') });
      continue;
    }
    if (body.includes(0)) continue;
    files.push({ path, text: body.toString('utf8').replace(/^\uFEFF/, '') });
  }
  return lint({ files, config, env }).report;
}

export function gitChangedFiles(workspace: string, baseSha: string): string[] | undefined {
  if (!isObjectId(baseSha)) return undefined;
  try {
    return execFileSync('git', ['-C', workspace, 'diff', '--name-only', '-z', '--diff-filter=ACMR', '--end-of-options', `${baseSha}...HEAD`], { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 })
      .toString('utf8')
      .split('\0')
      .filter(Boolean)
      .sort();
  } catch {
    return undefined;
  }
}
