// Executor for Go text/template, ported from Go 1.25 text/template/exec.go.
// Original: Copyright The Go Authors, BSD-style licence (https://go.dev/LICENSE).
//
// Value conventions inside the executor (Go's reflect distinctions):
//   undefined  the invalid reflect.Value ("no value"): results of pipelines, nil data;
//   null       a nil interface{}: a map entry that is nil or missing (missingkey=zero), a nil slice element.
// A pipeline "unwraps" interfaces after each command (null becomes undefined), as Go does.

import { GoInt, GoStruct, isMap, mapElemZero, methodOf, namedTypeOf, POINTER_STRINGER, underlyingType, type GoValue } from '../value.js';
import { goColumn } from './ast.js';
import type { ArgNode, BranchNode, CommandNode, FieldNode, IdentifierNode, Node, NumberNode, PipeNode, TemplateNode, VariableNode, ChainNode } from './ast.js';
import { BUILTINS, type BuiltinParam } from './builtins.js';
import { RangeControl, TemplateError } from './errors.js';
import { activeBudget, BudgetExceeded, checkListSize, checkStringSize, RenderBudget, withBudget } from './budget.js';
import { compareKeys, formatFloat, sprint } from './fmt.js';
import { goTypeName, isTrue } from './gotype.js';
import { nodeString } from './parser.js';
import type {
  CallContext,
  CallSite,
  ExecuteOptions,
  TemplateDefinition,
  TemplateNamespace,
  ExecuteResult,
  GoParamType,
  OutputSegment,
  SourcePosition,
  TemplateFunction,
} from './types.js';

const MISSING = Symbol('missing');
type Final = GoValue | typeof MISSING;

interface Variable {
  name: string;
  value: GoValue;
  /** Held as interface{} (a range element), which Go's messages name as "interface {}". */
  iface: boolean;
}

/** Per-template-invocation state (Go copies its state struct for each {{template}}). */
interface Frame {
  def: TemplateDefinition;
  vars: Variable[];
  depth: number;
  stack: readonly CallSite[];
}

interface Fragment {
  output: string;
  segments: OutputSegment[];
}

/** Shared by a top-level execution and every include/tpl nested in it (guards JS stack and sizes). */
interface Budget {
  nesting: number;
  outputLength: number;
}

/** Execute `name` from `set`. */
export function executeTemplate(set: TemplateNamespace, name: string, data: GoValue, options: ExecuteOptions): ExecuteResult {
  const def = set.lookup(name);
  if (!def) throw noTemplateError(name);
  // a rendering (the Helm engine) supplies its chart's budget; a lone execution gets its own
  const work = activeBudget();
  if (!work) return withBudget(new RenderBudget(), () => executeTemplate(set, name, data, options));
  const run = new Execution(set, options.provenance !== false, { nesting: 0, outputLength: 0 }, work);
  try {
    run.run(def, unwrap(data), [], 0);
  } catch (e) {
    throw toTemplateError(e, def);
  }
  return { output: run.out, segments: run.segments };
}

function noTemplateError(name: string): TemplateError {
  const msg = `template: no template ${JSON.stringify(name)} associated with template "gotpl"`;
  return new TemplateError(msg, { kind: 'exec', templateName: '', line: 0, column: 0, detail: msg });
}

function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/**
 * A function's result within the size limits: a template can double a string or a list in a loop
 * (`$s = printf "%s%s" $s $s`, `concat $l $l`) far faster than any other budget would notice.
 */
function checkResultSize(v: GoValue): GoValue {
  if (typeof v === 'string') checkStringSize(v.length);
  else if (Array.isArray(v)) checkListSize(v.length);
  return v;
}

/** Errors no function wrapper may turn into a template error: they end the whole execution. */
function isFatal(e: unknown): boolean {
  return e instanceof BudgetExceeded || isStackOverflow(e);
}

function toTemplateError(e: unknown, def: TemplateDefinition): unknown {
  if (isStackOverflow(e)) {
    const msg = `template: ${def.name}: exceeded maximum template depth (JavaScript stack exhausted)`;
    return new TemplateError(msg, { kind: 'exec', templateName: def.parseName, line: 0, column: 0, detail: msg, cause: e });
  }
  return e;
}

