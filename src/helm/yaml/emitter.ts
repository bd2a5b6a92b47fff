// A port of the libyaml block emitter as go-yaml v2 ships it (emitterc.go), restricted to what
// Marshal produces: untagged scalars, block/flow-empty collections, no anchors, no comments.
// Columns count characters (runes) as the Go code does; UTF-8 byte rules are translated to
// code point rules.

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';
export type YNode = { t: 'scalar'; v: string; style: ScalarStyle; cps?: number[]; an?: unknown } | { t: 'map'; pairs: [YNode, YNode][] } | { t: 'seq'; items: YNode[] };

export interface EmitterOptions {
  /** best_width; go-yaml v2 uses 80, go-yaml v3's encoder -1 (unlimited). */
  width?: number;
  /** go-yaml v3 indents block sequences inside mappings; v2 does not. */
  indentSequencesInMappings?: boolean;
  /** go-yaml v3 scalar analysis (tabs allowed in literal blocks). */
  v3?: boolean;
}

const isBreakCp = (c: number | undefined): boolean => c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
const isSpaceCp = (c: number | undefined): boolean => c === 0x20;
const isBlankCp = (c: number | undefined): boolean => c === 0x20 || c === 0x09;
const isBlankzCp = (c: number | undefined): boolean => c === undefined || c === 0 || isBlankCp(c) || isBreakCp(c);
function isPrintableCp(c: number): boolean {
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
}

interface Analysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;
function toCodePoints(s: string): number[] {
  const out: number[] = [];
  if (ASCII_PRINTABLE.test(s)) {
    for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
    return out;
  }
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out.push(c >= 0xd800 && c <= 0xdfff ? 0xfffd : c);
  }
  return out;
}

