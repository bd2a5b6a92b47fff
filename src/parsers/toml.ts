// TOML files (fly.toml, railway.toml) → one document with positions, through toml-eslint-parser's
// AST (the parser the embedded-config knowledge already uses). Only the positions of keys and
// values are kept, by path; a missing path locates at its closest existing ancestor, as YAML does.
// A file that does not parse is one `invalid-toml` diagnostic at the parser's position.

import type { AST } from 'toml-eslint-parser';
import type { Comment, DocPath, DocumentKind, Location, LocateOptions, ParsedFile, PathSegment, Range, SourceDocument, SourceFile } from '../model/types.js';
import { LineIndex } from './positions.js';
import { hasPath } from './util.js';

// toml-eslint-parser is loaded on first use, so a run without TOML files does not compile it;
// scripts/build.mjs ships it as a file of its own.
const tomlParser = (): typeof import('toml-eslint-parser') => require('toml-eslint-parser') as typeof import('toml-eslint-parser');

interface Spot {
  key?: Range;
  value: Range;
}

const pathKey = (path: readonly PathSegment[]): string => path.map(String).join('\u0000');

function rangeOf(node: AST.TOMLNode): Range {
  // toml-eslint-parser: 1-based lines, 0-based columns.
  return {
    start: { line: node.loc.start.line, column: node.loc.start.column + 1 },
    end: { line: node.loc.end.line, column: node.loc.end.column + 1 },
  };
}

export function parseToml(file: SourceFile, text: string, kind: DocumentKind, comments: Comment[]): ParsedFile {
  let ast: AST.TOMLProgram;
  try {
    ast = tomlParser().parseTOML(text);
  } catch (e) {
    const lines = LineIndex.fromText(text);
    const index = typeof (e as { index?: unknown }).index === 'number' ? (e as { index: number }).index : 0;
    const message = e instanceof Error ? e.message : String(e);
    return {
      file,
      documents: [],
      diagnostics: [{ ruleId: 'invalid-toml', file: file.path, range: lines.range(index, index + 1), message: `TOML syntax error: ${message}` }],
      comments,
    };
  }
  const spots = new Map<string, Spot>();
  const visitValue = (node: AST.TOMLContentNode, path: PathSegment[], key?: Range) => {
    spots.set(pathKey(path), { key, value: rangeOf(node) });
    if (node.type === 'TOMLArray') node.elements.forEach((e, i) => visitValue(e, [...path, i]));
    else if (node.type === 'TOMLInlineTable') node.body.forEach((kv) => visitPair(kv, path));
  };
  const visitPair = (kv: AST.TOMLKeyValue, base: PathSegment[]) => {
    const names = kv.key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value));
    visitValue(kv.value, [...base, ...names], rangeOf(kv.key));
  };
  const top = ast.body[0];
  for (const item of top.body) {
    if (item.type === 'TOMLKeyValue') visitPair(item, []);
    else {
      // A table locates at its header's key (`[http_service]`, `[[services]]`).
      const header = rangeOf(item.key);
      const path = item.resolvedKey as PathSegment[];
      spots.set(pathKey(path), { key: header, value: header });
      // The array of an `[[services]]` table: its first header.
      if (item.kind === 'array' && !spots.has(pathKey(path.slice(0, -1)))) spots.set(pathKey(path.slice(0, -1)), { key: header, value: header });
      for (const kv of item.body) visitPair(kv, path);
    }
  }
  const data = tomlParser().getStaticTOMLValue(ast) as unknown;
  const firstLine: Range = { start: { line: 1, column: 1 }, end: { line: 1, column: Math.max(2, (text.split('\n', 1)[0] ?? '').replace(/\r$/, '').length + 1) } };
  const locate = (path: DocPath, options?: LocateOptions): Location => {
    for (let n = path.length; n > 0; n--) {
      const spot = spots.get(pathKey(path.slice(0, n)));
      if (!spot) continue;
      // A missing key points at its closest ancestor's key (the table header, `key =`).
      const range = n === path.length ? (options?.key ? (spot.key ?? spot.value) : spot.value) : (spot.key ?? spot.value);
      return { file: file.path, range };
    }
    return { file: file.path, range: firstLine };
  };
  const isMapping = typeof data === 'object' && data !== null && !Array.isArray(data);
  const doc: SourceDocument = { file, index: 0, kind: isMapping ? kind : 'yaml', data, locate, has: (path) => hasPath(data, path) };
  return { file, documents: [doc], diagnostics: [], comments };
}
