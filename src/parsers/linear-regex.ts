// Text from the scanned tree (file contents, values, names) can be megabytes on one line. A
// backtracking RegExp that overlaps two unbounded runs (`\s+([^;]*);`, `^\s*-?\s*`) is quadratic
// or worse there: 100 KB took 10 s to minutes. Such patterns run on re2js (RE2, linear time);
// the literal stays a RegExp in the source so it reads as before. Only RE2 syntax: no lookaround,
// no backreferences; `\s`, `\w` and `\b` are ASCII, as JavaScript's are without the `u` flag
// (`\s` loses the Unicode spaces, which no pattern here relies on).

import type { RE2JS } from 're2js';

// re2js (about 190 KB of code, with class tables built when loaded) is required on first use, so a
// run that matches no pattern does not compile it; scripts/build.mjs ships it as a file of its own.
const re2js = (): typeof import('re2js') => require('re2js') as typeof import('re2js');

export interface LinearRegExp {
  test(text: string): boolean;
  /** The whole match and its groups (undefined for a group that took no part), or null. */
  exec(text: string): (string | undefined)[] | null;
}

/**
 * Compiled on first use: patterns are module constants, and compiling RE2 programs (with its
 * Unicode tables on the first one) took 45 ms of every start-up, most runs using none of them.
 * `required`: a literal every match contains (case-sensitive patterns only); a text without it is
 * answered without RE2, so runs whose texts never hold it do not load re2js at all.
 */
export function linearRegExp(re: RegExp, required?: string): LinearRegExp {
  let compiled: RE2JS | undefined;
  const program = (): RE2JS => {
    if (!compiled) {
      const { RE2JS } = re2js();
      const flags = (re.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) | (re.multiline ? RE2JS.MULTILINE : 0) | (re.dotAll ? RE2JS.DOTALL : 0);
      compiled = RE2JS.compile(re.source, flags);
    }
    return compiled;
  };
  const absent = (text: string): boolean => required !== undefined && !text.includes(required);
  return {
    test: (text) => !absent(text) && program().test(text),
    exec: (text) => {
      if (absent(text)) return null;
      const m = program().matcher(text);
      if (!m.find()) return null;
      return Array.from({ length: m.groupCount() + 1 }, (_, i) => m.group(i) ?? undefined);
    },
  };
}

/** The text without any of `chars` at its start and end (a loop: `^[…]+|[…]+$` is quadratic). */
export function trimChars(text: string, chars: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && chars.includes(text[start]!)) start++;
  while (end > start && chars.includes(text[end - 1]!)) end--;
  return text.slice(start, end);
}

/** The text without trailing `/` (a loop: `/\/+$/` is quadratic on a run of slashes). */
export function trimTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '/') end--;
  return text.slice(0, end);
}
