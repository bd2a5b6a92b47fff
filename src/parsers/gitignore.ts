// .gitignore semantics (gitignore(5), git's wildmatch): comments, `\` escapes, trailing blanks
// dropped unless escaped, `!` negation, anchored (a slash at the start or in the middle) and
// unanchored patterns (matched against the name at any depth), `*`, `?`, `[...]` (with `!`/`^`
// negation and [:classes:]), `**/`, `/**/` and `/**`, and directory patterns (`dir/`). Within a
// folder the last matching line decides, deeper .gitignore files override outer ones, and nothing
// inside an ignored folder can be re-included.
//
// The patterns come from the scanned tree, so they are matched on re2js (RE2, linear in the path
// length): as backtracking RegExps, `*a*a*a*a*a*a*a*a*a*ab` took minutes on a 50-character name.
// Discovery walks with these rules; isGitignored() answers "is this file committed?" for rules.

import { posix } from 'node:path';
import type { RE2JS } from 're2js';
import { memo, type Project } from '../model/project.js';

// re2js (about 190 KB of code, with class tables built when loaded) is required on first use, so a
// run that matches no pattern does not compile it; scripts/build.mjs ships it as a file of its own.
const re2js = (): typeof import('re2js') => require('re2js') as typeof import('re2js');

interface GitignorePattern {
  negate: boolean;
  dirOnly: boolean;
  /** Does the pattern match this path (relative to the .gitignore's folder, no trailing slash)? */
  matches: (path: string) => boolean;
}

/** No path is longer (PATH_MAX); a longer line costs matching time for nothing. */
const GITIGNORE_LINE_MAX_LENGTH = 4096;

const REGEX_SPECIAL = /[\\^$.|?*+()[\]{}-]/g;
const quote = (text: string) => text.replace(REGEX_SPECIAL, '\\$&');
const POSIX_CLASS = /^\[:(alnum|alpha|blank|cntrl|digit|graph|lower|print|punct|space|upper|xdigit):\]/;

/** A bracket expression starting at glob[open] as an RE2 class, or undefined if it never closes. */
function bracket(glob: string, open: number): { source: string; end: number } | undefined {
  let i = open + 1;
  let negated = false;
  if (glob[i] === '!' || glob[i] === '^') {
    negated = true;
    i++;
  }
  let body = '';
  for (let first = true; i < glob.length; first = false) {
    const ch = glob[i]!;
    if (ch === ']' && !first) return { source: negated ? `[^/${body}]` : `[${body}]`, end: i };
    const posixClass = ch === '[' ? POSIX_CLASS.exec(glob.slice(i, i + 12)) : null;
    if (posixClass) {
      body += posixClass[0];
      i += posixClass[0].length;
    } else if (ch === '\\' && i + 1 < glob.length) {
      body += quote(glob[i + 1]!);
      i += 2;
    } else if (ch === '-' && !first && glob[i + 1] !== ']') {
      body += '-';
      i++;
    } else {
      body += quote(ch);
      i++;
    }
  }
  return undefined;
}

/** RE2 source for a gitignore glob (leading slash and trailing slash already removed). */
function globSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      let end = i;
      while (glob[end + 1] === '*') end++;
      const globstar = end > i && (i === 0 || glob[i - 1] === '/') && (end + 1 === glob.length || glob[end + 1] === '/');
      if (globstar && end + 1 === glob.length) out += '.*';
      else if (globstar) {
        out += '(?:.*/)?';
        end++; // the slash is part of `**/`
      } else out += '[^/]*';
      i = end;
    } else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      const klass = bracket(glob, i);
      if (klass) {
        out += klass.source;
        i = klass.end;
      } else out += '\\[';
    } else if (ch === '\\') {
      if (i + 1 < glob.length) out += quote(glob[++i]!);
      // a trailing lone backslash matches nothing in git
      else return '[^\\s\\S]';
    } else out += quote(ch);
  }
  return out;
}

