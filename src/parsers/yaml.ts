// YAML (and JSON) files → documents with positions, through the `yaml` package's CST and node
// tree. The text is lexed and parsed once; the CST gives the comments, the Composer gives the
// node tree (flattened for locate() by yaml-locator.ts, then dropped), and toJS() gives the
// plain data rules read.

import { Composer, Parser, isAlias, isMap, isScalar, isSeq, type CST, type Document, type Node } from 'yaml';
import type { Comment, Diagnostic, DocPath, DocumentKind, ParsedFile, PathSegment, SourceDocument, SourceFile } from '../model/types.js';
import { LineIndex } from './positions.js';
import { YamlLocator } from './yaml-locator.js';
import { composeFast, schemaFor, type PlainYamlNode } from './yaml-fast.js';
import { hasPath } from './util.js';

/** At most this many invalid-yaml diagnostics per file (a broken file can yield hundreds). */
export const MAX_DIAGNOSTICS = 20;

/** Aliases resolved while building plain data; more indicates an alias bomb ("billion laughs"). */
export const MAX_ALIAS_COUNT = 100;

export const COMPOSE_OPTIONS = {
  merge: true, // `<<` merge keys: compose files use them, Go YAML libraries honour them
  // Duplicate keys are errors (Compose and kubectl reject them), but the package's own check
  // compares every key with every earlier one (quadratic: 20 000 keys took 15 s); ours is one
  // pass with a set per mapping (duplicateKeys below).
  uniqueKeys: false,
  prettyErrors: false, // positions are converted by LineIndex, not appended to messages
  strict: true,
  // The yaml package reports some oddities (a collection used as a map key) with
  // process.emitWarning; they must not reach the user's terminal. Errors still come back in
  // doc.errors and become invalid-yaml findings.
  logLevel: 'error',
} as const;

/** The Composer's scalar tags and options, for the fast path's plain scalars (made on first use). */
let fastSchema: ReturnType<typeof schemaFor> | undefined;

type YDoc = Document.Parsed;

function isNodeWithRange(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && 'range' in v && Array.isArray((v as Node).range);
}

function isEmptyScalar(v: unknown): boolean {
  return isScalar(v) && v.value === null && !!v.range && v.range[0] === v.range[1];
}

/** Anchored and alias nodes in document order, iteratively (no recursion on deep trees). */
function collectAnchored(doc: YDoc): Node[] {
  const out: Node[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const n = stack.pop();
    if (!n || typeof n !== 'object') continue;
    if (isAlias(n) || (n as { anchor?: string }).anchor) out.push(n as Node);
    if (isMap(n)) {
      for (let i = n.items.length - 1; i >= 0; i--) {
        const p = n.items[i]!;
        stack.push(p.value, p.key);
      }
    } else if (isSeq(n)) {
      for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
    }
  }
  return out;
}

/**
 * An error reported at the start of a line that holds only a comment or blank space (the parser
 * attributes indentation errors to the trivia before the offending item) moves to the start of
 * the first line with content. Only error positions go through here.
 */
function skipTriviaLines(text: string, offset: number): number {
  if (offset > 0 && text.charCodeAt(offset - 1) !== 10) return offset;
  let lineStart = offset;
  for (;;) {
    let i = lineStart;
    while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (text.charCodeAt(i) === 35 /* # */) {
      const nl = text.indexOf('\n', i);
      if (nl === -1) return offset;
      lineStart = nl + 1;
      continue;
    }
    if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (text.charCodeAt(i) === 10) {
      lineStart = i + 1;
      continue;
    }
    return i >= text.length ? offset : lineStart;
  }
}

/** Keys that repeat an earlier key of the same mapping (scalar keys, type-aware: 1 ≠ "1"). */
function duplicateKeys(doc: YDoc): Node[] {
  const out: Node[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isMap(n)) {
      const seen = new Set<string>();
      for (const p of n.items) {
        const k = p.key;
        if (isScalar(k) && typeof k.value !== 'symbol') {
          const id = `${typeof k.value}:${String(k.value)}`;
          if (seen.has(id)) out.push(k);
          else seen.add(id);
        }
        stack.push(p.value);
      }
    } else if (isSeq(n)) {
      for (const item of n.items) stack.push(item);
    }
  }
  return out.sort((a, b) => a.range![0] - b.range![0]);
}

