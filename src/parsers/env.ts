// env files (.env, .env.production, app.env, .env.example) → one 'env' document.
//
// Written by hand on purpose: the npm parsers (dotenv, dotenv-expand, @dotenvx, envfile) return
// plain key/value objects without any source positions, and positions of every key and value
// are what findings need. The accepted syntax is the common subset of dotenv and Docker Compose
// `env_file`: `KEY=VALUE`, optional `export `, spaces around `=`, single / double / backtick
// quotes (double quotes process \n \r \t \\ \" escapes; quoted values may span lines), inline
// ` #` comments after unquoted values, empty values, comments, blank lines, CRLF.

import type { Comment, Diagnostic, DocPath, EnvData, EnvEntry, Location, LocateOptions, ParsedFile, Range, SourceDocument, SourceFile } from '../model/types.js';
import { LineIndex, firstLineRange } from './positions.js';
import { hasPath } from './util.js';

interface EntrySpan {
  whole: [number, number];
  key: [number, number];
  value: [number, number];
}

const ASSIGNMENT = /^[ \t]*(export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=/;

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function unescapeDouble(raw: string): string {
  return raw.replace(/\\([nrt"\\])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c));
}

export function parseEnv(file: SourceFile, text: string): ParsedFile {
  const lines = LineIndex.fromText(text);
  const starts = lines.lineStarts;
  const diagnostics: Diagnostic[] = [];
  const comments: Comment[] = [];
  const entries: EnvEntry[] = [];
  const spans: EntrySpan[] = [];
  const values: Record<string, string> = {};

  const lineEndOf = (li: number): number => {
    let end = li + 1 < starts.length ? starts[li + 1]! - 1 : text.length;
    if (end > starts[li]! && text.charCodeAt(end - 1) === 13) end--;
    return end;
  };
  const addComment = (from: number, to: number): void => {
    comments.push({ text: text.slice(from + 1, to).trim(), range: lines.range(from, to) });
  };

  let li = 0;
  while (li < starts.length) {
    const ls = starts[li]!;
    const le = lineEndOf(li);
    const line = text.slice(ls, le);
    let p = 0;
    while (p < line.length && (isBlank(line.charCodeAt(p)) || line.charCodeAt(p) === 0xfeff)) p++;
    if (p === line.length) {
      li++;
      continue;
    }
    if (line[p] === '#') {
      addComment(ls + p, le);
      li++;
      continue;
    }
    const m = ASSIGNMENT.exec(line);
    if (!m) {
      let e = line.length;
      while (e > p && isBlank(line.charCodeAt(e - 1))) e--;
      diagnostics.push({
        ruleId: 'invalid-env',
        file: file.path,
        range: lines.range(ls + p, ls + e),
        message: 'Not a KEY=VALUE assignment: env loaders ignore or reject this line',
      });
      li++;
      continue;
    }
    const key = m[2]!;
    const keyStart = ls + line.indexOf(key, m[1] ? m[0].indexOf(m[1]) + m[1].length : 0);
    const eq = ls + m[0].length - 1;
    let v = eq + 1;
    while (v < le && isBlank(text.charCodeAt(v))) v++;

    let entry: EnvEntry | undefined;
    let span: EntrySpan | undefined;
    let nextLine = li + 1;
    const q = text[v];
    if (q === '"' || q === "'" || q === '`') {
      let c = v + 1;
      while (c < text.length) {
        const ch = text[c];
        if (ch === '\\' && q === '"') {
          c += 2;
          continue;
        }
        if (ch === q) break;
        c++;
      }
      if (c < text.length) {
        const raw = text.slice(v + 1, c).replace(/\r\n/g, '\n');
        const value = q === '"' ? unescapeDouble(raw) : raw;
        entry = { key, value, quote: q };
        const valueSpan: [number, number] = c > v + 1 ? [v + 1, c] : [v, c + 1];
        span = { whole: [ls + p, c + 1], key: [keyStart, keyStart + key.length], value: valueSpan };
        const closeLine = lines.lineOf(c);
        const closeEnd = lineEndOf(closeLine);
        let r = c + 1;
        while (r < closeEnd && isBlank(text.charCodeAt(r))) r++;
        if (r < closeEnd && text[r] === '#') addComment(r, closeEnd);
        nextLine = closeLine + 1;
      } else {
        diagnostics.push({
          ruleId: 'invalid-env',
          file: file.path,
          range: lines.range(v, v + 1),
          message: `Unterminated ${q === '"' ? 'double' : q === "'" ? 'single' : 'backtick'}-quoted value for ${key}`,
        });
      }
    }
    if (!entry) {
      // Unquoted (or an unterminated quote, read as text up to the end of the line).
      let end = le;
      for (let i = v; i < le; i++) {
        if (text[i] === '#' && isBlank(text.charCodeAt(i - 1))) {
          addComment(i, le);
          end = i;
          break;
        }
      }
      while (end > v && isBlank(text.charCodeAt(end - 1))) end--;
      const value = text.slice(v, end);
      entry = { key, value };
      span = {
        whole: [ls + p, Math.max(end, eq + 1)],
        key: [keyStart, keyStart + key.length],
        value: end > v ? [v, end] : [eq, eq + 1],
      };
    }
    if (m[1]) entry.exported = true;
    entries.push(entry);
    spans.push(span!);
    values[key] = entry.value;
    li = nextLine;
  }

  const data: EnvData = { entries, values, template: file.kind === 'env-template' };
  const whole = firstLineRange(text);

  const rangeOf = (path: DocPath, options?: LocateOptions): Range => {
    const [a, b, c] = path;
    let idx = -1;
    let part = c;
    if (a === 'entries' && b !== undefined) idx = Number(b);
    else if (a === 'values' && typeof b === 'string') {
      for (let i = entries.length - 1; i >= 0; i--) {
        if (entries[i]!.key === b) {
          idx = i;
          break;
        }
      }
      part = c === undefined ? 'value' : c;
    }
    const s = Number.isInteger(idx) ? spans[idx] : undefined;
    if (!s) return whole;
    if (options?.key || part === 'key') return lines.range(s.key[0], s.key[1]);
    if (part === 'value' || part === 'quote') return lines.range(s.value[0], s.value[1]);
    return lines.range(s.whole[0], s.whole[1]);
  };

  const doc: SourceDocument<EnvData> = {
    file,
    index: 0,
    kind: 'env',
    data,
    locate: (path: DocPath, options?: LocateOptions): Location => ({ file: file.path, range: rangeOf(path, options) }),
    has: (path: DocPath) => hasPath(data, path),
  };
  return { file, documents: [doc as SourceDocument], diagnostics, comments };
}
