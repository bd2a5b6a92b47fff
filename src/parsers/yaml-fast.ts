// A composer for plain YAML documents that goes straight from the `yaml` package's CST to what
// parseYaml keeps of a document: its plain data and its flattened positions (yaml-locator.ts).
// The package's Composer builds Document, Pair and Node objects, toJS() then copies them into plain
// data and the locator walks them once more; that was about 40% of the YAML cost of a run (the
// lexer and CST parser are the rest). No library composes a CST into plain data with positions,
// so this is written by hand, as a port of the package's own compose/*.js checks (same order,
// same ranges), limited to what plain configuration uses.
//
// It answers only when the result is certainly the Composer's: anything it does not handle, or
// anything the Composer would report as an error or a warning, makes it give up (undefined) and
// parseYaml takes the Composer's path for the whole file. Given up on: directives, anchors,
// aliases, tags, explicit `?` keys, keys that are not single-line scalars, `<<` keys, repeated
// keys, pairs inside flow sequences, empty keys, keys without values, and every error token.
// Scalars are resolved by the package itself: CST.resolveAsScalar for the source (quoting,
// escapes, folding, block scalars), then the core schema's own tag tests and resolvers, taken
// from a Document made with the same options as the Composer's.

import { CST, Document, Parser, isScalar } from 'yaml';
import type { Comment } from '../model/types.js';
import type { LineIndex } from './positions.js';
import { EMPTY, ENTRY, MAP, NODE, SCALAR, SEQ, packFlat, trimEnd, type FlatYaml } from './yaml-locator.js';

/** A document the fast path composed: its plain data (null for an empty one) and positions. */
export interface FastDocument {
  data: unknown;
  flat: FlatYaml;
  /** Its node tree as the Helm stage reads it, when composeFast was asked for it (values files). */
  tree?: PlainYamlNode;
}

/**
 * What the Helm stage's values adoption reads of a node (helm/yaml/load.ts decodes it as go-yaml
 * v2 does, helm/values/load.ts locates its keys): the Composer's node with nothing else. The fast
 * path has no tags, anchors or aliases, so a scalar is its style, its text after quoting and
 * folding (the Composer's `source`) and the value the lint read; ranges are the Composer's
 * range[0] and range[1]. Made only on request: plain configuration files never need it.
 */
export interface PlainYamlNode {
  kind: 'scalar' | 'map' | 'seq';
  /** A scalar's style (Scalar.type, '' where the Composer leaves it unset); '' for a collection. */
  style: string;
  /** A scalar's text after quoting and folding; '' for a collection. */
  source: string;
  /** A scalar's value as the lint's schema resolved it (YAML 1.2 core); null for a collection. */
  value: unknown;
  start: number;
  end: number;
  /** A map's keys and values, alternating; a sequence's items; empty for a scalar. */
  items: PlainYamlNode[];
}

const NO_ITEMS: PlainYamlNode[] = [];

/** Thrown to abandon the fast path; caught in composeFast. */
class GiveUp extends Error {}
const GIVE_UP = new GiveUp('not a plain document');

function giveUp(): never {
  throw GIVE_UP;
}

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  collection?: string;
  resolve: (value: string, onError: (message: string) => void, options: unknown) => unknown;
}

/**
 * The scalar tags and options of a Document made as parseYaml's Composer makes them (YAML 1.2,
 * core schema, merge keys on): plain scalars are resolved by the package's own tests, in its order.
 */
export function schemaFor(options: Record<string, unknown>): { tags: readonly ScalarTag[]; options: unknown } {
  const doc = new Document(undefined, options);
  const tags = (doc.schema.tags as unknown as ScalarTag[]).filter((t) => !t.collection);
  return { tags, options: doc.options };
}

/** What resolveProps (compose/resolve-props.js) tells of a run of tokens before a node. */
interface Props {
  comma: boolean;
  found: CST.SourceToken | null;
  comment: boolean;
  hasNewline: boolean;
  end: number;
}

