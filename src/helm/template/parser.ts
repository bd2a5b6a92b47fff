// Parser for Go text/template, ported from Go's text/template/parse/parse.go and node.go (Go 1.25).
// Original: Copyright The Go Authors, BSD-style licence (https://go.dev/LICENSE).

import type { ArgNode, BranchNode, CommandNode, ListNode, Node, NumberNode, ParsedTree, PipeNode, Pos, TemplateNode, VariableNode } from './ast.js';
import { TemplateError } from './errors.js';
import { type Item, T, itemString, lex } from './lexer.js';
import { parseGoNumber, unquoteGo } from './literals.js';

class ParseAbort extends Error {}

/**
 * Parse a file into its top-level tree (named `name`) and its define/block trees.
 * Trees are immutable and carry no file name, so parses are cached by text: renders of one chart with other
 * values, and library charts vendored by many charts, parse once. A hit is used only if every function it
 * calls is defined (the same text may meet another function map) and no define shares the file's name.
 */
export function parseTemplate(name: string, text: string, isFunc: (name: string) => boolean): ParsedTree[] {
  const hit = parseCache.get(text);
  if (hit && hit.functions.every(isFunc) && !hit.defines.some((d) => d.name === name)) {
    parseCache.delete(text);
    parseCache.set(text, hit);
    hit.used = true;
    return [...hit.defines, { name, root: hit.top.root, isEmpty: hit.top.isEmpty }];
  }
  const parser = new Parser(name, text, isFunc);
  const trees = parser.parseAll();
  const top = trees.find((t) => t.name === name)!;
  if (hit) parseCache.delete(text);
  // a large text (a template of CRDs) would evict the small library templates every chart shares
  else if (text.length > PARSE_CACHE_ENTRY_CHARS) return trees;
  else cachedChars += text.length;
  parseCache.set(text, { top, defines: trees.filter((t) => t !== top), functions: [...parser.functions], used: true });
  for (const [k] of parseCache) {
    if (cachedChars <= PARSE_CACHE_CHARS) break;
    parseCache.delete(k);
    cachedChars -= k.length;
  }
  return trees;
}

// Trees take about twelve times their text: 8M characters held about 97 MB live on the corpus.
// Library templates shared by many charts are small; 2M keeps them and a chart's own templates
// between its environments (corpus: 90 MB less heap at the peak, no more CPU).
const PARSE_CACHE_CHARS = 2 * 1024 * 1024;
const PARSE_CACHE_ENTRY_CHARS = PARSE_CACHE_CHARS / 8;
// `used`: looked up or made since the last keepRecentParses().
const parseCache = new Map<string, { top: ParsedTree; defines: ParsedTree[]; functions: string[]; used: boolean }>();
let cachedChars = 0;

/** Empties the parse cache (its trees take about twelve times their text's size). */
export function clearParseCache(): void {
  parseCache.clear();
  cachedChars = 0;
}

/**
 * Keeps the parses used since the last call and drops the rest: called after each chart's
 * renderings, it keeps what every chart uses (a vendored library chart's templates) and the last
 * chart's own templates for one chart more, instead of up to 2M characters of other charts'
 * templates (trees of about 24 MB) that the charts still to come would not use.
 */
export function keepRecentParses(): void {
  for (const [text, entry] of parseCache) {
    if (entry.used) entry.used = false;
    else {
      parseCache.delete(text);
      cachedChars -= text.length;
    }
  }
}

class Parser {
  private readonly items: Item[];
  private index = 0;
  /** The most recently lexed item, whose line Go reports in parse errors. */
  private lastLexed: Item;
  private maxSeen = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private actionLine = 0;
  private lastLine = 0;
  private readonly lineStarts: number[] = [0];
  private readonly trees = new Map<string, ParsedTree>();
  /** Function identifiers the text calls (for the parse cache's validity check). */
  readonly functions = new Set<string>();