/** The mapping key node starting at an offset (to widen an error position to the whole key). */
function findKeyAt(doc: YDoc, offset: number): Node | undefined {
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isMap(n)) {
      for (const p of n.items) {
        const k = p.key;
        if (isNodeWithRange(k) && k.range && k.range[0] === offset) return k;
        stack.push(k, p.value);
      }
    } else if (isSeq(n)) {
      stack.push(...n.items);
    }
  }
  return undefined;
}

/**
 * Every `#` comment of a CST token, added to `out` (in source order within the token; parseYaml
 * sorts the file's comments once), without recursion and without a list of children per token.
 */
function collectComments(token: CST.Token, lines: LineIndex, out: Comment[]): void {
  const stack: unknown[] = [token];
  while (stack.length > 0) {
    const t = stack.pop();
    if (!t || typeof t !== 'object') continue;
    if (Array.isArray(t)) {
      for (let i = t.length - 1; i >= 0; i--) stack.push(t[i]);
      continue;
    }
    const tok = t as Record<string, unknown>;
    if (tok.type === 'comment' && typeof tok.source === 'string' && typeof tok.offset === 'number') {
      out.push({
        text: tok.source.slice(1).trim(),
        range: lines.range(tok.offset, tok.offset + tok.source.length),
      });
      continue;
    }
    // Children in source order (props, start, items, key, sep, value, end): pushed in reverse.
    if ('end' in tok) stack.push(tok.end);
    if ('value' in tok && typeof tok.value === 'object') stack.push(tok.value);
    if ('sep' in tok) stack.push(tok.sep);
    if ('key' in tok) stack.push(tok.key);
    if ('items' in tok) stack.push(tok.items);
    if ('start' in tok) stack.push(tok.start);
    if ('props' in tok) stack.push(tok.props);
  }
}

function isK8sObject(d: unknown): d is { apiVersion: string; kind: string; items?: unknown } {
  return (
    typeof d === 'object' &&
    d !== null &&
    !Array.isArray(d) &&
    typeof (d as Record<string, unknown>).apiVersion === 'string' &&
    typeof (d as Record<string, unknown>).kind === 'string'
  );
}

function documentKindFor(fileKind: SourceFile['kind']): DocumentKind {
  switch (fileKind) {
    case 'compose':
      return 'compose';
    case 'helm-values':
      return 'helm-values';
    case 'helm-chart':
      return 'helm-chart';
    case 'render':
    case 'ecs-task-definition':
    case 'vercel':
    case 'railway':
    case 'fly':
      return 'platform';
    default:
      return 'yaml';
  }
}

/**
 * A document over a locator (paths under `prefix`, for kind: List items). Its closures are made
 * here, not in parseYaml, whose scope holds the whole text: documents live through the run.
 */
function makeDoc(
  file: SourceFile,
  index: number,
  kind: DocumentKind,
  data: unknown,
  locator: YamlLocator,
  options: { prefix?: readonly PathSegment[]; inScalars?: boolean } = {},
): SourceDocument {
  const { prefix } = options;
  const at = (path: DocPath): DocPath => (prefix ? [...prefix, ...path] : path);
  const doc: SourceDocument = { file, index, kind, data, locate: (path, opts) => locator.locate(at(path), opts), has: (path: DocPath) => hasPath(data, path) };
  if (options.inScalars) {
    doc.locateInScalar = (path, line, column) => {
      const value = valueAt(data, path);
      return typeof value === 'string' ? locator.locateInScalar(at(path), value, line, column) : undefined;
    };
  }
  return doc;
}

function valueAt(data: unknown, path: DocPath): unknown {
  let cur = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[String(seg)];
  }
  return cur;
}

/**
 * Nesting deeper than this is refused before parsing: the `yaml` composer recurses per level and
 * a stack overflow there can abort the whole process (V8 fails fatally when the overflow happens
 * while compiling a regular expression). Real configuration nests a few dozen levels at most.
 */
export const MAX_NESTING = 256;

/**
 * One pass over the text: an upper bound of the nesting depth (flow brackets outside comments,
 * block indentation levels counted twice for compact sequences, leading `- ` indicators).
 * Returns the offset where the bound first exceeds `limit`, or -1.
 */