const unwrap = (v: GoValue): GoValue => (v === null ? undefined : v);

class Execution {
  out = '';
  segments: OutputSegment[] = [];
  private frame!: Frame;
  private node: Node | null = null;
  /** Sub-executions (include/tpl) finished while evaluating the current action, for provenance mapping. */
  private fragments: Fragment[] | null = null;
  private collecting = false;
  /** Whether dot is an interface{} value (a range element) rather than a concrete one; Go names its type in errors. */
  private dotIface = false;
  /** Set by evalField: whether its result has static type interface{} (a map entry) or a concrete type. */
  private resultIface = false;

  constructor(
    private readonly set: TemplateNamespace,
    private readonly provenance: boolean,
    private readonly budget: Budget,
    private readonly work: RenderBudget,
  ) {}

  run(def: TemplateDefinition, data: GoValue, stack: readonly CallSite[], depth: number): void {
    const saved = this.frame;
    const savedIface = this.dotIface;
    this.frame = { def, vars: [{ name: '$', value: data, iface: false }], depth, stack };
    this.dotIface = false;
    try {
      this.walk(data, def.root);
    } catch (e) {
      // the innermost template knows which action ran out of budget
      if (e instanceof BudgetExceeded && !e.where && this.node) e.where = { template: def.parseName, line: this.node.pos.line, column: this.node.pos.column };
      throw e;
    } finally {
      this.frame = saved;
      this.dotIface = savedIface;
    }
  }

  // ---- output and provenance ----

  private write(s: string, node: Node, literal: boolean): void {
    if (s === '') return;
    const start = this.out.length;
    this.work.output(s.length);
    this.budget.outputLength += s.length;
    if (this.budget.outputLength > this.set.maxOutputLength) {
      this.errorf(`output exceeds the limit of ${this.set.maxOutputLength} characters`);
    }
    this.out += s;
    if (!this.provenance) return;
    if (!literal && this.fragments && this.fragments.length > 0) {
      this.mapFragments(s, start, node);
      return;
    }
    this.addSegment(start, start + s.length, node, literal);
  }

  private addSegment(start: number, end: number, node: Node, literal: boolean): void {
    const { def, stack } = this.frame;
    const last = this.segments[this.segments.length - 1];
    const line = node.pos.line;
    const column = node.pos.column;
    if (
      last &&
      last.end === start &&
      last.line === line &&
      last.column === column &&
      last.template === def.parseName &&
      last.literal === literal &&
      (last.stack ?? EMPTY) === stack
    ) {
      (last as { end: number }).end = end;
      return;
    }
    this.segments.push(stack.length ? { start, end, template: def.parseName, line, column, literal, stack } : { start, end, template: def.parseName, line, column, literal });
  }

  /** Attribute parts of printed text `s` to the include/tpl outputs it contains (after indent/nindent/trim). */
  private mapFragments(s: string, base: number, node: Node): void {
    const mapped: OutputSegment[] = [];
    let cursor = 0;
    for (const frag of this.fragments!) {
      this.work.segments(frag.segments.length);
      const whole = frag.output.length > 0 ? s.indexOf(frag.output, cursor) : -1;
      if (whole >= 0) {
        for (const seg of frag.segments) mapped.push({ ...seg, start: seg.start + base + whole, end: seg.end + base + whole });
        cursor = whole + frag.output.length;
        continue;
      }
      // Line by line: nindent/indent add prefixes, trim drops surrounding space.
      const segs = frag.segments;
      let segIndex = 0;
      let lineStart = 0;
      while (lineStart <= frag.output.length) {
        let lineEnd = frag.output.indexOf('\n', lineStart);
        if (lineEnd < 0) lineEnd = frag.output.length;
        const line = frag.output.slice(lineStart, lineEnd);
        const text = line.trim();
        if (text.length > 0) {
          const at = s.indexOf(text, cursor);
          // A missing line means the text was transformed beyond indentation (b64enc, sha256sum…): give up on it.
          if (at < 0) break;
          const from = lineStart + line.indexOf(text);
          const to = from + text.length;
          const shift = base + at - from;
          while (segIndex < segs.length && segs[segIndex]!.end <= from) segIndex++;
          for (let i = segIndex; i < segs.length && segs[i]!.start < to; i++) {
            const seg = segs[i]!;
            mapped.push({ ...seg, start: Math.max(seg.start, from) + shift, end: Math.min(seg.end, to) + shift });
          }
          cursor = at + text.length;
        }
        lineStart = lineEnd + 1;
      }
    }
    mapped.sort((x, y) => x.start - y.start);
    let pos = base;
    for (const seg of mapped) {
      if (seg.start < pos) continue;
      if (seg.start > pos) this.addSegment(pos, seg.start, node, false);
      this.segments.push(seg);
      pos = seg.end;
    }
    if (pos < base + s.length) this.addSegment(pos, base + s.length, node, false);
  }

