// JSON platform files (vercel.json, railway.json, ECS task definitions). JSON is YAML 1.2, so the
// YAML parser gives the positions; but YAML accepts what JSON does not (comments, trailing commas,
// unquoted keys), so JSON.parse decides validity first: a file it rejects is one `invalid-json`
// diagnostic at the position it reports.

import type { ParsedFile, SourceFile } from '../model/types.js';
import { LineIndex, firstLineRange } from './positions.js';
import { parseYaml } from './yaml.js';
import { hasPath } from './util.js';

export function parseJson(file: SourceFile, text: string): ParsedFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /at position (\d+)/.exec(message);
    const token = unexpectedTokenOffset(message, text);
    const offset = at ? Number(at[1]) : token ? token.offset : /end of JSON input/i.test(message) ? Math.max(0, text.trimEnd().length - 1) : 0;
    const lines = LineIndex.fromText(text);
    // V8 quotes the text near the error; the position says where, and the text may hold a secret.
    const reason = token
      ? token.reason
      : message
          .replace(/,? ?"[^"]*"(?: is not valid JSON)?/, '')
          .replace(/\s*\(line \d+ column \d+\)/, '')
          .trim();
    return {
      file,
      documents: [],
      diagnostics: [{ ruleId: 'invalid-json', file: file.path, range: lines.range(offset, offset + 1), message: `JSON syntax error: ${reason}` }],
      comments: [],
    };
  }
  const parsed = parseYaml(file, text);
  if (parsed.diagnostics.length === 0 && parsed.documents.length > 0) return parsed;
  // Valid JSON the YAML parser does not take (rare: tabs or control characters in odd places):
  // judged without positions rather than reported as broken.
  const isMapping = typeof data === 'object' && data !== null && !Array.isArray(data);
  const range = firstLineRange(text);
  return {
    file,
    documents: [{ file, index: 0, kind: isMapping ? 'platform' : 'yaml', data, locate: () => ({ file: file.path, range }), has: (path) => hasPath(data, path) }],
    diagnostics: [],
    comments: [],
  };
}

/**
 * V8 reports some errors (`Unexpected token ','`) with no position, only the text around it: up to
 * 10 characters either side, quoted, `...` where cut. Where that excerpt sits in the file gives the offset
 * (the token is 10 characters after a cut start, or 10 before a cut end); the excerpt itself is
 * never repeated, as it may hold a secret.
 */
function unexpectedTokenOffset(message: string, text: string): { offset: number; reason: string } | undefined {
  const m = /^(Unexpected token '.+?'), (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(message);
  if (!m) return undefined;
  const [, reason, cutStart, body, cutEnd] = m as unknown as [string, string, string | undefined, string, string | undefined];
  const found = text.indexOf(body);
  if (found < 0) return { offset: 0, reason };
  if (cutStart) return { offset: found + 10, reason };
  if (cutEnd) return { offset: found + Math.max(0, body.length - 10), reason };
  return { offset: 0, reason }; // a short file quoted whole: the token's place is not said
}
