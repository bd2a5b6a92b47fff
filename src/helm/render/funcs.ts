// Helm's template functions on top of Sprig (pkg/engine/funcs.go + engine.go): include, tpl,
// required, fail, lookup, getHostByName, and the YAML/JSON helpers.

import type { CallContext, FuncMap, TemplateFunction } from '../template/index.js';
import { TemplateSet } from '../template/index.js';
import { BudgetExceeded } from '../template/budget.js';
import { isMap, newMap, type GoValue } from '../value.js';
import {
  fromJson,
  fromJsonArray,
  fromYaml,
  fromYamlArray,
  goJsonParse,
  mustToJson,
  mustToPrettyJson,
  mustToRawJson,
  toJson,
  toPrettyJson,
  toRawJson,
  toYaml,
  toYamlPretty,
} from '../yaml/index.js';

export const RECURSION_MAX = 1000;

export interface LintNotice {
  kind: 'required' | 'fail';
  message: string;
  template: string;
  line: number;
  column: number;
}

export interface HelmFuncOptions {
  /** Record required/fail as notices and continue (Helm's lint mode). */
  lintMode?: boolean;
  onNotice?: (n: LintNotice) => void;
}

/** Marker Helm wraps required/fail messages in (warnWrap), so errors can be reformatted. */
export const WARN_START = 'HELM_ERR_START';
export const WARN_END = 'HELM_ERR_END';

export class HelmFunctionError extends Error {
  constructor(
    message: string,
    readonly helmKind: 'required' | 'fail',
  ) {
    super(message);
  }
}

function fn(f: (this: CallContext, ...args: GoValue[]) => GoValue): TemplateFunction {
  return f as TemplateFunction;
}

function str(v: GoValue): string {
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
}

/** Helm's engine toYAML: yaml.Marshal without the trailing newline; "" on error. */
export function helmToYaml(v: GoValue): string {
  try {
    return toYaml(v);
  } catch {
    return '';
  }
}

/** Functions that do not depend on the template set. */
export function helmStaticFuncs(options: HelmFuncOptions = {}): FuncMap {
  const notice = (ctx: CallContext, kind: 'required' | 'fail', message: string) => {
    const pos = ctx.stack.length > 0 ? ctx.stack[0]! : ctx.position;
    options.onNotice?.({ kind, message, template: pos.template, line: pos.line, column: pos.column });
  };
  const funcs: FuncMap = {
    toYaml: fn((v) => helmToYaml(v)),
    // as before: the shim's toYaml (errors other than Go's JSON/range ones still throw)
    mustToYaml: fn((v) => toYaml(v)),
    toYamlPretty: fn((v) => toYamlPretty(v)),
    fromYaml: fn((s) => {
      try {
        const out = fromYaml(str(s)) as GoValue;
        return isMap(out) ? out : newMap();
      } catch (e) {
        return newMap([['Error', (e as Error).message]]);
      }
    }),
    lookup: fn(() => newMap()),
    getHostByName: fn(() => ''),
    required: fn(function (this: CallContext, warn, val) {
      if (val === null || val === undefined || val === '') {
        if (options.lintMode) {
          notice(this, 'required', str(warn));
          return '';
        }
        throw new HelmFunctionError(str(warn), 'required');
      }
      return val;
    }),
    fail: fn(function (this: CallContext, msg) {
      if (options.lintMode) {
        notice(this, 'fail', str(msg));
        return '';
      }
      throw new HelmFunctionError(str(msg), 'fail');
    }),
  };
  funcs.mustFromJson = fn((s) => goJsonParse(str(s)) as GoValue);
  const jsonFuncs: Record<string, (...a: never[]) => unknown> = {
    fromYamlArray,
    toJson,
    mustToJson,
    fromJson,
    fromJsonArray,
    toPrettyJson,
    mustToPrettyJson,
    toRawJson,
    mustToRawJson,
  };
  for (const [name, impl] of Object.entries(jsonFuncs)) funcs[name] = fn((...args) => (impl as (...a: GoValue[]) => unknown)(...args) as GoValue);
  return funcs;
}

/** include and tpl, closing over a template set (tpl clones it, as Helm does). */
export function helmBoundFuncs(set: TemplateSet, includedNames: Map<string, number> = new Map()): FuncMap {
  const include = fn(function (this: CallContext, name, data) {
    const n = str(name);
    const count = includedNames.get(n) ?? 0;
    if (count > RECURSION_MAX) throw new Error(`rendering template has a nested reference name: ${n}: unable to execute template`);
    includedNames.set(n, count + 1);
    try {
      return this.executeTemplate(n, data ?? null, set);
    } finally {
      includedNames.set(n, (includedNames.get(n) ?? 1) - 1);
    }
  });
  const tpl = fn(function (this: CallContext, text, vals) {
    const t = str(text);
    // Go parses the text as a new template named like the parent; an empty tree (whitespace only)
    // does not replace an existing one in the namespace but is what gets executed.
    if (t.trim() === '') return t;
    // Defines inside the text go to a clone only (Helm clones the whole set); without defines the
    // text can be parsed into the set itself, which is much cheaper and behaves the same.
    const needsClone = /\{\{-?\s*(define|block)\b/.test(t);
    const target = needsClone ? set.clone() : set;
    if (needsClone) target.addFuncs(helmBoundFuncs(target, includedNames));
    try {
      if (needsClone || target.lookup(TPL_NAME)?.text !== t) target.parse(TPL_NAME, t);
    } catch (e) {
      if (e instanceof BudgetExceeded) throw e;
      throw new Error(`cannot parse template ${JSON.stringify(t)}: ${(e as Error).message}`, { cause: e });
    }
    if (target.lookup(TPL_NAME)?.text !== t) return '';
    let out: string;
    try {
      out = this.executeTemplate(TPL_NAME, vals ?? null, target);
    } catch (e) {
      if (e instanceof BudgetExceeded) throw e;
      throw new Error(`error during tpl function execution for ${JSON.stringify(t)}: ${(e as Error).message}`, { cause: e });
    }
    return out.split('<no value>').join('');
  });
  return { include, tpl };
}

/** The parse name of tpl's template (Helm parses it under the parent template's name, "gotpl"). */
export const TPL_NAME = 'gotpl';