  // ---- errors ----

  private at(node: Node): void {
    this.node = node;
  }

  private errorf(msg: string, cause?: unknown): never {
    const { def } = this.frame;
    const node = this.node;
    if (!node) {
      const text = `template: ${def.name}: ${msg}`;
      throw new TemplateError(text, { kind: 'exec', templateName: def.parseName, line: 0, column: 0, executingTemplate: def.name, detail: msg, cause });
    }
    const { line, column } = node.pos;
    const goCol = goColumn(def.text, node.pos);
    const context = nodeString(node);
    const text = `template: ${def.parseName}:${line}:${goCol}: executing ${JSON.stringify(def.name)} at <${context}>: ${msg}`;
    throw new TemplateError(text, {
      kind: 'exec',
      templateName: def.parseName,
      line,
      column,
      executingTemplate: def.name,
      context,
      detail: msg,
      cause,
    });
  }

  // ---- variables ----

  private push(name: string, value: GoValue): void {
    this.frame.vars.push({ name, value, iface: false });
  }
  private mark(): number {
    return this.frame.vars.length;
  }
  private pop(mark: number): void {
    this.frame.vars.length = mark;
  }
  private setVar(name: string, value: GoValue, iface = false): void {
    const vars = this.frame.vars;
    for (let i = vars.length - 1; i >= 0; i--) {
      if (vars[i]!.name === name) {
        vars[i]!.value = value;
        vars[i]!.iface = iface;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }
  private setTopVar(n: number, value: GoValue, iface: boolean): void {
    const v = this.frame.vars[this.frame.vars.length - n]!;
    v.value = value;
    v.iface = iface;
  }
  private variable(name: string): Variable {
    const vars = this.frame.vars;
    for (let i = vars.length - 1; i >= 0; i--) if (vars[i]!.name === name) return vars[i]!;
    this.errorf(`undefined variable: ${name}`);
  }

  // ---- walking ----

  private walk(dot: GoValue, node: Node): void {
    this.at(node);
    switch (node.type) {
      case 'action': {
        // Collect include/tpl outputs only while an action that may print them runs.
        this.fragments = null;
        this.collecting = this.provenance && node.pipe.decl.length === 0;
        try {
          const val = this.evalPipeline(dot, node.pipe);
          if (node.pipe.decl.length === 0) this.printValue(node, val);
        } finally {
          this.fragments = null;
          this.collecting = false;
        }
        return;
      }
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      case 'comment':
        return;
      case 'if':
      case 'with':
        return this.walkIfOrWith(node, dot);
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        return this.walkTemplate(dot, node);
      case 'text':
        this.write(node.text, node, true);
        return;
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  private walkIfOrWith(node: BranchNode, dot: GoValue): void {
    const mark = this.mark();
    try {
      const val = this.evalPipeline(dot, node.pipe);
      if (!isTrue(val)) {
        if (node.elseList) this.walk(dot, node.elseList);
      } else if (node.type === 'with') {
        const savedIface = this.dotIface;
        this.dotIface = false;
        try {
          this.walk(val, node.list);
        } finally {
          this.dotIface = savedIface;
        }
      } else this.walk(dot, node.list);
    } finally {
      this.pop(mark);
    }
  }

  private walkRange(dot: GoValue, r: BranchNode): void {
    this.at(r);
    const outerMark = this.mark();
    const outerIface = this.dotIface;
    try {
      const val = this.evalPipeline(dot, r.pipe);
      const mark = this.mark();
      const decl = r.pipe.decl;
      const limit = this.set.maxRangeIterations;
      let elemIface = false;
      const oneIteration = (index: GoValue, elem: GoValue): boolean => {
        if (decl.length > 0) {
          if (r.pipe.isAssign) {
            if (decl.length > 1) this.setVar(decl[0]!.ident[0]!, index);
            else this.setVar(decl[0]!.ident[0]!, elem, elemIface);
          } else this.setTopVar(1, elem, elemIface);
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1]!.ident[0]!, elem, elemIface);
          else this.setTopVar(2, index, false);
        }
        this.dotIface = elemIface;
        this.work.iteration();
        try {
          this.walk(elem, r.list);
        } catch (e) {
          if (e === CONTINUE) return true;
          if (e === BREAK) return false;
          throw e;
        } finally {
          this.pop(mark);
        }
        return true;
      };
      const tooMany = (n: number | bigint): void => {
        if (n > limit) this.errorf(`range over ${n} elements exceeds the iteration limit (${limit})`);
      };
      if (Array.isArray(val)) {
        elemIface = underlyingType(val) === '[]interface {}';
        if (val.length > 0) {
          for (let i = 0; i < val.length; i++) {
            const e = val[i];
            if (!oneIteration(new GoInt(BigInt(i), 'int'), e === undefined ? null : e)) break;
          }
          return;
        }
      } else if (isMap(val)) {
        const keys = Object.keys(val).sort(compareKeys);
        elemIface = !/^map\[[^\]]*\](?!interface \{\}$)/.test(underlyingType(val));
        if (keys.length > 0) {
          for (const k of keys) {
            const e = val[k];
            if (!oneIteration(k, e === undefined ? null : e)) break;
          }
          return;
        }
      } else if (val instanceof GoInt) {
        if (decl.length > 1) this.errorf(`can't use ${sprint(val)} to iterate over more than one variable`);
        if (val.value > 0n) {
          tooMany(val.value);
          for (let i = 0n; i < val.value; i++) {
            if (!oneIteration(undefined, new GoInt(i, val.type))) break;
          }
          return;
        }
      } else if (val !== undefined && val !== null) {
        this.errorf(`range can't iterate over ${sprint(val)}`);
      }
      this.dotIface = outerIface;
      if (r.elseList) this.walk(dot, r.elseList);
    } finally {
      this.pop(outerMark);
      this.dotIface = outerIface;
    }
  }

  private walkTemplate(dot: GoValue, t: TemplateNode): void {
    this.at(t);
    const def = this.set.lookup(t.name);
    if (!def) this.errorf(`template ${JSON.stringify(t.name)} not defined`);
    if (this.frame.depth >= this.set.maxDepth) this.errorf(`exceeded maximum template depth (${this.set.maxDepth})`);
    if (this.budget.nesting >= this.set.maxNesting) this.errorf(`exceeded maximum template depth (${this.set.maxNesting})`);
    const newDot = this.evalPipeline(dot, t.pipe);
    this.work.call();
    const { pos } = t;
    // one literal, not a spread of a position object: a spread copies through a slow path in cold code
    const site: CallSite = { template: this.frame.def.parseName, line: pos.line, column: pos.column, offset: pos.offset, via: 'template', callee: t.name };
    this.budget.nesting++;
    try {
      this.run(def, newDot, [...this.frame.stack, site], this.frame.depth + 1);
    } finally {
      this.budget.nesting--;
    }
  }

  // ---- evaluation ----

  private evalPipeline(dot: GoValue, pipe: PipeNode | null): GoValue {
    if (!pipe) return undefined;
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = unwrap(this.evalCommand(dot, cmd, value));
    }
    const result = value === MISSING ? undefined : value;
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0]!, result);
      else this.push(v.ident[0]!, result);
    }
    return result;
  }

  private notAFunction(args: readonly ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${nodeString(args[0]!)}`);
  }

  private evalCommand(dot: GoValue, cmd: CommandNode, final: Final): GoValue {
    const first = cmd.args[0]!;
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        this.errorf('nil is not a command');
      // falls through (errorf never returns)
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
  }

  private idealConstant(c: NumberNode): GoValue {
    this.at(c);
    const t = c.text;
    const isHexInt = t.length > 2 && t[0] === '0' && (t[1] === 'x' || t[1] === 'X') && !/[pP]/.test(t);
    const isRuneInt = t[0] === "'";
    if (c.isFloat && !isHexInt && !isRuneInt && /[.eEpP]/.test(t)) return c.float64;
    if (c.isInt) return new GoInt(c.int64, 'int');
    if (c.isUint) this.errorf(`${t} overflows int`);
    return undefined;
  }

  private evalFieldNode(dot: GoValue, field: FieldNode, args: readonly ArgNode[], final: Final): GoValue {
    this.at(field);
    return this.evalFieldChain(dot, dot, this.dotIface, field, field.ident, args, final);
  }

  private evalChainNode(dot: GoValue, chain: ChainNode, args: readonly ArgNode[], final: Final): GoValue {
    this.at(chain);
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(dot, pipe, false, chain, chain.field, args, final);
  }

  private evalVariableNode(dot: GoValue, v: VariableNode, args: readonly ArgNode[], final: Final): GoValue {
    this.at(v);
    const variable = this.variable(v.ident[0]!);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return variable.value;
    }
    return this.evalFieldChain(dot, variable.value, variable.iface, v, v.ident.slice(1), args, final);
  }

  private evalFieldChain(dot: GoValue, receiver: GoValue, iface: boolean, node: Node, ident: readonly string[], args: readonly ArgNode[], final: Final): GoValue {
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) {
      receiver = this.evalField(dot, ident[i]!, node, NO_ARGS, MISSING, receiver, iface);
      iface = this.resultIface;
    }
    return this.evalField(dot, ident[n - 1]!, node, args, final, receiver, iface);
  }

  private evalField(dot: GoValue, fieldName: string, node: Node, args: readonly ArgNode[], final: Final, receiver: GoValue, receiverIface: boolean): GoValue {
    this.resultIface = false;
    if (receiver === undefined) {
      if (this.set.missingKey === 'error') this.errorf(`nil data; no entry for key ${JSON.stringify(fieldName)}`);
      return undefined;
    }
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${fieldName}`);
    const hasArgs = args.length > 1 || final !== MISSING;
    if (receiver instanceof GoStruct) {
      const member = (receiver as unknown as Record<string, unknown>)[fieldName];
      // Only exported (capitalised) methods are visible to templates, as in Go.
      if (typeof member === 'function' && /^\p{Lu}/u.test(fieldName)) {
        return this.evalCall(dot, member as TemplateFunction, receiver, node, fieldName, args, final);
      }
      if (member !== undefined && fieldName !== 'goTypeName' && Object.prototype.hasOwnProperty.call(receiver, fieldName)) {
        if (!/^\p{Lu}/u.test(fieldName)) this.errorf(`${fieldName} is an unexported field of struct type ${receiverIface ? 'interface {}' : goTypeName(receiver)}`);
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        return member as GoValue;
      }
    } else if (Array.isArray(receiver) || isMap(receiver)) {
      // A named map or slice type (Helm's engine.files, common.VersionSet): methods first, as Go's evalField.
      const method = methodOf(receiver, fieldName);
      if (method) return this.evalCall(dot, method as unknown as TemplateFunction, receiver, node, fieldName, args, final);
    }
    if (isMap(receiver)) {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      const v = Object.prototype.hasOwnProperty.call(receiver, fieldName) ? receiver[fieldName] : undefined;
      const mapT = underlyingType(receiver);
      this.resultIface = /^map\[[^\]]*\]interface \{\}$/.test(mapT) || !mapT.startsWith('map[');
      if (v !== undefined) return v;
      switch (this.set.missingKey) {
        case 'zero':
          return mapElemZero(receiver);
        case 'default':
          return undefined;
        case 'error':
          this.errorf(`map has no entry for key ${JSON.stringify(fieldName)}`);
      }
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${receiverIface ? 'interface {}' : goTypeName(receiver)}`);
  }

  private evalFunction(dot: GoValue, node: IdentifierNode, cmd: Node, args: readonly ArgNode[], final: Final): GoValue {
    this.at(node);
    this.work.call();
    const name = node.ident;
    const user = this.set.getFunc(name);
    if (user) return this.evalCall(dot, user, undefined, cmd, name, args, final);
    if (Object.hasOwn(BUILTINS, name)) return this.evalBuiltin(dot, name, cmd, args, final);
    this.errorf(`${JSON.stringify(name)} is not a defined function`);
  }

  private wrongArgs(name: string, want: number, got: number, variadic: boolean): never {
    if (variadic) this.errorf(`wrong number of args for ${name}: want at least ${want} got ${got}`);
    this.errorf(`wrong number of args for ${name}: want ${want} got ${got}`);
  }

  private evalBuiltin(dot: GoValue, name: string, node: Node, allArgs: readonly ArgNode[], final: Final): GoValue {
    const b = BUILTINS[name]!;
    const args = allArgs.length > 0 ? allArgs.slice(1) : allArgs;
    const numIn = args.length + (final !== MISSING ? 1 : 0);
    const numParams = b.params.length;
    if (b.variadic) {
      if (numIn < numParams - 1) this.wrongArgs(name, numParams - 1, args.length, true);
    } else if (numIn !== numParams) this.wrongArgs(name, numParams, numIn, false);

    if (name === 'and' || name === 'or') {
      let v: GoValue = undefined;
      for (const arg of args) {
        v = unwrap(this.evalArg(dot, 'value', arg));
        if (isTrue(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = unwrap(final);
      return v;
    }

    const lastParam = numParams - 1;
    const argv: GoValue[] = new Array(args.length);
    for (let i = 0; i < args.length; i++) argv[i] = this.evalArg(dot, b.params[i < lastParam || !b.variadic ? i : lastParam]!, args[i]!);
    if (final !== MISSING) {
      const i = argv.length;
      argv.push(this.validateType(final, b.params[i < lastParam || !b.variadic ? i : lastParam]!));
    }

    if (name === 'call') return this.builtinCall(node, args, argv);
    try {
      return checkResultSize(b.fn(...argv));
    } catch (e) {
      if (isFatal(e)) throw e;
      this.at(node);
      this.errorf(`error calling ${name}: ${errorMessage(e)}`, e);
    }
  }

  private builtinCall(node: Node, args: readonly ArgNode[], argv: GoValue[]): GoValue {
    const [fn, ...rest] = argv;
    const calleeName = args[0] ? nodeString(args[0]) : '';
    try {
      if (fn === null || fn === undefined) throw new Error('call of nil');
      if (typeof fn !== 'function') throw new Error(`non-function ${calleeName} of type ${goTypeName(fn)}`);
      return this.invoke(
        fn as TemplateFunction,
        undefined,
        calleeName,
        node,
        rest.map((v) => (v === undefined ? null : v)),
      );
    } catch (e) {
      if (isFatal(e)) throw e;
      this.at(node);
      this.errorf(`error calling call: ${errorMessage(e)}`, e);
    }
  }

  private evalCall(dot: GoValue, fn: TemplateFunction, receiver: GoValue, node: Node, name: string, allArgs: readonly ArgNode[], final: Final): GoValue {
    const args = allArgs.length > 0 ? allArgs.slice(1) : allArgs;
    const sig = fn.signature;
    let argv: GoValue[];
    if (!sig) {
      argv = new Array(args.length);
      for (let i = 0; i < args.length; i++) argv[i] = this.evalArg(dot, 'interface{}', args[i]!);
      if (final !== MISSING) argv.push(this.validateType(final, 'interface{}'));
    } else {
      const numIn = args.length + (final !== MISSING ? 1 : 0);
      const numParams = sig.params.length;
      let numFixed = args.length;
      if (sig.variadic) {
        numFixed = numParams - 1;
        if (numIn < numFixed) this.wrongArgs(name, numParams - 1, args.length, true);
      } else if (numIn !== numParams) this.wrongArgs(name, numParams, numIn, false);
      argv = [];
      let i = 0;
      for (; i < numFixed && i < args.length; i++) argv.push(this.evalArg(dot, sig.params[i]!, args[i]!));
      if (sig.variadic) for (; i < args.length; i++) argv.push(this.evalArg(dot, sig.params[numParams - 1]!, args[i]!));
      if (final !== MISSING) {
        const t = sig.variadic && numIn - 1 >= numFixed ? sig.params[numParams - 1]! : sig.params[numIn - 1]!;
        argv.push(this.validateType(final, t));
      }
    }
    try {
      return checkResultSize(this.invoke(fn, receiver, name, node, argv));
    } catch (e) {
      if (isFatal(e)) throw e;
      this.at(node);
      this.errorf(`error calling ${name}: ${errorMessage(e)}`, e);
    }
  }

  private invoke(fn: TemplateFunction, receiver: GoValue, name: string, node: Node, argv: GoValue[]): GoValue {
    if (receiver !== undefined) {
      const r = (fn as unknown as (...a: GoValue[]) => unknown).apply(receiver, argv);
      return r === undefined ? null : (r as GoValue);
    }
    const r = fn.apply(this.callContext(name, node), argv);
    return r;
  }

  private callContext(functionName: string, node: Node): CallContext {
    return new FunctionCall(this, this.set, functionName, node, this.frame);
  }

  /** include/tpl: a fresh Go execution state (depth 0), sharing this run's budget and call stack for provenance. */
  executeNested(set: TemplateNamespace, name: string, data: GoValue, site: CallSite, frame: Frame): string {
    const def = set.lookup(name);
    if (!def) throw noTemplateError(name);
    if (this.budget.nesting >= set.maxNesting) throw new Error(`exceeded maximum template depth (${set.maxNesting})`);
    this.work.call();
    const sub = new Execution(set, this.provenance, this.budget, this.work);
    this.budget.nesting++;
    try {
      sub.run(def, unwrap(data), [...frame.stack, site], 0);
    } finally {
      this.budget.nesting--;
    }
    if (this.collecting) (this.fragments ??= []).push({ output: sub.out, segments: sub.segments });
    return sub.out;
  }

  // ---- arguments ----

  /** Evaluate an argument for a parameter of type `typ` (null: untyped, as Go's evalArg with a nil type). */
  private evalArg(dot: GoValue, typ: GoParamType | BuiltinParam | null, n: ArgNode): GoValue {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ === null || canBeNil(typ)) return null;
        this.errorf(`cannot assign nil to ${goParamName(typ)}`);
      // falls through (errorf never returns)
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), typ);
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, n, NO_ARGS, MISSING), typ);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), typ);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, NO_ARGS, MISSING), typ);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, n, NO_ARGS, MISSING), typ);
    }
    switch (typ) {
      case 'bool':
        if (n.type === 'bool') return n.value;
        this.errorf(`expected bool; found ${nodeString(n)}`);
      // falls through
      case 'float64':
        if (n.type === 'number' && n.isFloat) return n.float64;
        this.errorf(`expected float; found ${nodeString(n)}`);
      // falls through
      case 'int':
      case 'int64':
        if (n.type === 'number' && n.isInt) return new GoInt(n.int64, typ);
        this.errorf(`expected integer; found ${nodeString(n)}`);
      // falls through
      case 'string':
        if (n.type === 'string') return n.text;
        this.errorf(`expected string; found ${nodeString(n)}`);
      // falls through
      case null:
      case 'any':
      case 'value':
      case 'interface{}':
        switch (n.type) {
          case 'bool':
            return n.value;
          case 'number':
            return this.idealConstant(n);
          case 'string':
            return n.text;
        }
    }
    this.errorf(`can't handle ${nodeString(n)} for arg of type ${goParamName(typ)}`);
  }

  /** Go's validateType: check (and for interfaces, nil-normalize) a value for a parameter type. */
  private validateType(value: Final, typ: GoParamType | BuiltinParam | null): GoValue {
    if (value === MISSING) return undefined;
    if (typ === null || typ === 'value') return value;
    if (typ === 'any' || typ === 'interface{}') return value === undefined ? null : value;
    if (value === undefined) {
      if (canBeNil(typ)) return null;
      this.errorf(`invalid value; expected ${goParamName(typ)}`);
    }
    if (value === null) {
      this.errorf(`wrong type for value; expected ${goParamName(typ)}; got interface {}`);
    }
    let ok: boolean;
    switch (typ) {
      case 'string':
        ok = typeof value === 'string';
        break;
      case 'bool':
        ok = typeof value === 'boolean';
        break;
      case 'float64':
        ok = typeof value === 'number';
        break;
      case 'int':
      case 'int64':
        ok = value instanceof GoInt && value.type === typ;
        break;
      case '[]interface{}':
      case '[]string':
        // Go's assignability: a named slice type (common.VersionSet) passes for its unnamed underlying type.
        ok = Array.isArray(value) && (goTypeName(value) === goParamName(typ) || underlyingType(value) === goParamName(typ));
        break;
      case 'map[string]interface{}':
        // chartutil.Values passes (its underlying type is map[string]interface {}); engine.files does not
        ok = isMap(value) && (namedTypeOf(value)?.underlying ?? 'map[string]interface {}') === 'map[string]interface {}';
        break;
    }
    if (!ok) this.errorf(`wrong type for value; expected ${goParamName(typ)}; got ${goTypeName(value)}`);
    return value;
  }

  // ---- printing ----

  private printValue(node: Node, v: GoValue): void {
    this.at(node);
    let s: string;
    if (v === undefined || v === null) s = '<no value>';
    else if (typeof v === 'string') s = v;
    else if (typeof v === 'number') s = formatFloat(v, 'g', -1);
    else if (v instanceof GoInt) s = v.value.toString();
    else if (typeof v === 'function') this.errorf(`can't print ${nodeString(node)} of type ${goTypeName(v)}`);
    else if (v instanceof GoStruct && (v as unknown as Record<symbol, unknown>)[POINTER_STRINGER] === true) {
      // Go's printValue takes the address of an addressable struct whose pointer has String (common.KubeVersion)
      s = String((v as unknown as { String(): unknown }).String());
    } else s = sprint(v);
    this.write(s, node, false);
  }
}