/** Where the `#` comments of a document go (parseYaml's Comment list). */
interface CommentSink {
  lines: LineIndex;
  comments: Comment[];
}

function addComment(sink: CommentSink, token: CST.SourceToken): void {
  sink.comments.push({ text: token.source.slice(1).trim(), range: sink.lines.range(token.offset, token.offset + token.source.length) });
}

/** The `#` comments among a node's trailing tokens or a block scalar's header. */
function addComments(sink: CommentSink, tokens: readonly CST.Token[] | undefined): void {
  if (tokens) for (const t of tokens) if (t.type === 'comment') addComment(sink, t as CST.SourceToken);
}

/**
 * compose/resolve-props.js without anchors and tags (which give up): every error gives up. The
 * result is written to `out` (one object per kind of use, read before the next call of its kind).
 */
function resolveProps(
  sink: CommentSink,
  out: Props,
  tokens: readonly CST.SourceToken[],
  flow: boolean,
  indicator: string,
  next: CST.Token | undefined,
  offset: number,
  parentIndent: number,
  startOnNewline: boolean,
): Props {
  let atNewline = startOnNewline;
  let hasSpace = startOnNewline;
  let comment = false;
  let hasNewline = false;
  let tab: CST.SourceToken | null = null;
  let comma = false;
  let found: CST.SourceToken | null = null;
  for (const token of tokens) {
    if (tab) {
      if (atNewline && token.type !== 'comment' && token.type !== 'newline') giveUp();
      tab = null;
    }
    switch (token.type) {
      case 'space':
        if (!flow && (indicator !== 'doc-start' || next?.type !== 'flow-collection') && token.source.includes('\t')) tab = token;
        hasSpace = true;
        break;
      case 'comment':
        if (!hasSpace) giveUp();
        addComment(sink, token);
        comment = true;
        atNewline = false;
        break;
      case 'newline':
        atNewline = true;
        hasNewline = true;
        hasSpace = true;
        break;
      case 'comma':
        if (!flow || comma) giveUp();
        comma = true;
        atNewline = false;
        hasSpace = false;
        break;
      default:
        if (token.type !== indicator || found) giveUp(); // anchors, tags, errors, stray indicators
        found = token;
        atNewline = indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
        hasSpace = false;
    }
  }
  const last = tokens[tokens.length - 1];
  if (tab && ((atNewline && (tab.indent ?? 0) <= parentIndent) || next?.type === 'block-map' || next?.type === 'block-seq')) giveUp();
  out.comma = comma;
  out.found = found;
  out.comment = comment;
  out.hasNewline = hasNewline;
  out.end = last ? last.offset + last.source.length : offset;
  return out;
}

/** compose/resolve-end.js: only spaces, comments (after a space when strict) and newlines. */
function resolveEnd(sink: CommentSink, end: readonly CST.SourceToken[] | undefined, offset: number, strict: boolean): number {
  if (!end) return offset;
  let hasSpace = false;
  for (const token of end) {
    if (token.type === 'space' || token.type === 'newline') hasSpace = true;
    else if (token.type === 'comment') {
      if (strict && !hasSpace) giveUp();
      addComment(sink, token);
    } else giveUp();
    offset += token.source.length;
  }
  return offset;
}

/** compose/util-empty-scalar-position.js */
function emptyScalarPosition(offset: number, before: readonly CST.SourceToken[] | undefined): number {
  if (!before) return offset;
  for (let i = before.length - 1; i >= 0; --i) {
    let st = before[i]!;
    if (st.type === 'space' || st.type === 'comment' || st.type === 'newline') {
      offset -= st.source.length;
      continue;
    }
    st = before[++i]!;
    while (st?.type === 'space') {
      offset += st.source.length;
      st = before[++i]!;
    }
    break;
  }
  return offset;
}