function analyze(v: number[], v3 = false): Analysis {
  if (v.length === 0) return { multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true, block: false };
  let blockInd = false;
  let flowInd = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  let tabs = false;
  if (v.length >= 3 && ((v[0] === 0x2d && v[1] === 0x2d && v[2] === 0x2d) || (v[0] === 0x2e && v[1] === 0x2e && v[2] === 0x2e))) {
    blockInd = true;
    flowInd = true;
  }
  let precededByWs = true;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    const followedByWs = i + 1 >= v.length || isBlankzCp(v[i + 1]);
    if (c < 0x80) {
      if (i === 0) {
        switch (c) {
          case 0x23:
          case 0x2c:
          case 0x5b:
          case 0x5d:
          case 0x7b:
          case 0x7d:
          case 0x26:
          case 0x2a:
          case 0x21:
          case 0x7c:
          case 0x3e:
          case 0x27:
          case 0x22:
          case 0x25:
          case 0x40:
          case 0x60: // # , [ ] { } & * ! | > ' " % @ `
            flowInd = true;
            blockInd = true;
            break;
          case 0x3f:
          case 0x3a: // ? :
            flowInd = true;
            if (followedByWs) blockInd = true;
            break;
          case 0x2d: // -
            if (followedByWs) {
              flowInd = true;
              blockInd = true;
            }
            break;
        }
      } else {
        switch (c) {
          case 0x2c:
          case 0x3f:
          case 0x5b:
          case 0x5d:
          case 0x7b:
          case 0x7d: // , ? [ ] { }
            flowInd = true;
            break;
          case 0x3a: // :
            flowInd = true;
            if (followedByWs) blockInd = true;
            break;
          case 0x23: // #
            if (precededByWs) {
              flowInd = true;
              blockInd = true;
            }
            break;
        }
      }
    }
    if (!isPrintableCp(c)) {
      if (v3 && c === 0x09) tabs = true;
      else special = true;
    }
    if (isSpaceCp(c)) {
      if (i === 0) leadingSpace = true;
      if (i === v.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreakCp(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === v.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlankzCp(c);
  }
  const a: Analysis = { multiline: lineBreaks, flowPlain: true, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlain = false;
    a.blockPlain = false;
  }
  if (trailingSpace) a.block = false;
  if (breakSpace) {
    a.flowPlain = false;
    a.blockPlain = false;
    a.singleQuoted = false;
  }
  if (spaceBreak || special) {
    a.flowPlain = false;
    a.blockPlain = false;
    a.singleQuoted = false;
    a.block = false;
  }
  if (tabs) {
    // go-yaml v3 keeps tabs out of plain and quoted styles but allows them in block scalars
    a.flowPlain = false;
    a.blockPlain = false;
    a.singleQuoted = false;
  }
  if (lineBreaks) {
    a.flowPlain = false;
    a.blockPlain = false;
  }
  if (flowInd) a.flowPlain = false;
  if (blockInd) a.blockPlain = false;
  return a;
}

// yaml.v2's short escapes in double-quoted scalars (yaml_emitter_write_double_quoted_scalar)
const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  0x00: '0',
  0x07: 'a',
  0x08: 'b',
  0x09: 't',
  0x0a: 'n',
  0x0b: 'v',
  0x0c: 'f',
  0x0d: 'r',
  0x1b: 'e',
  0x22: '"',
  0x5c: '\\',
  0x85: 'N',
  0xa0: '_',
  0x2028: 'L',
  0x2029: 'P',
};

const HEXU = '0123456789ABCDEF';

const ANALYSIS_CACHE = new Map<string, { cps: number[]; an: Analysis }>();
const ANALYSIS_CACHE_V3 = new Map<string, { cps: number[]; an: Analysis }>();

class Emitter {
  private out = '';
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private indents: number[] = [];
  private flowLevel = 0;
  private readonly bestIndent = 2;
  private readonly bestWidth: number;
  private readonly indentSeqs: boolean;
  private readonly v3: boolean;
  // node context
  private mappingContext = false;
  private simpleKeyContext = false;

  constructor(opts: EmitterOptions) {
    const w = opts.width ?? 80;
    this.bestWidth = w < 0 ? 2147483647 : w <= this.bestIndent * 2 ? 80 : w;
    this.indentSeqs = opts.indentSequencesInMappings ?? false;
    this.v3 = opts.v3 ?? false;
  }

  result(): string {
    return this.out;
  }

  private put(s: string): void {
    this.out += s;
    this.column++;
  }
  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
    this.indention = true;
  }
  private writeCp(c: number): void {
    this.out += c < 0x10000 ? String.fromCharCode(c) : String.fromCodePoint(c);
    this.column++;
  }
  private writeBreakCp(c: number): void {
    if (c === 0x0a) {
      this.putBreak();
    } else {
      this.out += String.fromCodePoint(c);
      this.column = 0;
      this.indention = true;
    }
  }
  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? this.bestIndent : 0;
    else if (!indentless) this.indent += this.bestIndent;
  }
  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }
  private writeIndent(): void {
    const indent = this.indent < 0 ? 0 : this.indent;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }
  private writeIndicator(ind: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const ch of ind) this.put(ch);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  document(node: YNode): void {
    this.node(node, false, false);
    // DOCUMENT-END (implicit)
    this.writeIndent();
  }

  private node(n: YNode, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    if (n.t === 'scalar') this.scalar(n, this.analysis(n));
    else if (n.t === 'seq') {
      if (this.flowLevel > 0 || n.items.length === 0) this.flowSequence(n.items);
      else this.blockSequence(n.items);
    } else if (this.flowLevel > 0 || n.pairs.length === 0) this.flowMapping(n.pairs);
    else this.blockMapping(n.pairs);
  }

  private blockSequence(items: YNode[]): void {
    const indentless = this.mappingContext && !this.indention;
    if (this.indentSeqs && indentless) {
      this.increaseIndent(false, false);
    } else this.increaseIndent(false, indentless);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, false, false);
    }
    this.popIndent();
  }

  private flowSequence(items: YNode[]): void {
    this.writeIndicator('[', true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    let first = true;
    for (const item of items) {
      if (!first) this.writeIndicator(',', false, false, false);
      if (this.column > this.bestWidth) this.writeIndent();
      this.node(item, false, false);
      first = false;
    }
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator(']', false, false, false);
  }

  private flowMapping(pairs: [YNode, YNode][]): void {
    this.writeIndicator('{', true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    let first = true;
    for (const [k, v] of pairs) {
      if (!first) this.writeIndicator(',', false, false, false);
      if (this.column > this.bestWidth) this.writeIndent();
      this.node(k, true, true);
      this.writeIndicator(':', false, false, false);
      this.node(v, true, false);
      first = false;
    }
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator('}', false, false, false);
  }

  private analysis(n: { v: string; cps?: number[]; an?: unknown }): Analysis {
    if (n.an === undefined) {
      const cache = this.v3 ? ANALYSIS_CACHE_V3 : ANALYSIS_CACHE;
      const hit = n.v.length <= 64 ? cache.get(n.v) : undefined;
      if (hit) {
        n.cps = hit.cps;
        n.an = hit.an;
      } else {
        n.cps = toCodePoints(n.v);
        n.an = analyze(n.cps, this.v3);
        if (n.v.length <= 64) {
          if (cache.size >= 20000) cache.clear();
          cache.set(n.v, { cps: n.cps, an: n.an as Analysis });
        }
      }
    }
    return n.an as Analysis;
  }

  private checkSimpleKey(k: YNode): boolean {
    if (k.t === 'scalar') {
      if (this.analysis(k).multiline) return false;
      return k.v.length <= 42 || Buffer.byteLength(k.v, 'utf8') <= 128;
    }
    if (k.t === 'seq') return k.items.length === 0;
    return k.pairs.length === 0;
  }

  private blockMapping(pairs: [YNode, YNode][]): void {
    this.increaseIndent(false, false);
    for (const [k, v] of pairs) {
      this.writeIndent();
      if (this.checkSimpleKey(k)) {
        this.node(k, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(k, true, false);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(v, true, false);
    }
    this.popIndent();
  }

  private scalar(n: { v: string; style: ScalarStyle; cps?: number[] }, a: Analysis): void {
    let style = n.style;
    if (this.simpleKeyContext && a.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlain) || (this.flowLevel === 0 && !a.blockPlain)) style = 'single';
      if (n.v.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = 'single';
    }
    if (style === 'single' && !a.singleQuoted) style = 'double';
    if (style === 'literal' && (!a.block || this.flowLevel > 0 || this.simpleKeyContext)) style = 'double';
    this.increaseIndent(true, false);
    const v = n.cps ?? toCodePoints(n.v);
    const allowBreaks = !this.simpleKeyContext;
    switch (style) {
      case 'plain':
        this.writePlain(v, allowBreaks, n.v);
        break;
      case 'single':
        this.writeSingle(v, allowBreaks);
        break;
      case 'double':
        this.writeDouble(v, allowBreaks);
        break;
      case 'literal':
        this.writeLiteral(v);
        break;
    }
    this.popIndent();
  }

  private writePlain(v: number[], allowBreaks: boolean, text: string): void {
    if (!this.whitespace) this.put(' ');
    // fast path: no line break in a plain scalar, and no space can come after column best_width
    if (v.length === text.length && (!allowBreaks || this.column + v.length <= this.bestWidth)) {
      this.out += text;
      this.column += v.length;
      this.whitespace = false;
      this.indention = false;
      return;
    }
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (isSpaceCp(c)) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && !isSpaceCp(v[i + 1])) {
          this.writeIndent();
        } else this.writeCp(c);
        spaces = true;
      } else if (isBreakCp(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreakCp(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeCp(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingle(v: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (isSpaceCp(c)) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i > 0 && i < v.length - 1 && !isSpaceCp(v[i + 1])) {
          this.writeIndent();
        } else this.writeCp(c);
        spaces = true;
      } else if (isBreakCp(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreakCp(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.writeCp(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDouble(v: number[], allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    // go-yaml's is_bom ignores the index: a leading BOM makes every character an escape
    const bom = v[0] === 0xfeff;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (bom || !isPrintableCp(c) || isBreakCp(c) || c === 0x22 || c === 0x5c) {
        this.put('\\');
        const s = SHORT_ESCAPES[c];
        if (s !== undefined) this.put(s);
        else {
          let w: number;
          if (c <= 0xff) {
            this.put('x');
            w = 2;
          } else if (c <= 0xffff) {
            this.put('u');
            w = 4;
          } else {
            this.put('U');
            w = 8;
          }
          for (let k = (w - 1) * 4; k >= 0; k -= 4) this.put(HEXU[(c >> k) & 15]!);
        }
        spaces = false;
      } else if (isSpaceCp(c)) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i > 0 && i < v.length - 1) {
          this.writeIndent();
          if (isSpaceCp(v[i + 1])) this.put('\\');
        } else this.writeCp(c);
        spaces = true;
      } else {
        this.writeCp(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(v: number[]): void {
    this.writeIndicator('|', true, false, false);
    // block scalar hints
    if (isSpaceCp(v[0]) || isBreakCp(v[0])) this.writeIndicator(String(this.bestIndent), false, false, false);
    let chomp = '';
    if (v.length === 0) chomp = '-';
    else {
      const last = v.length - 1;
      if (!isBreakCp(v[last])) chomp = '-';
      else if (last === 0) chomp = '+';
      else if (isBreakCp(v[last - 1])) chomp = '+';
    }
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (isBreakCp(c)) {
        this.writeBreakCp(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeCp(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** Emit one YAML document the way go-yaml's Marshal does (with the trailing newline). */
export function emitYaml(node: YNode, opts: EmitterOptions = {}): string {
  const e = new Emitter(opts);
  e.document(node);
  return e.result();
}
