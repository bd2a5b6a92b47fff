import { TemplateError, TemplateSet, goTypeName, type FuncMap, type TemplateSetOptions } from '../../../src/helm/template/index.js';
import { type GoValue, newMap } from '../../../src/helm/value.js';

/** Test functions in the spirit of Go's exec_test.go. */
export const testFuncs: FuncMap = {
  typeOf: (v: GoValue) => goTypeName(v),
  die: () => {
    throw new Error('die called');
  },
  echo: (v: GoValue) => v,
};

export function render(text: string, data: GoValue = null, options: TemplateSetOptions = {}): string {
  const set = new TemplateSet({ ...options, funcs: { ...testFuncs, ...options.funcs } });
  set.parse('t', text);
  return set.execute('t', data).output;
}

/** The error message of rendering (parse or exec), or the output prefixed with "OK:" when it succeeds. */
export function renderError(text: string, data: GoValue = null, options: TemplateSetOptions = {}): string {
  try {
    return 'OK:' + render(text, data, options);
  } catch (e) {
    if (e instanceof TemplateError) return e.message;
    throw e;
  }
}

/** A map from a plain object literal, recursively (arrays stay arrays). */
export function m(obj: Record<string, unknown>): GoValue {
  const conv = (v: unknown): GoValue => {
    if (Array.isArray(v)) return v.map(conv);
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return newMap(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, conv(x)]));
    }
    return v as GoValue;
  };
  return conv(obj);
}