/** compose/util-contains-newline.js, for the scalar keys the fast path takes. */
function scalarContainsNewline(key: CST.FlowScalar): boolean {
  if (key.source.includes('\n')) return true;
  if (key.end) for (const st of key.end) if (st.type === 'newline') return true;
  return false;
}

const isBlock = (token: CST.Token | undefined): boolean => token !== undefined && (token.type === 'block-map' || token.type === 'block-seq');
const hasOwn = Object.prototype.hasOwnProperty;

/** Composes one document's CST; throws GIVE_UP where the Composer's result is not certain. */
class FastComposer implements CommentSink {
  // Node words (see yaml-locator.ts: NODE) and entry words (ENTRY), packed at the end.
  private nodes: number[] = [];
  private entries: number[] = [];
  private entryKey: (string | null)[] = [];
  // Entries of the collections being composed, innermost last (ENTRY words and a key each).
  private pending: number[] = [];
  private pendingKeys: (string | null)[] = [];
  /** The data of the node composed last. */
  private value: unknown = null;
  /** The end of the range of the node composed last (its range[2]: where its parent goes on). */
  private rangeEnd = 0;
  // The key's and the value's props of the pair at hand (read before the next pair's).
  private readonly keyProps: Props = { comma: false, found: null, comment: false, hasNewline: false, end: 0 };
  private readonly valueProps: Props = { comma: false, found: null, comment: false, hasNewline: false, end: 0 };
  // The last key composed: data key, the locator's key string, its range.
  private dataKey = '';
  private locKey = '';
  private keyStart = 0;
  private keyEnd = 0;
  private keyRangeEnd = 0;
  // The Helm stage's node tree (made when `tree` is on): the node composed last, the last key.
  private plain: PlainYamlNode | undefined;
  private plainKey: PlainYamlNode | undefined;
  // The last scalar's style and source (for the tree).
  private scalarStyle = '';
  private scalarSource = '';

  constructor(
    private readonly text: string,
    readonly lines: LineIndex,
    readonly comments: Comment[],
    private readonly tags: readonly ScalarTag[],
    private readonly options: unknown,
    private readonly tree = false,
  ) {}

  /** compose/compose-doc.js */
  document(token: CST.Document): FastDocument {
    const props = resolveProps(this, this.keyProps, token.start, false, 'doc-start', token.value ?? token.end?.[0], token.offset, 0, true);
    if (props.found && token.value && (token.value.type === 'block-map' || token.value.type === 'block-seq') && !props.hasNewline) giveUp();
    const root = token.value ? this.node(token.value) : this.empty(props.end, token.start, props);
    resolveEnd(this, token.end, this.rangeEnd, false);
    const doc: FastDocument = { data: this.value, flat: this.pack(root) };
    if (this.tree) doc.tree = this.plain;
    return doc;
  }

  private pack(root: number): FlatYaml {
    return packFlat(this.nodes, this.entries, this.entryKey, root, this.nodes[root * NODE + 1]!);
  }

  private addNode(kind: number, start: number, end: number): number {
    const id = this.nodes.length / NODE;
    this.nodes.push(kind, start, end, -1, 0, -1);
    return id;
  }

  /** compose/compose-node.js: a node's id, its data in this.value, its range's end in this.rangeEnd. */
  private node(token: CST.Token): number {
    switch (token.type) {
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar':
        return this.scalar(token);
      case 'block-map':
        return this.blockMap(token);
      case 'block-seq':
        return this.blockSeq(token);
      case 'flow-collection':
        return this.flowCollection(token);
      default:
        return giveUp(); // aliases, errors
    }
  }

