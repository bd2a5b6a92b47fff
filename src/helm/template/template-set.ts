// A set of associated templates sharing one namespace and one function map, like Go's *template.Template.

import type { GoValue } from '../value.js';
import { parseTemplate } from './parser.js';
import { executeTemplate } from './exec.js';
import { BUILTIN_NAMES } from './builtins.js';
import type { ExecuteOptions, ExecuteResult, FuncMap, MissingKeyMode, TemplateDefinition, TemplateFunction, TemplateNamespace, TemplateSetOptions } from './types.js';

export class TemplateSet implements TemplateNamespace {
  private templates: Map<string, TemplateDefinition>;
  private funcs: Map<string, TemplateFunction>;
  readonly missingKey: MissingKeyMode;
  readonly maxDepth: number;
  readonly maxNesting: number;
  readonly maxRangeIterations: number;
  readonly maxOutputLength: number;

  constructor(options: TemplateSetOptions = {}) {
    this.templates = new Map();
    this.funcs = new Map(Object.entries(options.funcs ?? {}));
    this.missingKey = options.missingKey ?? 'zero';
    this.maxDepth = options.maxDepth ?? 100_000;
    this.maxNesting = options.maxNesting ?? 200;
    this.maxRangeIterations = options.maxRangeIterations ?? 10_000_000;
    this.maxOutputLength = options.maxOutputLength ?? 256 * 1024 * 1024;
  }

  /** Add or replace functions (Go's Funcs). Call before parsing templates that use them. */
  addFuncs(funcs: FuncMap): this {
    for (const [name, fn] of Object.entries(funcs)) this.funcs.set(name, fn);
    return this;
  }

  /** A user function by name (builtins are resolved by the executor when no user function overrides them). */
  getFunc(name: string): TemplateFunction | undefined {
    return this.funcs.get(name);
  }

  /** Is `name` callable: a registered function or a Go builtin. Parsing rejects other identifiers. */
  hasFunc(name: string): boolean {
    return this.funcs.has(name) || BUILTIN_NAMES.has(name);
  }

  /**
   * Parse `text` as the template `name` (Go: t.New(name).Parse(text)). Its `define`/`block` bodies join the set.
   * Redefinition is last-wins, except that an empty body (only whitespace/comments) never replaces a non-empty
   * one, as in Go; Helm controls precedence by parse order. Throws TemplateError (kind 'parse').
   */
  parse(name: string, text: string): this {
    const trees = parseTemplate(name, text, (fn) => this.hasFunc(fn));
    for (const tree of trees) {
      const old = this.templates.get(tree.name);
      if (old && tree.isEmpty && !isEmptyDefinition(old)) continue;
      this.templates.set(tree.name, { name: tree.name, parseName: name, root: tree.root, text });
    }
    return this;
  }

  lookup(name: string): TemplateDefinition | undefined {
    return this.templates.get(name);
  }

  has(name: string): boolean {
    return this.templates.has(name);
  }

  /** Names of all templates in the set, sorted. */
  names(): string[] {
    return [...this.templates.keys()].sort();
  }

  /** A copy sharing the parsed trees (immutable), with its own namespace and function map; cheap enough for `tpl`. */
  clone(): TemplateSet {
    const copy = Object.create(TemplateSet.prototype) as TemplateSet;
    Object.assign(copy, this);
    copy.templates = new Map(this.templates);
    copy.funcs = new Map(this.funcs);
    return copy;
  }

  /** Execute the named template. Throws TemplateError (kind 'exec'), or (kind 'exec', no position) when missing. */
  execute(name: string, data: GoValue, options: ExecuteOptions = {}): ExecuteResult {
    return executeTemplate(this, name, data, options);
  }
}

function isEmptyDefinition(def: TemplateDefinition): boolean {
  return def.root.nodes.every((n) => n.type === 'text' && n.text.trim() === '');
}