/** The line without trailing blanks, except one escaped with a backslash (a plain loop: `\s+$` is quadratic). */
function trimTrailingBlanks(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  if (end < line.length && end > 0 && line[end - 1] === '\\') {
    // `\ ` keeps that one blank; count the backslashes before it: an even run escapes nothing
    let slashes = 0;
    for (let j = end - 1; j >= 0 && line[j] === '\\'; j--) slashes++;
    if (slashes % 2 === 1) end++;
  }
  return line.slice(0, end);
}

export function parseGitignore(text: string): GitignorePattern[] {
  const out: GitignorePattern[] = [];
  for (const rawLine of text.split('\n')) {
    let line = trimTrailingBlanks(rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine);
    if (!line || line.startsWith('#') || line.length > GITIGNORE_LINE_MAX_LENGTH) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    }
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.includes('/');
    line = line.replace(/^\//, '');
    if (!line) continue;
    let re: RE2JS;
    try {
      re = re2js().RE2JS.compile(`${anchored ? '' : '(?:.*/)?'}${globSource(line)}`);
    } catch {
      continue; // a line git could not use either
    }
    out.push({ negate, dirOnly, matches: (path) => re.matches(path) });
  }
  return out;
}

/**
 * Ignored (true), re-included (false) or not named (undefined) by one .gitignore's patterns,
 * for a path relative to its folder; the last matching line decides.
 */
function gitignoreVerdict(patterns: readonly GitignorePattern[], path: string, isDir: boolean): boolean | undefined {
  for (let i = patterns.length - 1; i >= 0; i--) {
    const p = patterns[i]!;
    if (p.dirOnly && !isDir) continue;
    if (p.matches(path)) return !p.negate;
  }
  return undefined;
}

/** One .gitignore's patterns and the folder (POSIX, relative, '' for the root) it governs. */
export interface GitignoreFile {
  dir: string;
  patterns: readonly GitignorePattern[];
}

/**
 * Is the path ignored by these .gitignore files (outer first)? Only the path itself is judged:
 * callers check its folders first (a walk prunes ignored folders, isGitignored checks each).
 */
export function ignoredBy(files: readonly GitignoreFile[], path: string, isDir: boolean): boolean {
  for (let i = files.length - 1; i >= 0; i--) {
    const { dir, patterns } = files[i]!;
    if (dir !== '' && !path.startsWith(`${dir}/`)) continue;
    const verdict = gitignoreVerdict(patterns, dir === '' ? path : path.slice(dir.length + 1), isDir);
    if (verdict !== undefined) return verdict;
  }
  return false;
}

const parsedOf = new WeakMap<object, GitignorePattern[]>();

/** Is the file (POSIX path relative to the run) ignored by a .gitignore of the project? */
export function isGitignored(project: Project, filePath: string): boolean {
  // The project's .gitignore files, found among all its files once per project (asked per file).
  const files = memo(project, 'gitignore.files', () => gitignoreFilesOf(project));
  if (files.length === 0) return false;
  // Nothing inside an ignored folder can be re-included.
  const parts = filePath.split('/');
  for (let i = 1; i < parts.length; i++) if (ignoredBy(files, parts.slice(0, i).join('/'), true)) return true;
  return ignoredBy(files, filePath, false);
}

function gitignoreFilesOf(project: Project): GitignoreFile[] {
  return (
    project.files
      .filter((f) => f.kind === 'gitignore' || posix.basename(f.path) === '.gitignore')
      .map((f) => {
        let patterns = parsedOf.get(f);
        if (!patterns) parsedOf.set(f, (patterns = parseGitignore(f.text)));
        const dir = posix.dirname(f.path);
        return { dir: dir === '.' ? '' : dir, patterns };
      })
      // Outer .gitignore files first, so deeper ones win.
      .sort((a, b) => (a.dir === '' ? 0 : a.dir.split('/').length) - (b.dir === '' ? 0 : b.dir.split('/').length))
  );
}