  constructor(
    private readonly name: string,
    private readonly text: string,
    private readonly isFunc: (name: string) => boolean,
  ) {
    this.items = lex(text);
    this.lastLexed = this.items[0]!;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  parseAll(): ParsedTree[] {
    const root = this.list(this.peek().pos);
    while (this.peek().typ !== T.EOF) {
      if (this.peek().typ === T.LeftDelim) {
        const delimIndex = this.index;
        this.next();
        if (this.nextNonSpace().typ === T.Define) {
          this.parseDefinition();
          continue;
        }
        this.index = delimIndex;
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.errorf(`unexpected ${n.type === 'end' ? '{{end}}' : '{{else}}'}`);
      root.nodes.push(n as Node);
    }
    this.add({ name: this.name, root, isEmpty: isEmptyTree(root) });
    return [...this.trees.values()];
  }

  // ---- token stream ----

  private next(): Item {
    const i = Math.min(this.index, this.items.length - 1);
    if (i > this.maxSeen) {
      this.maxSeen = i;
      this.lastLexed = this.items[i]!;
    }
    this.index = i + 1;
    return this.items[i]!;
  }
  private backup(): void {
    this.index--;
  }
  private peek(): Item {
    const item = this.next();
    this.backup();
    return item;
  }
  private nextNonSpace(): Item {
    let t: Item;
    do t = this.next();
    while (t.typ === T.Space);
    return t;
  }
  private peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  // ---- errors ----

  private errorf(msg: string): never {
    const { line, column } = this.pos(Math.min(this.lastLexed.pos, this.text.length));
    throw new TemplateError(`template: ${this.name}:${line}: ${msg}`, {
      kind: 'parse',
      templateName: this.name,
      line,
      column,
      detail: msg,
    });
  }
  private unexpected(token: Item, context: string): never {
    if (token.typ === T.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== this.lineOf(token.pos)) {
        extra = ` in action started at ${this.name}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${token.val}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }
  private expect(typ: T, context: string): Item {
    const t = this.nextNonSpace();
    if (t.typ !== typ) this.unexpected(t, context);
    return t;
  }

  // ---- positions ----

  /** 0-based index of the line holding `offset`; nodes come mostly in order, so start from the last answer. */
  private lineIndex(offset: number): number {
    const starts = this.lineStarts;
    let lo = this.lastLine;
    if (starts[lo]! <= offset && (lo + 1 >= starts.length || starts[lo + 1]! > offset)) return lo;
    if (lo + 1 < starts.length && starts[lo + 1]! <= offset && (lo + 2 >= starts.length || starts[lo + 2]! > offset)) {
      return (this.lastLine = lo + 1);
    }
    lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return (this.lastLine = lo);
  }

  private lineOf(offset: number): number {
    return this.lineIndex(offset) + 1;
  }

  private pos(offset: number): Pos {
    const lo = this.lineIndex(offset);
    return { offset, line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }
  private list(offset: number): ListNode {
    return { type: 'list', pos: this.pos(offset), nodes: [] };
  }

  // ---- grammar ----

  private add(tree: ParsedTree): void {
    const old = this.trees.get(tree.name);
    if (!old || old.isEmpty) {
      this.trees.set(tree.name, tree);
      return;
    }
    if (!tree.isEmpty) this.errorf(`template: multiple definition of template ${goQuoteName(tree.name)}`);
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const nameTok = this.nextNonSpace();
    if (nameTok.typ !== T.String && nameTok.typ !== T.RawString) this.unexpected(nameTok, context);
    const name = this.unquote(nameTok.val);
    this.expect(T.RightDelim, context);
    const savedVars = this.vars;
    this.vars = ['$'];
    const { list, end } = this.itemList();
    if (end.type !== 'end') this.errorf(`unexpected ${endString(end)} in ${context}`);
    this.vars = savedVars;
    this.add({ name, root: list, isEmpty: isEmptyTree(list) });
  }

  private itemList(): { list: ListNode; end: EndOrElse } {
    const list = this.list(this.peekNonSpace().pos);
    while (this.peekNonSpace().typ !== T.EOF) {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return { list, end: n };
      list.nodes.push(n as Node);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node | EndOrElse {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case T.Text:
        return { type: 'text', pos: this.pos(token.pos), text: token.val };
      case T.LeftDelim: {
        this.actionLine = this.lineOf(token.pos);
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      case T.Comment:
        return { type: 'comment', pos: this.pos(token.pos), text: token.val };
      default:
        this.unexpected(token, 'input');
    }
  }

  private action(): Node | EndOrElse {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case T.Block:
        return this.blockControl();
      case T.Break:
        return this.breakOrContinue(token, 'break');
      case T.Continue:
        return this.breakOrContinue(token, 'continue');
      case T.Else:
        return this.elseControl();
      case T.End:
        return this.endControl();
      case T.If:
        return this.control('if', token);
      case T.Range:
        return this.control('range', token);
      case T.Template:
        return this.templateControl();
      case T.With:
        return this.control('with', token);
    }
    this.backup();
    const t = this.peek();
    return { type: 'action', pos: this.pos(t.pos), pipe: this.pipeline('command', T.RightDelim) };
  }

  private breakOrContinue(token: Item, kind: 'break' | 'continue'): Node {
    const t = this.nextNonSpace();
    if (t.typ !== T.RightDelim) this.unexpected(t, `{{${kind}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${kind}}} outside {{range}}`);
    return { type: kind, pos: this.pos(token.pos) };
  }

  private pipeline(context: string, end: T): PipeNode {
    const token = this.peekNonSpace();
    const pipe: { -readonly [K in keyof PipeNode]: PipeNode[K] } = {
      type: 'pipe',
      pos: this.pos(token.pos),
      isAssign: false,
      decl: [],
      cmds: [],
    };
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== T.Variable) break;
      const variableIndex = this.index;
      this.nextNonSpace();
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === T.Assign || next.typ === T.Declare) {
        pipe.isAssign = next.typ === T.Assign;
        this.nextNonSpace();
        pipe.decl.push(this.variable(v.pos, v.val));
        this.vars.push(v.val);
      } else if (next.typ === T.Char && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(this.variable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace().typ;
          if (p === T.Variable || p === T.RightDelim || p === T.RightParen) continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else {
        // "$x foo" or "$x}}": $x is an operand, not a declaration; rewind to it.
        void tokenAfterVariable;
        this.index = variableIndex;
      }
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      switch (t.typ) {
        case end:
          this.checkPipeline(pipe, context);
          return pipe;
        case T.Bool:
        case T.CharConstant:
        case T.Complex:
        case T.Dot:
        case T.Field:
        case T.Identifier:
        case T.Number:
        case T.Nil:
        case T.RawString:
        case T.String:
        case T.Variable:
        case T.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const t = c.args[0]!.type;
      if (t === 'bool' || t === 'dot' || t === 'nil' || t === 'number' || t === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private control(context: 'if' | 'range' | 'with', _keyword: Item): BranchNode {
    const varMark = this.vars.length;
    try {
      const pipe = this.pipeline(context, T.RightDelim);
      if (context === 'range') this.rangeDepth++;
      let r: { list: ListNode; end: EndOrElse };
      try {
        r = this.itemList();
      } finally {
        if (context === 'range') this.rangeDepth--;
      }
      let elseList: ListNode | null = null;
      if (r.end.type === 'else') {
        const p = this.peek().typ;
        if ((context === 'if' && p === T.If) || (context === 'with' && p === T.With)) {
          // {{else if x}} is {{else}}{{if x}}…{{end}}{{end}} with one {{end}} consumed by the inner control.
          const kw = this.next();
          elseList = this.list(r.end.pos);
          elseList.nodes.push(this.control(context, kw));
        } else {
          const e = this.itemList();
          if (e.end.type !== 'end') this.errorf(`expected end; found ${endString(e.end)}`);
          elseList = e.list;
        }
      }
      return { type: context, pos: pipe.pos, pipe, list: r.list, elseList };
    } finally {
      this.vars.length = varMark;
    }
  }

  private endControl(): EndOrElse {
    return { type: 'end', pos: this.expect(T.RightDelim, 'end').pos };
  }

  private elseControl(): EndOrElse {
    const peek = this.peekNonSpace();
    if (peek.typ === T.If || peek.typ === T.With) {
      // peekNonSpace left the keyword pending; control() continues the chain.
      return { type: 'else', pos: peek.pos };
    }
    return { type: 'else', pos: this.expect(T.RightDelim, 'else').pos };
  }

  private blockControl(): TemplateNode {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.templateName(token, context);
    const pipe = this.pipeline(context, T.RightDelim);
    const savedVars = this.vars;
    const savedRange = this.rangeDepth;
    this.vars = ['$'];
    this.rangeDepth = 0;
    const { list, end } = this.itemList();
    if (end.type !== 'end') this.errorf(`unexpected ${endString(end)} in ${context}`);
    this.vars = savedVars;
    this.rangeDepth = savedRange;
    this.add({ name, root: list, isEmpty: isEmptyTree(list) });
    return { type: 'template', pos: this.pos(token.pos), name, pipe };
  }

  private templateControl(): TemplateNode {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.templateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== T.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, T.RightDelim);
    }
    return { type: 'template', pos: this.pos(token.pos), name, pipe };
  }

  private templateName(token: Item, context: string): string {
    if (token.typ === T.String || token.typ === T.RawString) return this.unquote(token.val);
    this.unexpected(token, context);
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.pos(this.peekNonSpace().pos), args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.next();
      if (token.typ === T.Space) continue;
      if (token.typ === T.RightDelim || token.typ === T.RightParen) this.backup();
      else if (token.typ !== T.Pipe) this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): ArgNode | null {
    const node = this.term();
    if (!node) return null;
    if (this.peek().typ !== T.Field) return node;
    const chainPos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().typ === T.Field) fields.push(this.next().val.slice(1));
    switch (node.type) {
      case 'field':
        return { type: 'field', pos: this.pos(chainPos), ident: [...node.ident, ...fields] };
      case 'variable':
        return { type: 'variable', pos: this.pos(chainPos), ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.errorf(`unexpected . after term ${goQuoteName(nodeString(node))}`);
      // falls through (errorf never returns)
      default:
        return { type: 'chain', pos: this.pos(chainPos), node, field: fields };
    }
  }

  private term(): ArgNode | null {
    const token = this.nextNonSpace();
    // not for the token that ends a command (most calls): its position would be thrown away
    const pos = isTermStart(token.typ) ? this.pos(token.pos) : undefined!;
    switch (token.typ) {
      case T.Identifier:
        if (!this.isFunc(token.val)) this.errorf(`function ${goQuoteName(token.val)} not defined`);
        this.functions.add(token.val);
        return { type: 'identifier', pos, ident: token.val };
      case T.Dot:
        return { type: 'dot', pos };
      case T.Nil:
        return { type: 'nil', pos };
      case T.Variable:
        return this.useVar(token);
      case T.Field:
        return { type: 'field', pos, ident: [token.val.slice(1)] };
      case T.Bool:
        return { type: 'bool', pos, value: token.val === 'true' };
      case T.CharConstant:
      case T.Complex:
      case T.Number: {
        const r = parseGoNumber(token.val, token.typ === T.CharConstant, token.typ === T.Complex);
        if (typeof r === 'string') this.errorf(r);
        return { type: 'number', pos, ...r } satisfies NumberNode;
      }
      case T.LeftParen:
        return this.pipeline('parenthesized pipeline', T.RightParen);
      case T.String:
      case T.RawString:
        return { type: 'string', pos, quoted: token.val, text: this.unquote(token.val) };
    }
    this.backup();
    return null;
  }

  private variable(offset: number, name: string): VariableNode {
    return { type: 'variable', pos: this.pos(offset), ident: name.split('.') };
  }

  private useVar(token: Item): VariableNode {
    const v = this.variable(token.pos, token.val);
    if (!this.vars.includes(v.ident[0]!)) this.errorf(`undefined variable ${goQuoteName(v.ident[0]!)}`);
    return v;
  }

  private unquote(s: string): string {
    const r = unquoteGo(s);
    if (r === null) this.errorf('invalid syntax');
    return r;
  }
}

type EndOrElse = { type: 'end' | 'else'; pos: number };

/** The tokens term() makes a node of, with their position. */
function isTermStart(typ: T): boolean {
  switch (typ) {
    case T.Identifier:
    case T.Dot:
    case T.Nil:
    case T.Field:
    case T.Bool:
    case T.CharConstant:
    case T.Complex:
    case T.Number:
    case T.String:
    case T.RawString:
      return true;
  }
  return false;
}

function endString(n: EndOrElse): string {
  return n.type === 'end' ? '{{end}}' : '{{else}}';
}

function goQuoteName(s: string): string {
  return JSON.stringify(s);
}

/** Go's parse.IsEmptyTree: only whitespace text and comments. */
export function isEmptyTree(list: ListNode): boolean {
  return list.nodes.every((n) => (n.type === 'text' ? n.text.trim() === '' : n.type === 'comment'));
}

/** Node.String() as Go prints nodes in error contexts. */
export function nodeString(n: Node): string {
  switch (n.type) {
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'text':
      return n.text;
    case 'comment':
      return `{{${n.text}}}`;
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'pipe': {
      let s = '';
      if (n.decl.length > 0) s = n.decl.map(nodeString).join(', ') + (n.isAssign ? ' = ' : ' := ');
      return s + n.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return n.args.map((a) => (a.type === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'identifier':
      return n.ident;
    case 'variable':
      return n.ident.join('.');
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'field':
      return n.ident.map((f) => '.' + f).join('');
    case 'chain':
      return (n.node.type === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node)) + n.field.map((f) => '.' + f).join('');
    case 'bool':
      return String(n.value);
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
    case 'if':
    case 'range':
    case 'with': {
      let s = `{{${n.type} ${nodeString(n.pipe)}}}${nodeString(n.list)}`;
      if (n.elseList) s += `{{else}}${nodeString(n.elseList)}`;
      return s + '{{end}}';
    }
    case 'template':
      return n.pipe ? `{{template ${JSON.stringify(n.name)} ${nodeString(n.pipe)}}}` : `{{template ${JSON.stringify(n.name)}}}`;
  }
}
