// Shared by the fast-path tests: parseYaml's result (the fast path where it takes a text) against
// the Composer's, compared whole: data with key order, every position the locator answers for
// every path of the data (and a missing key and index under each collection), comments,
// diagnostics.
import { Composer, Parser } from 'yaml';
import { composeFast, schemaFor } from '../../src/parsers/yaml-fast.js';
import { flatEntry, flatNode, flatten, type FlatYaml } from '../../src/parsers/yaml-locator.js';
import { LineIndex } from '../../src/parsers/positions.js';
import { COMPOSE_OPTIONS, parseYamlComposed } from '../../src/parsers/yaml.js';
import type { ParsedFile, PathSegment, Range, SourceDocument, SourceFile } from '../../src/model/types.js';

const SCHEMA = schemaFor(COMPOSE_OPTIONS);

/** Whether the fast path composes the text (rather than leaving it to the Composer). */
export function fastPathTakes(text: string): boolean {
  return composeFast(text, LineIndex.fromText(text), SCHEMA) !== undefined;
}

/** The Composer's path, whatever the text. */
export function composerParse(file: SourceFile, text: string): ParsedFile {
  return parseYamlComposed(file, text);
}

/** Data as a string that keeps key order, own `__proto__` keys, -0, NaN and undefined apart. */
export function canonical(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return Object.is(v, -0) ? 'n:-0' : `n:${String(v)}`;
  if (typeof v !== 'object') return `${typeof v}:${JSON.stringify(v) ?? String(v)}`;
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const proto = Object.getPrototypeOf(v) === Object.prototype ? '' : 'proto!';
  return `${proto}{${Object.keys(v)
    .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

const sameRange = (a: Range | undefined, b: Range | undefined): boolean =>
  a === b || (!!a && !!b && a.start.line === b.start.line && a.start.column === b.start.column && a.end.line === b.end.line && a.end.column === b.end.column);

/** The first path where two documents over equal data locate differently, or undefined. */
function firstPositionDifference(a: SourceDocument, b: SourceDocument): string | undefined {
  const path: PathSegment[] = [];
  const at = (): string | undefined => {
    const p = path.slice();
    if (!sameRange(a.locate(p).range, b.locate(p).range)) return `locate ${JSON.stringify(p)}`;
    if (!sameRange(a.locate(p, { key: true }).range, b.locate(p, { key: true }).range)) return `locate key ${JSON.stringify(p)}`;
    if (!sameRange(a.locateInScalar?.(p, 1, 1)?.range, b.locateInScalar?.(p, 1, 1)?.range)) return `locateInScalar ${JSON.stringify(p)}`;
    return undefined;
  };
  const walk = (v: unknown): string | undefined => {
    const here = at();
    if (here || v === null || typeof v !== 'object') return here;
    for (const missing of ['no-such-key', 9999]) {
      path.push(missing);
      const d = at();
      path.pop();
      if (d) return d;
    }
    const keys: PathSegment[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
    for (const k of keys) {
      path.push(k);
      const d = walk((v as Record<string, unknown>)[k]);
      path.pop();
      if (d) return d;
    }
    return undefined;
  };
  return walk(a.data);
}

/**
 * The first difference between two parses of one text, or undefined when they are equal. Each
 * path is located in both unless a document has more than `maxPaths` values (a large CRD has
 * hundreds of thousands; canonicalFlat compares what its positions are made of in one pass).
 */
export function firstDifference(a: ParsedFile, b: ParsedFile, maxPaths = Infinity): string | undefined {
  if (JSON.stringify(a.diagnostics) !== JSON.stringify(b.diagnostics)) return 'diagnostics';
  if (JSON.stringify(a.comments) !== JSON.stringify(b.comments)) return 'comments';
  if (a.documents.length !== b.documents.length) return `${a.documents.length} documents, not ${b.documents.length}`;
  for (let i = 0; i < a.documents.length; i++) {
    const [da, db] = [a.documents[i]!, b.documents[i]!];
    if (da.index !== db.index || da.kind !== db.kind) return `document ${i}: index or kind`;
    if (canonical(da.data) !== canonical(db.data)) return `document ${i}: data`;
    if (maxPaths !== Infinity && countValues(da.data) > maxPaths) continue;
    const d = firstPositionDifference(da, db);
    if (d) return `document ${i}: ${d}`;
  }
  return undefined;
}

/**
 * A flattened document as text, independent of node numbering: every node's kind and offsets and
 * every entry's key and offsets, in document order. The locator answers from these alone, so
 * equal texts mean equal answers for every path.
 */
export function canonicalFlat(f: FlatYaml): string {
  const out: string[] = [`doc ${f.docStart}`];
  const stack: number[] = f.root === -1 ? [] : [f.root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n === -1) {
      out.push('-');
      continue;
    }
    const node = flatNode(f, n);
    out.push(`node ${node.kind} ${node.start} ${node.end} ${node.count} ${node.alias}`);
    const children: number[] = [];
    for (let e = node.first; e < node.first + node.count; e++) {
      const entry = flatEntry(f, e);
      out.push(`entry ${entry.merge ? 1 : 0} ${entry.keyStart} ${entry.keyEnd} ${JSON.stringify(entry.key)}`);
      children.push(entry.value);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return out.join('\n');
}

export const NOT_TAKEN = 'not taken by the fast path';

/** The fast path's flattened documents against flatten() of the Composer's, or undefined if equal. */
export function firstFlatDifference(text: string): string | undefined {
  const fast = composeFast(text, LineIndex.fromText(text), SCHEMA);
  if (!fast) return NOT_TAKEN;
  const docs = [...new Composer(COMPOSE_OPTIONS).compose(new Parser().parse(text))];
  if (docs.length !== fast.documents.length) return `${fast.documents.length} documents, not ${docs.length}`;
  for (let i = 0; i < docs.length; i++) {
    if (docs[i]!.errors.length > 0) return `document ${i}: the Composer reports an error`;
    if (canonical(fast.documents[i]!.data) !== canonical(docs[i]!.toJS())) return `document ${i}: data`;
    if (canonicalFlat(fast.documents[i]!.flat) !== canonicalFlat(flatten(docs[i]!, text))) return `document ${i}: positions`;
  }
  return undefined;
}

function countValues(v: unknown): number {
  if (v === null || typeof v !== 'object') return 1;
  let n = 1;
  for (const x of Object.values(v)) n += countValues(x);
  return n;
}
