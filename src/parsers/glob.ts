// Config globs (ignore, environments, waivers.files) come from the scanned tree, so matching them
// must take linear time. picomatch turns a glob into a backtracking RegExp (`*a*a*a*a*a*a*a*ab`
// took minutes on one long file name); here picomatch still parses the glob, and its regular
// expression runs on re2js, an RE2 engine whose matching time is linear in the path length.

import type { PicomatchOptions } from 'picomatch';

// re2js (about 190 KB of code, with class tables built when loaded) is required on first use, so a
// run that matches no pattern does not compile it; scripts/build.mjs ships it as a file of its own.
const re2js = (): typeof import('re2js') => require('re2js') as typeof import('re2js');
const picomatch = (): typeof import('picomatch') => require('picomatch') as typeof import('picomatch');

export const GLOB_MAX_LENGTH = 256;

// picomatch's lookaheads that RE2 cannot run. They only keep `*` and `**` from matching the `.`
// and `..` segments and the empty path, which normalized relative paths never contain (a path
// outside the working directory, `../x`, may now match a leading `**`; config globs are anchored
// at the config folder, so this does not change what they select).
const DOT_SEGMENT_GUARDS = [String.raw`(?!\.{1,2}(?:\/|$))`, String.raw`(?!(?:^|\/)\.{1,2}(?:\/|$))`, String.raw`(?=.)`];

function regexSource(glob: string, options: PicomatchOptions = { dot: true }): string {
  let source = picomatch().makeRe(glob, options).source;
  for (const guard of DOT_SEGMENT_GUARDS) source = source.split(guard).join('');
  return source;
}

/** Why a glob cannot be used (too long, or needing a lookaround RE2 has not), or undefined. */
export function globProblem(glob: string): string | undefined {
  if (glob.length > GLOB_MAX_LENGTH) return `is longer than ${GLOB_MAX_LENGTH} characters`;
  const body = glob.startsWith('!') ? glob.slice(1) : glob;
  let source: string;
  try {
    source = regexSource(body);
  } catch (error) {
    return `is not a valid glob (${(error as Error).message})`;
  }
  if (/\(\?[=!<]/.test(source)) return "uses a negated extglob '!(…)', which cannot be matched in linear time; list it as a negated glob ('!pattern') instead";
  try {
    re2js().RE2JS.compile(source);
  } catch (error) {
    return `is not a valid glob (${(error as Error).message})`;
  }
  return undefined;
}

const compiled = new Map<string, (path: string) => boolean>();

/** One linear-time matcher for several globs (an alternation); empty → matches nothing. */
function anyOf(globs: readonly string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  const key = globs.join('\u0000');
  let match = compiled.get(key);
  if (!match) {
    const re = re2js().RE2JS.compile(globs.map((g) => `(?:${regexSource(g)})`).join('|'));
    match = (path) => re.matches(path);
    // Config globs are few and fixed for a run; the cache only spares recompiling per finding.
    if (compiled.size < 1000) compiled.set(key, match);
  }
  return match;
}

/**
 * One glob, parsed by picomatch with these options, matched on RE2 (linear time), for other
 * patterns from the scanned tree (.dockerignore). Throws if RE2 cannot run it (a lookaround).
 */
export function linearGlob(glob: string, options: PicomatchOptions): (path: string) => boolean {
  const re = re2js().RE2JS.compile(regexSource(glob, options));
  return (path) => re.matches(path);
}

/**
 * A matcher for POSIX relative paths with picomatch's glob syntax (`dot: true`, so `.env*` globs
 * work); a leading `!` negates a glob. Refuses globs that globProblem() names.
 */
export function globMatcher(globs: readonly string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  const yes = anyOf(globs.filter((g) => !g.startsWith('!')));
  const no = anyOf(globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1)));
  return (path) => yes(path) && !no(path);
}