  /**
   * The source of a scalar (CST.resolveAsScalar: quoting, escapes, folding, block scalars, and the
   * checks of its trailing tokens), resolved as compose/compose-scalar.js does with no tag token:
   * a plain scalar by the schema's first default tag whose test matches, others as strings.
   */
  private resolveScalar(token: CST.FlowScalar | CST.BlockScalar, atKey: boolean): [unknown, [number, number, number]] {
    const resolved = CST.resolveAsScalar(token, true, giveUp);
    if (!resolved) return giveUp();
    if (token.type === 'block-scalar') addComments(this, token.props);
    else addComments(this, token.end);
    const source = resolved.value;
    this.scalarStyle = resolved.type ?? ''; // the Composer leaves Scalar.type unset then
    this.scalarSource = source;
    if (token.type !== 'scalar') return [source, resolved.range];
    for (const t of this.tags) {
      if ((t.default === true || (atKey && t.default === 'key')) && t.test?.test(source)) {
        if (t.default !== true) giveUp(); // the merge key `<<`
        const res = t.resolve(source, giveUp, this.options);
        return [isScalar(res) ? res.value : res, resolved.range];
      }
    }
    return [source, resolved.range];
  }

  private scalar(token: CST.FlowScalar | CST.BlockScalar): number {
    const [value, range] = this.resolveScalar(token, false);
    this.value = value;
    this.rangeEnd = range[2];
    if (this.tree) this.plain = this.plainScalar(this.scalarStyle, this.scalarSource, value, range[0], range[1]);
    return this.addNode(value === null && range[0] === range[1] ? EMPTY : SCALAR, range[0], range[1]);
  }

  /** compose-node.js composeEmptyNode: a null scalar placed after the tokens before it. */
  private empty(offset: number, before: readonly CST.SourceToken[] | undefined, props: Props): number {
    const at = emptyScalarPosition(offset, before);
    this.value = null;
    this.rangeEnd = props.comment ? props.end : at;
    // the Composer's empty node is a plain scalar of no text
    if (this.tree) this.plain = this.plainScalar('PLAIN', '', null, at, at);
    return this.addNode(EMPTY, at, at);
  }

  private plainScalar(style: string, source: string, value: unknown, start: number, end: number): PlainYamlNode {
    return { kind: 'scalar', style, source, value, start, end, items: NO_ITEMS };
  }

  /** The tree's node of a collection composed from `items` (made as its entries were). */
  private plainCollection(kind: 'map' | 'seq', start: number, end: number, items: PlainYamlNode[] | undefined): void {
    if (items) this.plain = { kind, style: '', source: '', value: null, start, end, items };
  }

  /** A scalar map key (single-line: the implicit keys of block maps must be). */
  private key(token: CST.Token | undefined | null): void {
    if (!token || (token.type !== 'scalar' && token.type !== 'single-quoted-scalar' && token.type !== 'double-quoted-scalar')) return giveUp();
    if (scalarContainsNewline(token)) giveUp();
    const [value, range] = this.resolveScalar(token, true);
    if (value === '<<') giveUp(); // a quoted `<<` key: left to the Composer and its merge rules
    // As addPairToJSMap's stringifyKey and the locator's String(key.value).
    this.locKey = String(value);
    this.dataKey = value === null ? '' : this.locKey;
    this.keyStart = range[0];
    this.keyEnd = range[1];
    this.keyRangeEnd = range[2];
    if (this.tree) this.plainKey = this.plainScalar(this.scalarStyle, this.scalarSource, value, range[0], range[1]);
  }

  private setKey(map: Record<string, unknown>, key: string, value: unknown): void {
    if (!(key in map)) {
      map[key] = value;
      return;
    }
    if (hasOwn.call(map, key)) giveUp(); // a repeated key (an error, or a type-aware near miss)
    // As addPairToJSMap: a key the prototype has (`__proto__`, `toString`) becomes an own property.
    Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  }

