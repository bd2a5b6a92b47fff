// Public types of the Go text/template engine: positions, provenance segments, the function
// interface the Sprig/Helm library plugs into, and execution options.

import type { GoValue } from '../value.js';
import type { ListNode } from './ast.js';

/** One named template: a file's top-level body or a `define`/`block`. */
export interface TemplateDefinition {
  readonly name: string;
  /** The file (parse name) its source came from; error positions and provenance use it. */
  readonly parseName: string;
  readonly root: ListNode;
  /** The source text of the file it was parsed from. */
  readonly text: string;
}

/**
 * A template set as the executor and template functions see it. TemplateSet implements it; it is
 * declared here so that these types and the executor do not import the class (no import cycle).
 */
export interface TemplateNamespace {
  readonly missingKey: MissingKeyMode;
  readonly maxDepth: number;
  readonly maxNesting: number;
  readonly maxRangeIterations: number;
  readonly maxOutputLength: number;
  addFuncs(funcs: FuncMap): this;
  getFunc(name: string): TemplateFunction | undefined;
  hasFunc(name: string): boolean;
  parse(name: string, text: string): this;
  lookup(name: string): TemplateDefinition | undefined;
  has(name: string): boolean;
  names(): string[];
  clone(): TemplateNamespace;
  execute(name: string, data: GoValue, options?: ExecuteOptions): ExecuteResult;
}

/** A place in a template source. `template` is the parse name (the file, e.g. "mychart/templates/x.yaml"). */
export interface SourcePosition {
  readonly template: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column in UTF-16 code units (what editors and SARIF use). Go's own messages use a 0-based byte column. */
  readonly column: number;
  /** 0-based offset in the template text (UTF-16 code units). */
  readonly offset: number;
}

/** One frame of the template/include/tpl call stack, outermost first in `stack`. */
export interface CallSite extends SourcePosition {
  /** How the frame was entered: the `template` action, or a function (include, tpl, …) that executed a template. */
  readonly via: 'template' | 'function';
  /** The executed template's name (`template "x"`, `include "x"`, or the name a `tpl` text was parsed under). */
  readonly callee: string;
  /** The function that executed it (e.g. "include", "tpl") when via is 'function'. */
  readonly function?: string;
}

/** A chunk of output [start, end) and the text node or action that produced it. */
export interface OutputSegment {
  readonly start: number;
  readonly end: number;
  readonly template: string;
  readonly line: number;
  readonly column: number;
  /** true when the chunk is literal template text, false when an action printed it. */
  readonly literal: boolean;
  /** The calls that led here, outermost first; absent at top level. */
  readonly stack?: readonly CallSite[];
}

export interface ExecuteResult {
  readonly output: string;
  /** Ordered, non-overlapping, adjacent literal chunks of one node coalesced. Empty when provenance is off. */
  readonly segments: readonly OutputSegment[];
}

export interface ExecuteOptions {
  /** Record provenance segments (default true). Turning it off saves a little time. */
  readonly provenance?: boolean;
}

/**
 * What a template function sees as `this`. Functions get their arguments as GoValues (Go nil arrives as null
 * for interface{} parameters, missing map keys included) and may throw; the executor wraps the error like Go:
 * `template: f:3:4: executing "f" at <include "x" .>: error calling include: <message>`.
 */
export interface CallContext {
  /** The template set being executed (a `tpl` clone executes in its own set). */
  readonly templates: TemplateNamespace;
  /** The function name as called. */
  readonly functionName: string;
  /** Position of the calling command (for `required`/`fail` findings). */
  readonly position: SourcePosition;
  /** The name of the template being executed (a define name or a file name). */
  readonly executingTemplate: string;
  /** Go's `template` nesting depth in this execution (0 at top level; include/tpl start a new execution at 0). */
  readonly depth: number;
  /** The call stack at this call, outermost first. */
  readonly stack: readonly CallSite[];
  /**
   * Execute the named template with `data` and return its output, recording provenance under this call site.
   * `set` defaults to `templates`; `tpl` passes its clone. Throws TemplateError when the template is missing
   * (`no template "x" associated with template "y"`) or fails.
   */
  executeTemplate(name: string, data: GoValue, set?: TemplateNamespace): string;
}

/**
 * Go parameter types the executor can check and convert arguments to, mirroring reflect-based calls.
 * 'interface{}' accepts anything (nil included).
 */
export type GoParamType = 'interface{}' | 'string' | 'bool' | 'int' | 'int64' | 'float64' | '[]interface{}' | '[]string' | 'map[string]interface{}';

/**
 * Optional Go signature of a function. Without it the executor passes any number of arguments unchecked.
 * `params` lists the parameter types; with `variadic`, the last entry is the element type of `...T` and
 * calls need at least params.length-1 arguments (Go: "wrong number of args for f: want at least 1 got 0").
 */
export interface FunctionSignature {
  readonly params: readonly GoParamType[];
  readonly variadic?: boolean;
}

export interface TemplateFunction {
  (this: CallContext, ...args: GoValue[]): GoValue;
  signature?: FunctionSignature;
}

export type FuncMap = Record<string, TemplateFunction>;

export type MissingKeyMode = 'zero' | 'default' | 'error';

export interface TemplateSetOptions {
  /** Functions available to templates, in addition to the Go builtins (which they may override, as in Go). */
  readonly funcs?: FuncMap;
  /** Go's missingkey option; Helm uses 'zero' ('error' in strict mode). Default 'zero'. */
  readonly missingKey?: MissingKeyMode;
  /** Max nesting of `template` actions in one execution, Go's maxExecDepth (default 100000). */
  readonly maxDepth?: number;
  /**
   * Max nesting of template/include/tpl executions together (default 200). JavaScript stacks are far smaller
   * than Go's, so deep recursion (e.g. an include loop that Helm stops after 1000 calls) ends here with
   * "exceeded maximum template depth (200)" instead of exhausting the stack.
   */
  readonly maxNesting?: number;
  /** Max iterations of one `range` (guards `range 100000000000`). Default 10,000,000. */
  readonly maxRangeIterations?: number;
  /** Max output length in UTF-16 units per execution. Default 256 MiB worth. */
  readonly maxOutputLength?: number;
}