export function findExcessiveNesting(text: string, limit: number): number {
  let flow = 0;
  const indents: number[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Start of a line: indentation.
    let indent = 0;
    while (i < n && text.charCodeAt(i) === 32) {
      indent++;
      i++;
    }
    const c0 = text.charCodeAt(i);
    const blank = i >= n || c0 === 10 || c0 === 13 || c0 === 35; /* # */
    let dashes = 0;
    if (!blank) {
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      while (i + 1 < n && text.charCodeAt(i) === 45 && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9)) {
        dashes++;
        i += 2;
        while (i < n && text.charCodeAt(i) === 32) i++;
      }
    }
    let prevSpace = true;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        i++;
        break;
      }
      if (c === 35 /* # */ && prevSpace) {
        const nl = text.indexOf('\n', i);
        i = nl === -1 ? n : nl + 1;
        break;
      }
      if (c === 91 || c === 123) {
        flow++;
        if (flow + indents.length * 2 + dashes > limit) return i;
      } else if ((c === 93 || c === 125) && flow > 0) flow--;
      prevSpace = c === 32 || c === 9;
    }
    if (indents.length * 2 + dashes + flow > limit) return Math.min(i, n);
  }
  return -1;
}

/**
 * Handed every document parseYaml composed of a file (when the caller asks), while their node
 * trees are alive: the Helm stage builds its values from the lint's parse of a values file instead
 * of parsing it again (helm/yaml: adoptParsedValues). The documents are the Composer's, or, where
 * the fast path took the file, the fast path's trees of them (yaml-fast.ts: PlainYamlNode; null
 * for an empty document). `linePos` gives 1-based lines and columns.
 */
export type ComposedYamlHandler = (
  file: SourceFile,
  text: string,
  documents: readonly Document.Parsed[] | readonly (PlainYamlNode | null)[],
  linePos: (offset: number) => { line: number; col: number },
) => void;

/** Parse YAML text (BOM already stripped by the caller). */
export function parseYaml(file: SourceFile, text: string, onComposed?: ComposedYamlHandler): ParsedFile {
  return parseYamlVia(file, text, onComposed, true);
}

/** parseYaml on the Composer's path alone, whatever the text (for tests: the fast path's reference). */
export function parseYamlComposed(file: SourceFile, text: string, onComposed?: ComposedYamlHandler): ParsedFile {
  return parseYamlVia(file, text, onComposed, false);
}

function parseYamlVia(file: SourceFile, text: string, onComposed: ComposedYamlHandler | undefined, fastPath: boolean): ParsedFile {
  const diagnostics: Diagnostic[] = [];
  const documents: SourceDocument[] = [];
  const tooDeep = findExcessiveNesting(text, MAX_NESTING);
  if (tooDeep !== -1) {
    const lines = LineIndex.fromText(text);
    diagnostics.push({
      ruleId: 'invalid-yaml',
      file: file.path,
      range: lines.range(tooDeep, tooDeep + 1),
      message: `YAML nested more than ${MAX_NESTING} levels deep; not parsed`,
    });
    return { file, documents, diagnostics, comments: [] };
  }
  // Line starts come from one scan of the text rather than the parser's LineCounter: the
  // LineCounter misses line breaks inside some error tokens (found by the property tests), and
  // positions of errors matter as much as any other.
  const lines = LineIndex.fromText(text);
  // Plain documents (no anchors, tags, errors...) are composed straight from the CST (yaml-fast.ts),
  // with the node trees the Helm stage adopts for a values file; anything else takes the Composer.
  const fast = fastPath ? composeFast(text, lines, (fastSchema ??= schemaFor(COMPOSE_OPTIONS)), onComposed !== undefined) : undefined;
  if (fast) {
    let next = 0;
    for (const { data, flat } of fast.documents) {
      if (data === null || data === undefined) continue;
      next = addDocuments(documents, file, next, data, new YamlLocator(flat, file, text, lines));
    }
    if (onComposed)
      onComposed(
        file,
        text,
        fast.documents.map((d) => d.tree ?? null),
        linePosOf(lines),
      );
    return { file, documents, diagnostics, comments: sortComments(fast.comments) };
  }
  const comments: Comment[] = [];
  const docs = new Composer(COMPOSE_OPTIONS).compose(commentedTokens(text, lines, comments), false, text.length);

  const diag = (start: number, end: number, message: string): void => {
    if (diagnostics.length >= MAX_DIAGNOSTICS) return;
    diagnostics.push({ ruleId: 'invalid-yaml', file: file.path, range: lines.range(start, end), message });
  };

  let next = 0;
  const composed: YDoc[] | undefined = onComposed ? [] : undefined;
  for (const doc of docs) {
    composed?.push(doc);
    const duplicates = doc.errors.length === 0 ? duplicateKeys(doc) : [];
    if (duplicates.length > 0) {
      for (const k of duplicates) {
        diag(k.range![0], k.range![1], `Duplicate key ${JSON.stringify(String((k as { value?: unknown }).value))}: map keys must be unique`);
      }
      continue;
    }
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        let [s, e] = err.pos;
        if (err.code === 'DUPLICATE_KEY') {
          const keyNode = findKeyAt(doc, s);
          if (keyNode?.range) [s, e] = [keyNode.range[0], keyNode.range[1]];
        } else {
          const moved = skipTriviaLines(text, s);
          if (moved !== s) [s, e] = [moved, moved + 1];
        }
        const what = err.code === 'DUPLICATE_KEY' ? 'Duplicate key' : 'YAML syntax error';
        diag(s, e, `${what}: ${err.message.replace(/\s+/g, ' ').trim()}`);
      }
      continue;
    }
    if (doc.contents === null || isEmptyScalar(doc.contents)) continue;
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      // Point at the first alias of the document (where expansion starts), else its start.
      const firstAlias = collectAnchored(doc).find((n) => isAlias(n));
      const c = doc.contents as Node;
      const start = firstAlias?.range?.[0] ?? c.range?.[0] ?? doc.range[0];
      const end = firstAlias?.range?.[1] ?? start;
      const msg = e instanceof Error ? e.message : String(e);
      const reason = /alias count/i.test(msg) ? `too many alias expansions (more than ${MAX_ALIAS_COUNT}); refusing a possible alias bomb` : msg;
      diag(start, end, `YAML document cannot be loaded: ${reason}`);
      continue;
    }
    if (data === null || data === undefined) continue;
    // Positions are flattened now; the node tree is not kept (see yaml-locator.ts).
    next = addDocuments(documents, file, next, data, new YamlLocator(doc, file, text, lines));
  }
  if (composed) onComposed!(file, text, composed, linePosOf(lines));
  return { file, documents, diagnostics, comments: sortComments(comments) };
}