  /** compose/resolve-block-map.js */
  private blockMap(bm: CST.BlockMap): number {
    const id = this.addNode(MAP, bm.offset, bm.offset);
    const map: Record<string, unknown> = {};
    const plainItems: PlainYamlNode[] | undefined = this.tree ? [] : undefined;
    const base = this.pending.length;
    let offset = bm.offset;
    let commentEnd = -1;
    for (const item of bm.items) {
      const { start } = item;
      const key = 'key' in item ? item.key : undefined;
      const sep = 'sep' in item ? item.sep : undefined;
      const value = item.value;
      const keyProps = resolveProps(this, this.keyProps, start, false, 'explicit-key-ind', key ?? sep?.[0], offset, bm.indent, true);
      if (keyProps.found) giveUp(); // an explicit key
      if (key && (key.type === 'block-seq' || ('indent' in key && key.indent !== bm.indent))) giveUp();
      if (!sep) {
        if (key || value) giveUp();
        commentEnd = keyProps.end;
        continue;
      }
      const keyPropsEnd = keyProps.end;
      this.key(key);
      const { dataKey, locKey, keyStart, keyEnd, plainKey } = this;
      const valueProps = resolveProps(this, this.valueProps, sep, false, 'map-value-ind', value, this.keyRangeEnd, bm.indent, false);
      offset = valueProps.end;
      if (!valueProps.found) giveUp(); // a key with no value
      if (value?.type === 'block-map' && !valueProps.hasNewline) giveUp();
      if (keyPropsEnd < valueProps.found.offset - 1024) giveUp();
      const vid = value ? this.node(value) : this.empty(offset, sep, valueProps);
      plainItems?.push(plainKey!, this.plain!);
      this.setKey(map, dataKey, this.value);
      this.pending.push(0, keyStart, keyEnd, vid);
      this.pendingKeys.push(locKey);
      offset = this.rangeEnd;
    }
    if (commentEnd !== -1 && commentEnd < offset) giveUp();
    this.finish(id, offset, base);
    this.plainCollection('map', bm.offset, offset, plainItems);
    this.value = map;
    this.rangeEnd = commentEnd !== -1 ? commentEnd : offset;
    return id;
  }

  /** compose/resolve-block-seq.js */
  private blockSeq(bs: CST.BlockSequence): number {
    const id = this.addNode(SEQ, bs.offset, bs.offset);
    const seq: unknown[] = [];
    const plainItems: PlainYamlNode[] | undefined = this.tree ? [] : undefined;
    const base = this.pending.length;
    let offset = bs.offset;
    let commentEnd = -1;
    for (const { start, value } of bs.items) {
      const props = resolveProps(this, this.keyProps, start, false, 'seq-item-ind', value, offset, bs.indent, true);
      if (!props.found) {
        if (value) giveUp();
        commentEnd = props.end;
        continue;
      }
      const vid = value ? this.node(value) : this.empty(props.end, start, props);
      plainItems?.push(this.plain!);
      seq.push(this.value);
      this.pending.push(0, -1, -1, vid);
      this.pendingKeys.push(null);
      offset = this.rangeEnd;
    }
    this.finish(id, offset, base);
    this.plainCollection('seq', bs.offset, offset, plainItems);
    this.value = seq;
    this.rangeEnd = commentEnd !== -1 ? commentEnd : offset;
    return id;
  }

