// Configuration files carried inside YAML: a TOML or JSON file in a ConfigMap's `data` (SeaweedFS's
// `security.toml`, an app's `config.json`). They are parsed with their own parser, which gives
// positions inside the file, and those are mapped into the host scalar by the host document's
// locateInScalar (exact line and column, also through Helm templates); where a scalar cannot be
// mapped, findings point at the scalar.
//
// Decision: the format comes from the data key's extension (`.toml`, `.json`); a file that does not
// parse is not read (it is the application's problem, and a rule must not guess at its meaning).

import type { AST } from 'toml-eslint-parser';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { DocPath, LocateOptions, Location, PathSegment, SourceDocument } from '../model/types.js';
import { findExcessiveNesting, MAX_NESTING } from './yaml.js';

// toml-eslint-parser is loaded on first use, so a run without TOML files does not compile it;
// scripts/build.mjs ships it as a file of its own.
const tomlParser = (): typeof import('toml-eslint-parser') => require('toml-eslint-parser') as typeof import('toml-eslint-parser');

/** 0-based line and column inside the embedded text. */
interface InnerPosition {
  line: number;
  column: number;
}

export interface Positions {
  value: Map<string, InnerPosition>;
  key: Map<string, InnerPosition>;
}

export interface EmbeddedConfig {
  format: 'toml' | 'json';
  data: unknown;
  /** Paths are the host path followed by the path inside the file; locate() points into the host scalar. */
  doc: SourceDocument;
  hostPath: DocPath;
}

/** The key of a path in Positions. */
export const pathKey = (path: readonly PathSegment[]) => JSON.stringify(path.map(String));

/** The TOML or JSON file in the string at `hostPath` of `host`, named `name`; undefined when it is neither or does not parse. */
export function embeddedConfig(host: SourceDocument, hostPath: DocPath, name: string, text: string): EmbeddedConfig | undefined {
  const format = /\.toml$/i.test(name) ? 'toml' : /\.json$/i.test(name) ? 'json' : undefined;
  // Both parsers recurse per level: refuse what no real configuration nests (as for YAML files).
  if (!format || findExcessiveNesting(text, MAX_NESTING) >= 0) return undefined;
  const parsed = format === 'toml' ? parseToml(text) : parseJson(text);
  if (!parsed) return undefined;
  const { data, positions } = parsed;
  return { format, data, doc: scalarDocument(host, hostPath, positions), hostPath };
}

/**
 * A view of `host` whose locate() maps a path below `hostPath` (the string scalar) to the position
 * that `positions` records for it inside the scalar: keyed by pathKey() of the path below
 * `hostPath`, 0-based line and column in the scalar's value.
 */
export function scalarDocument(host: SourceDocument, hostPath: DocPath, positions: Positions): SourceDocument {
  const locate = (path: DocPath, options?: LocateOptions): Location => {
    const inner = isPrefix(hostPath, path) ? path.slice(hostPath.length) : undefined;
    if (!inner) return host.locate(path, options);
    // The deepest known part of the path (a missing key resolves to its closest ancestor).
    for (let n = inner.length; n > 0; n--) {
      const k = pathKey(inner.slice(0, n));
      const at = (options?.key && n === inner.length ? positions.key.get(k) : undefined) ?? positions.value.get(k);
      if (!at) continue;
      const loc = host.locateInScalar?.(hostPath, at.line, at.column);
      if (loc) return loc;
      break;
    }
    return host.locate(hostPath, options);
  };
  return { file: host.file, index: host.index, kind: host.kind, data: host.data, origin: host.origin, locate, has: (path) => host.has(path) };
}

function isPrefix(prefix: DocPath, path: DocPath): boolean {
  return prefix.length <= path.length && prefix.every((seg, i) => String(seg) === String(path[i]));
}

function parseToml(text: string): { data: unknown; positions: Positions } | undefined {
  let ast;
  try {
    ast = tomlParser().parseTOML(text);
  } catch {
    return undefined;
  }
  const positions: Positions = { value: new Map(), key: new Map() };
  const at = (node: AST.TOMLNode): InnerPosition => ({ line: node.loc.start.line - 1, column: node.loc.start.column });
  const keyNames = (kv: AST.TOMLKeyValue) => kv.key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value));
  const visitValue = (node: AST.TOMLContentNode, path: PathSegment[]) => {
    positions.value.set(pathKey(path), at(node));
    if (node.type === 'TOMLArray') node.elements.forEach((e, i) => visitValue(e, [...path, i]));
    else if (node.type === 'TOMLInlineTable') node.body.forEach((kv) => visitPair(kv, path));
  };
  const visitPair = (kv: AST.TOMLKeyValue, base: PathSegment[]) => {
    const path = [...base, ...keyNames(kv)];
    positions.key.set(pathKey(path), at(kv.key));
    visitValue(kv.value, path);
  };
  for (const item of ast.body[0].body) {
    if (item.type === 'TOMLKeyValue') visitPair(item, []);
    else {
      positions.value.set(pathKey(item.resolvedKey), at(item));
      for (const kv of item.body) visitPair(kv, item.resolvedKey);
    }
  }
  return { data: tomlParser().getStaticTOMLValue(ast), positions };
}

function parseJson(text: string): { data: unknown; positions: Positions } | undefined {
  // JSON is YAML 1.2, and the yaml package gives node positions.
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { version: '1.2', lineCounter, uniqueKeys: false });
  if (doc.errors.length > 0 || !/^\s*[[{]/.test(text)) return undefined;
  const positions: Positions = { value: new Map(), key: new Map() };
  const at = (offset: number): InnerPosition => {
    const p = lineCounter.linePos(offset);
    return { line: p.line - 1, column: p.col - 1 };
  };
  const visit = (node: YamlNode | null | undefined, path: PathSegment[]) => {
    if (!node?.range) return;
    positions.value.set(pathKey(path), at(node.range[0]));
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        const keyNode = pair.key as YamlNode;
        if (keyNode.range) positions.key.set(pathKey([...path, key]), at(keyNode.range[0]));
        visit(pair.value as YamlNode | null, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item as YamlNode, [...path, i]));
    }
  };
  visit(doc.contents as YamlNode | null, []);
  let data: unknown;
  try {
    data = doc.toJS();
  } catch {
    return undefined;
  }
  return { data, positions };
}

/**
 * Where a character of a string scalar stands in the source: a view of `host` and a path that
 * locates the character at `offset` of `text` (the string at `hostPath`) — a line of a script
 * carried in a ConfigMap, say. Falls back to the scalar where its style does not map.
 */
export function scalarOffsetLocation(host: SourceDocument, hostPath: DocPath, text: string, offset: number): { doc: SourceDocument; path: DocPath } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split('\n').length - 1;
  const column = before.length - (before.lastIndexOf('\n') + 1);
  const inner: PathSegment[] = ['@offset'];
  const positions: Positions = { value: new Map([[pathKey(inner), { line, column }]]), key: new Map() };
  return { doc: scalarDocument(host, hostPath, positions), path: [...hostPath, ...inner] };
}