function linePosOf(lines: LineIndex): (offset: number) => { line: number; col: number } {
  return (offset) => {
    const p = lines.position(offset);
    return { line: p.line, col: p.column };
  };
}

/** Tokens come in source order; sorting keeps the order exact across token boundaries. */
function sortComments(comments: Comment[]): Comment[] {
  return comments.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
}

/**
 * The documents of one composed YAML document (the items of a Kubernetes `kind: List`, one each),
 * appended to `documents`; returns the next document index.
 */
function addDocuments(documents: SourceDocument[], file: SourceFile, next: number, data: unknown, locator: YamlLocator): number {
  if (file.kind === 'kubernetes') {
    if (isK8sObject(data) && data.kind.endsWith('List') && Array.isArray(data.items)) {
      const items = data.items as unknown[];
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (item === null || typeof item !== 'object') continue;
        documents.push(makeDoc(file, next++, isK8sObject(item) ? 'kubernetes' : 'yaml', item, locator, { prefix: ['items', i], inScalars: true }));
      }
      return next;
    }
    documents.push(makeDoc(file, next++, isK8sObject(data) ? 'kubernetes' : 'yaml', data, locator, { inScalars: true }));
    return next;
  }
  // Rules of a kind may assume a mapping; anything else in such a file is plain 'yaml'.
  const isMapping = typeof data === 'object' && !Array.isArray(data);
  documents.push(makeDoc(file, next++, isMapping ? documentKindFor(file.kind) : 'yaml', data, locator));
  return next;
}

/**
 * The CST's top-level tokens, one document at a time, with the `#` comments of each added to
 * `comments`. Chained lazily, so that a document's CST and node tree are garbage once its data
 * and positions are taken, and a large multi-document file (rendered charts, CRD bundles) never
 * holds them all at once.
 */
function* commentedTokens(text: string, lines: LineIndex, comments: Comment[]): Generator<CST.Token> {
  // A top-level token holds comments only if a `#` lies between its start and the next token's:
  // most documents of a manifest stream have none, and walking their tokens for comments was 4%
  // of the corpus's lint. So each token is walked once the next one shows where it ends.
  // Tokens come in text order, so the next `#` is searched again only once a token starts past it
  // (searching from each token would read the rest of a long stream once per document).
  let previous: CST.Token | undefined;
  let nextHash = -2;
  const commentsOf = (token: CST.Token, end: number): void => {
    if (nextHash !== -1 && nextHash < token.offset) nextHash = text.indexOf('#', token.offset);
    if (nextHash !== -1 && nextHash < end) collectComments(token, lines, comments);
  };
  for (const token of new Parser().parse(text)) {
    if (previous) commentsOf(previous, token.offset);
    previous = token;
    yield token;
  }
  if (previous) commentsOf(previous, text.length);
}