/** `this` of template functions; position and friends are computed only when a function asks. */
class FunctionCall implements CallContext {
  constructor(
    private readonly exec: Execution,
    readonly templates: TemplateNamespace,
    readonly functionName: string,
    private readonly node: Node,
    private readonly frame: Frame,
  ) {}
  get position(): SourcePosition {
    const { pos } = this.node;
    return { template: this.frame.def.parseName, line: pos.line, column: pos.column, offset: pos.offset };
  }
  get executingTemplate(): string {
    return this.frame.def.name;
  }
  get depth(): number {
    return this.frame.depth;
  }
  get stack(): readonly CallSite[] {
    return this.frame.stack;
  }
  executeTemplate(name: string, data: GoValue, set?: TemplateNamespace): string {
    const { pos } = this.node;
    // the fields of position, in its order, without making it and spreading it (every include)
    const site: CallSite = {
      template: this.frame.def.parseName,
      line: pos.line,
      column: pos.column,
      offset: pos.offset,
      via: 'function',
      callee: name,
      function: this.functionName,
    };
    return this.exec.executeNested(set ?? this.templates, name, data, site, this.frame);
  }
}

const NO_ARGS: readonly ArgNode[] = [];
const EMPTY: readonly CallSite[] = [];
const BREAK = new RangeControl('break');
const CONTINUE = new RangeControl('continue');

function canBeNil(typ: GoParamType | BuiltinParam): boolean {
  return typ === 'interface{}' || typ === 'any' || typ === 'value' || typ === '[]interface{}' || typ === '[]string' || typ === 'map[string]interface{}';
}

function goParamName(typ: GoParamType | BuiltinParam | null): string {
  switch (typ) {
    case null:
    case 'any':
    case 'interface{}':
      return 'interface {}';
    case 'value':
      return 'reflect.Value';
    case '[]interface{}':
      return '[]interface {}';
    case 'map[string]interface{}':
      return 'map[string]interface {}';
    default:
      return typ;
  }
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return sprint(e as GoValue);
}
