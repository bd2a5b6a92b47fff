// Small helpers for reading plain YAML/JSON data safely. Shared by the knowledge modules and rules.

import type { DocPath } from '../../model/types.js';

export type Dict = Record<string, unknown>;

export function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asDict(value: unknown): Dict | undefined {
  return isDict(value) ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Scalars as text (numbers and booleans too, as YAML authors think of them); undefined otherwise. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

/** Read a nested value by path; undefined when any step is missing. */
export function getPath(root: unknown, path: DocPath): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg];
    } else {
      if (!isDict(cur)) return undefined;
      cur = cur[seg];
    }
  }
  return cur;
}

/** YAML-ish truthiness of a configuration value: true, "true", "yes", "on", "1". */
export function isTruthy(value: unknown): boolean {
  if (value === true) return true;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return /^(true|yes|on|1|y)$/i.test(value.trim());
  return false;
}

/** YAML-ish falsiness of a configuration value: false, "false", "no", "off", "0". */
export function isFalsy(value: unknown): boolean {
  if (value === false) return true;
  if (typeof value === 'number') return value === 0;
  if (typeof value === 'string') return /^(false|no|off|0|n)$/i.test(value.trim());
  return false;
}

/**
 * `judge` memoised by its string argument, for questions asked of every key or value of every
 * document: the strings repeat. The cache outlives the run, so it is emptied at `kept` entries
 * (50,000 unless told). An undefined answer is remembered too.
 */
export function memoByString<T>(judge: (text: string) => T, kept = 50_000): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let answer = cache.get(text);
    if (answer === undefined && !cache.has(text)) {
      answer = judge(text);
      if (cache.size >= kept) cache.clear();
      cache.set(text, answer);
    }
    return answer as T;
  };
}

/** Split an identifier into upper-case words: `corsAllowedOrigins` / `CORS_ALLOWED-ORIGINS` → CORS ALLOWED ORIGINS. */
export const identifierWords: (name: string) => readonly string[] = memoByString((name) => Object.freeze(splitIdentifier(name)));

/**
 * One pass over the name (the regex pair it replaces, `([A-Z]+)([A-Z][a-z])`, backtracked over a
 * run of capitals: quadratic, a 400 KB key hung). A word ends at a non-alphanumeric character,
 * before a capital that follows a lower-case letter or a digit (`jwtSecret`, `s3Bucket`), and
 * before the last capital of a run when a lower-case letter follows it (`HTTPServer` → HTTP, SERVER).
 */
function splitIdentifier(name: string): string[] {
  const words: string[] = [];
  let start = -1;
  const kind = (i: number): 'upper' | 'lower' | 'digit' | undefined => {
    const c = name.charCodeAt(i);
    if (c >= 65 && c <= 90) return 'upper';
    if (c >= 97 && c <= 122) return 'lower';
    if (c >= 48 && c <= 57) return 'digit';
    return undefined;
  };
  for (let i = 0; i <= name.length; i++) {
    const here = i < name.length ? kind(i) : undefined;
    if (here === undefined) {
      if (start >= 0) words.push(name.slice(start, i).toUpperCase());
      start = -1;
      continue;
    }
    if (start >= 0 && here === 'upper') {
      const before = kind(i - 1);
      if (before === 'lower' || before === 'digit' || (before === 'upper' && kind(i + 1) === 'lower')) {
        words.push(name.slice(start, i).toUpperCase());
        start = i;
      }
    }
    if (start < 0) start = i;
  }
  return words;
}

// Several secret, credential and debug rules split the same key names for every document.

const DURATION_MAX_LENGTH = 64;

/** Parse a duration into days: `30d`, `720h`, `720h0m0s`, `4w`, `30` (days). Undefined when unreadable. */
export function durationDays(value: unknown, bareUnit: 'd' | 'h' = 'd'): number | undefined {
  const text = scalarText(value)?.trim().toLowerCase();
  if (!text) return undefined;
  // No duration is longer; `(\d+…)\s*(y|w|…)` was quadratic on a long run of digits.
  if (text.length > DURATION_MAX_LENGTH) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return bareUnit === 'd' ? Number(text) : Number(text) / 24;
  const re = /(\d+(?:\.\d+)?)\s*(y|w|d|h|m|s)/g;
  let total = 0;
  let matched = '';
  for (let m = re.exec(text); m; m = re.exec(text)) {
    matched += m[0];
    const n = Number(m[1]);
    const unit = m[2];
    total += unit === 'y' ? n * 365 : unit === 'w' ? n * 7 : unit === 'd' ? n : unit === 'h' ? n / 24 : unit === 'm' ? n / 1440 : n / 86400;
  }
  if (!matched || matched.replace(/\s+/g, '') !== text.replace(/\s+/g, '')) return undefined;
  return total;
}

/** An integer written as a number or a digit string (`replicas: "3"` from templating), else undefined. */
export function intOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
  return undefined;
}
