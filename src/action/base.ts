// The score of the PR's base commit, linted from git objects (no checkout, no network): the
// files are read with `git cat-file --batch` and go through the same pure lint core.

import { execFileSync } from 'node:child_process';
import type { Config } from '../config/index.js';
import { lint } from '../engine/lint.js';
import type { Report } from '../report/types.js';
import { PRIVATE_KEY_SNIFF_CHARS, privateKeyNameKind } from '../discovery/classify.js';

// Names that can hold one of our artifacts (templates included); everything else is never read.
const CANDIDATE = /(\.ya?ml|\.json|\.tpl|\.env|\.txt)$|(^|\/)(Dockerfile[^/]*|[^/]*\.[Dd]ockerfile|\.env[^/]*|\.dockerignore|\.gitignore|\.helmignore)$/;
const isKeyName = (path: string) => privateKeyNameKind(path.slice(path.lastIndexOf('/') + 1)) !== undefined;
const MAX_BLOB = 5 * 1024 * 1024;

export function lintCommit(workspace: string, sha: string, config: Config, env?: Exclude<Report['environment'], 'unknown'>): Report | undefined {
  if (!/^[0-9a-f]{7,64}$/i.test(sha)) return undefined;
  const git = (args: string[], input?: string) =>
    execFileSync('git', ['-C', workspace, ...args], { input, maxBuffer: 512 * 1024 * 1024, stdio: ['pipe', 'pipe', 'ignore'] });
  let listing: string;
  try {
    listing = git(['ls-tree', '-r', '-z', '--long', sha]).toString('utf8');
  } catch {
    return undefined; // base commit not fetched (actions/checkout fetch-depth: 1)
  }
  const paths: string[] = [];
  for (const entry of listing.split('\0')) {
    const m = /^\d+ blob [0-9a-f]+\s+(\d+)\t(.*)$/s.exec(entry);
    if (!m || Number(m[1]) > MAX_BLOB || !(CANDIDATE.test(m[2]!) || isKeyName(m[2]!))) continue;
    if (m[2]!.split('/').some((s) => s === 'node_modules' || s === '.git')) continue;
    paths.push(m[2]!);
  }
  if (paths.length === 0) return lint({ files: [], config, env }).report;
  const out = git(['cat-file', '--batch'], paths.map((p) => `${sha}:${p}`).join('\n') + '\n');
  const files: { path: string; text: string }[] = [];
  let offset = 0;
  for (const path of paths) {
    const headerEnd = out.indexOf(0x0a, offset);
    const header = out.subarray(offset, headerEnd).toString('utf8');
    const size = Number(header.split(' ')[2]);
    const body = out.subarray(headerEnd + 1, headerEnd + 1 + size);
    offset = headerEnd + 1 + size + 1;
    if (!Number.isFinite(size)) continue;
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
  try {
    return execFileSync('git', ['-C', workspace, 'diff', '--name-only', '--diff-filter=ACMR', `${baseSha}...HEAD`], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .sort();
  } catch {
    return undefined;
  }
}
