// Sprig functions through the Go text/template executor (signatures, argument conversion, errors).
import { describe, expect, it } from 'vitest';
import { TemplateSet } from '../../../../src/helm/template/index.js';
import { sprigFunctions } from '../../../../src/helm/funcs/sprig/index.js';
import { GoInt, newMap, type GoMap, type GoValue } from '../../../../src/helm/value.js';

function values(obj: unknown): GoValue {
  if (Array.isArray(obj)) return obj.map(values);
  if (obj !== null && typeof obj === 'object' && !(obj instanceof GoInt)) {
    const m = newMap();
    for (const [k, v] of Object.entries(obj)) m[k] = values(v);
    return m;
  }
  return obj as GoValue;
}

function render(tpl: string, vals: unknown = {}): string {
  const set = new TemplateSet({ funcs: sprigFunctions });
  set.parse('t', tpl);
  return set.execute('t', newMap([['Values', values(vals)]])).output;
}

describe('sprig through the executor', () => {
  it('common Helm idioms', () => {
    expect(render('{{ .Values.name | trunc 63 | trimSuffix "-" }}', { name: 'x'.repeat(62) + '-y' })).toBe('x'.repeat(62));
    expect(render('{{ default "nginx" .Values.image.repository }}', { image: {} })).toBe('nginx');
    expect(render('{{ .Values.n | int }} {{ .Values.n }} {{ .Values.n | toString }}', { n: 1000000 })).toBe('1000000 1e+06 1e+06');
    expect(render('{{ semverCompare ">=1.21-0" .Values.kube }}', { kube: 'v1.30.2-gke.100' })).toBe('true');
    expect(render('{{ kindIs "map" .Values.m }} {{ kindIs "invalid" .Values.nope }} {{ typeIs "float64" .Values.f }}', { m: {}, f: 3 })).toBe('true true true');
    expect(render('{{ list 1 "a" nil | toStrings | join "," }}')).toBe('1,a');
    expect(render('{{ add 1 2 | typeOf }} {{ 3 | typeOf }} {{ add1 .Values.f | typeOf }}', { f: 1.5 })).toBe('int64 int int64');
  });

  it('mergeOverwrite mutates .Values through shared nested maps', () => {
    const vals = values({ a: { sub: { k: 'orig' } }, b: { sub: { k: 'new' } } }) as GoMap;
    const set = new TemplateSet({ funcs: sprigFunctions });
    set.parse('t', '{{- $m := mergeOverwrite (dict) .Values.a .Values.b -}}{{ $m.sub.k }} {{ .Values.a.sub.k }}');
    expect(set.execute('t', newMap([['Values', vals]])).output).toBe('new new');
  });

  it('Go argument checking applies to Sprig signatures', () => {
    expect(() => render('{{ .Values.n | trunc 2 }}', { n: 3.5 })).toThrow('wrong type for value; expected string; got float64');
    expect(() => render('{{ trunc 2 (add 1 2) }}')).toThrow('expected string; got int64');
    expect(() => render('{{ round 2.5 }}')).toThrow('wrong number of args for round: want at least 2 got 1');
    expect(() => render('{{ first "abc" }}')).toThrow('error calling first: Cannot find first on type string');
    expect(() => render('{{ regexFind "(" "x" }}')).toThrow('error calling regexFind: regexp: Compile(');
  });
});
