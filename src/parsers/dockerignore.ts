// .dockerignore semantics (as Docker / BuildKit apply them): one pattern a line, `#` comments,
// leading `/` and `./` dropped, paths cleaned, `*`/`?`/`[...]` within one path segment, `**` across
// segments, `!` re-includes; the LAST matching pattern decides; a pattern that matches a folder
// excludes everything under it. Unlike .gitignore, a pattern without a slash matches at the
// context root only (`*.env` does not match `config/app.env`; write `**/*.env`).
// `<Dockerfile>.dockerignore` next to the Dockerfile takes precedence over `<context>/.dockerignore`.
// The patterns come from the scanned tree: picomatch parses them, RE2 matches them (linear time;
// picomatch's own RegExp took minutes for `*a*a*a*a*a*a*a*a*a*ab` on a 50-character name).

import { posix } from 'node:path';
import { linearGlob } from './glob.js';
import type { SourceFile } from '../model/types.js';
import type { Project } from '../model/project.js';
import { trimTrailingSlashes } from './linear-regex.js';

interface DockerignoreRule {
  pattern: string;
  negated: boolean;
  match: (path: string) => boolean;
}

export function parseDockerignore(text: string): DockerignoreRule[] {
  const rules: DockerignoreRule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    let negated = false;
    if (line.startsWith('!')) {
      negated = true;
      line = line.slice(1).trim();
    }
    let pattern = posix.normalize(line.replace(/\\/g, '/'));
    pattern = trimTrailingSlashes(pattern.replace(/^\/+/, '').replace(/^(\.\/)+/, ''));
    if (pattern === '' || pattern === '.') pattern = '**';
    rules.push({ pattern, negated, match: lazyMatcher(pattern) });
  }
  return rules;
}

/**
 * Compiled on first use: a build context's .dockerignore is asked about its sensitive files only,
 * usually none, and compiling a pattern costs more than reading the file.
 */
function lazyMatcher(pattern: string): (path: string) => boolean {
  let match: ((path: string) => boolean) | undefined;
  return (path) => (match ??= patternMatcher(pattern))(path);
}

function patternMatcher(pattern: string): (path: string) => boolean {
  try {
    // nonegate: only the line's first `!` negates, as in Docker; a second one is a literal.
    return linearGlob(pattern, { dot: true, noextglob: true, nobrace: true, nonegate: true });
  } catch {
    return () => false; // a pattern Docker would refuse as a syntax error excludes nothing
  }
}

/** Is the path (relative to the context, POSIX) excluded from the build context? */
export function isDockerignored(rules: readonly DockerignoreRule[], path: string): boolean {
  const rel = path.replace(/^\.\//, '');
  const parts = rel.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let excluded = false;
  for (const rule of rules) {
    if (candidates.some((c) => rule.match(c))) excluded = !rule.negated;
  }
  return excluded;
}

function strip(p: string): string {
  const n = posix.normalize(p).replace(/^\.\//, '');
  return n === '.' ? '' : n.replace(/\/$/, '');
}

/** The ignore file that applies to a build: `<dockerfile>.dockerignore`, else `<context>/.dockerignore`. */
export function dockerignoreFor(project: Project, context: string, dockerfilePath: string): SourceFile | undefined {
  const specific = project.file(`${strip(dockerfilePath)}.dockerignore`);
  if (specific) return specific;
  const ctx = strip(context);
  return project.file(ctx ? `${ctx}/.dockerignore` : '.dockerignore');
}

/** Files of the project inside a build context, with their path relative to it. */
export function filesInContext(project: Project, context: string): { file: SourceFile; rel: string }[] {
  const ctx = strip(context);
  return project.filesUnder(ctx).map((file) => ({ file, rel: ctx ? file.path.slice(ctx.length + 1) : file.path }));
}
