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
    const offset = at ? Number(at[1]) : /end of JSON input/i.test(message) ? Math.max(0, text.trimEnd().length - 1) : 0;
    const lines = LineIndex.fromText(text);
    // V8 quotes the text near the error; the position says where, and the text may hold a secret.
    const reason = message.replace(/,? ?"[^"]*"(?: is not valid JSON)?/, '').replace(/\s*\(line \d+ column \d+\)/, '').trim();
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