  /** compose/resolve-flow-collection.js, without pairs in sequences, empty keys or lone keys. */
  private flowCollection(fc: CST.FlowCollection): number {
    const isMap = fc.start.source === '{';
    const id = this.addNode(isMap ? MAP : SEQ, fc.offset, fc.offset);
    const map: Record<string, unknown> = {};
    const seq: unknown[] = [];
    const plainItems: PlainYamlNode[] | undefined = this.tree ? [] : undefined;
    const base = this.pending.length;
    let offset = fc.offset + fc.start.source.length;
    for (let i = 0; i < fc.items.length; ++i) {
      const item = fc.items[i]!;
      const { start, value } = item;
      const key = 'key' in item ? item.key : undefined;
      const sep = 'sep' in item ? item.sep : undefined;
      const props = resolveProps(this, this.keyProps, start, true, 'explicit-key-ind', key ?? sep?.[0], offset, fc.indent, false);
      if (props.found) giveUp();
      if (!sep && !value) {
        if ((i === 0 && props.comma) || i < fc.items.length - 1) giveUp();
        offset = props.end;
        continue;
      }
      if (i === 0 ? props.comma : !props.comma) giveUp();
      if (!isMap) {
        if (sep || key || !value || isBlock(value)) giveUp(); // a pair in a flow sequence
        const vid = this.node(value);
        plainItems?.push(this.plain!);
        seq.push(this.value);
        this.pending.push(0, -1, -1, vid);
        this.pendingKeys.push(null);
        offset = this.rangeEnd;
        continue;
      }
      this.key(key);
      const { dataKey, locKey, keyStart, keyEnd, plainKey } = this;
      const valueProps = resolveProps(this, this.valueProps, sep ?? [], true, 'map-value-ind', value, this.keyRangeEnd, fc.indent, false);
      if (!valueProps.found || isBlock(value)) giveUp(); // a key with no value, a block collection
      const vid = value ? this.node(value) : this.empty(valueProps.end, sep, valueProps);
      plainItems?.push(plainKey!, this.plain!);
      this.setKey(map, dataKey, this.value);
      this.pending.push(0, keyStart, keyEnd, vid);
      this.pendingKeys.push(locKey);
      offset = this.rangeEnd;
    }
    const [ce, ...ee] = fc.end;
    if (ce?.source !== (isMap ? '}' : ']')) giveUp();
    const cePos = ce.offset + ce.source.length;
    this.rangeEnd = ee.length > 0 ? resolveEnd(this, ee, cePos, true) : cePos;
    this.finish(id, cePos, base);
    this.plainCollection(isMap ? 'map' : 'seq', fc.offset, cePos, plainItems);
    this.value = isMap ? map : seq;
    return id;
  }

  /**
   * A collection's end (range[1], trimmed as flatten trims it) and its entries, moved from the
   * pending stack (above `base`; its children's were moved off it when they finished) so that
   * each collection's entries are contiguous.
   */
  private finish(id: number, end: number, base: number): void {
    const o = id * NODE;
    const pending = this.pending;
    const keyBase = base / ENTRY;
    this.nodes[o + 2] = trimEnd(this.text, this.nodes[o + 1]!, end);
    this.nodes[o + 3] = this.entryKey.length;
    this.nodes[o + 4] = (pending.length - base) / ENTRY;
    for (let i = base; i < pending.length; i++) this.entries.push(pending[i]!);
    for (let i = keyBase; i < this.pendingKeys.length; i++) this.entryKey.push(this.pendingKeys[i]!);
    pending.length = base;
    this.pendingKeys.length = keyBase;
  }
}

/**
 * The documents of a text and its `#` comments, from the CST's top-level tokens as composer.js's
 * next() takes them, or undefined where the Composer's path must decide. The parser hands over one
 * document at a time, so a document's CST is garbage once composed. With `tree`, each document
 * also has its PlainYamlNode tree (for the Helm stage's values adoption).
 */
export function composeFast(
  text: string,
  lines: LineIndex,
  schema: { tags: readonly ScalarTag[]; options: unknown },
  tree = false,
): { documents: FastDocument[]; comments: Comment[] } | undefined {
  const documents: FastDocument[] = [];
  const comments: Comment[] = [];
  const sink: CommentSink = { lines, comments };
  try {
    for (const token of new Parser().parse(text)) {
      switch (token.type) {
        case 'document':
          documents.push(new FastComposer(text, lines, comments, schema.tags, schema.options, tree).document(token));
          break;
        case 'comment':
          addComment(sink, token);
          break;
        case 'byte-order-mark':
        case 'space':
        case 'newline':
          break;
        case 'doc-end':
          if (documents.length === 0) giveUp();
          resolveEnd(sink, token.end, token.offset + token.source.length, true);
          break;
        default:
          giveUp(); // directives, errors
      }
    }
  } catch {
    // GIVE_UP, or anything the package's resolvers throw: the Composer's path reports it.
    return undefined;
  }
  return { documents, comments };
}
