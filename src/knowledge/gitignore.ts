// Minimal .gitignore semantics for "is this file committed?" questions (rules judging committed
// secrets). Supports comments, negation, anchored and unanchored patterns, `*`, `**`, `?`,
// character classes and directory patterns. Discovery honours .gitignore for walking; this is
// for rules given files directly (tests, lint() callers).

import { posix } from 'node:path';
import type { Project } from '../model/project.js';

interface Pattern {
  negate: boolean;
  dirOnly: boolean;
  re: RegExp;
}

function globToRegex(glob: string): string {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (ch === '\\' && i + 1 < glob.length) {
      re += glob[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else re += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return re;
}

export function parseGitignore(text: string): Pattern[] {
  const out: Pattern[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.replace(/(?<!\\)\s+$/, '');
    if (!line || line.startsWith('#')) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    }
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.includes('/');
    line = line.replace(/^\//, '');
    const body = globToRegex(line);
    const re = new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}${'(?:/.*)?'}$`);
    out.push({ negate, dirOnly, re });
  }
  return out;
}

/** Is the file (POSIX path relative to the run) ignored by a .gitignore of the project? */
export function isGitignored(project: Project, filePath: string): boolean {
  const ignores = project.files.filter((f) => f.kind === 'gitignore' || posix.basename(f.path) === '.gitignore');
  // Outer .gitignore files first, so deeper ones (and later lines) win.
  ignores.sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  let ignored = false;
  for (const gi of ignores) {
    const dir = posix.dirname(gi.path);
    const prefix = dir === '.' ? '' : `${dir}/`;
    if (!filePath.startsWith(prefix)) continue;
    const rel = filePath.slice(prefix.length);
    for (const p of parseGitignore(gi.text)) {
      // dirOnly patterns match through the trailing (?:/.*)? on a parent folder only.
      const hit = p.dirOnly ? dirMatch(p.re, rel) : p.re.test(rel);
      if (hit) ignored = !p.negate;
    }
  }
  return ignored;
}

function dirMatch(re: RegExp, rel: string): boolean {
  const parts = rel.split('/');
  for (let i = 1; i < parts.length; i++) if (re.test(parts.slice(0, i).join('/'))) return true;
  return false;
}
