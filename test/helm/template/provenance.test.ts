import { describe, expect, test } from 'vitest';
import { TemplateError, TemplateSet, withSignature, type CallContext, type FuncMap, type OutputSegment } from '../../../src/helm/template/index.js';
import type { GoValue } from '../../../src/helm/value.js';
import { m } from './helpers.js';

/** Helm-like functions built on the CallContext API. */
function helmLikeFuncs(): FuncMap {
  const included = new Map<string, number>();
  return {
    include: withSignature(
      function (this: CallContext, name: GoValue, data: GoValue) {
        const n = included.get(name as string) ?? 0;
        if (n > 1000) throw new Error(`rendering template has a nested reference name: ${String(name)}: unable to execute template`);
        included.set(name as string, n + 1);
        try {
          return this.executeTemplate(name as string, data);
        } finally {
          included.set(name as string, n);
        }
      },
      { params: ['string', 'interface{}'] },
    ),
    tpl: withSignature(
      function (this: CallContext, text: GoValue, data: GoValue) {
        const clone = this.templates.clone();
        clone.parse('tpl-of-' + this.executingTemplate, text as string);
        return this.executeTemplate('tpl-of-' + this.executingTemplate, data, clone).replaceAll('<no value>', '');
      },
      { params: ['string', 'interface{}'] },
    ),
    nindent: withSignature((spaces: GoValue, s: GoValue) => '\n' + (s as string).replace(/^/gm, ' '.repeat(Number((spaces as { value: bigint }).value))), {
      params: ['int', 'string'],
    }),
    upper: withSignature((s: GoValue) => (s as string).toUpperCase(), { params: ['string'] }),
    join: withSignature((sep: GoValue, ...parts: GoValue[]) => parts.join(sep as string), { params: ['string', 'interface{}'], variadic: true }),
    required: function (this: CallContext, msg: GoValue, v: GoValue) {
      if (v === null || v === undefined || v === '') throw new Error(String(msg));
      return v;
    },
    where: function (this: CallContext) {
      const p = this.position;
      return `${p.template}:${p.line}:${p.column} in ${this.executingTemplate} depth ${this.depth} stack ${this.stack.map((s) => s.callee).join('>')}`;
    },
  };
}

function chart(files: Record<string, string>): TemplateSet {
  const set = new TemplateSet({ funcs: helmLikeFuncs() });
  for (const [name, text] of Object.entries(files)) set.parse(name, text);
  return set;
}

const data = m({ Values: { x: 'val', list: ['a', 'b'] } });

function textOf(output: string, seg: OutputSegment): string {
  return output.slice(seg.start, seg.end);
}

describe('provenance segments', () => {
  test('text and actions of one template', () => {
    const set = chart({ 't.yaml': 'a: 1\nb: {{ .Values.x }}\nc: 3\n' });
    const { output, segments } = set.execute('t.yaml', data);
    expect(output).toBe('a: 1\nb: val\nc: 3\n');
    expect(segments.map((s) => [textOf(output, s), s.template, s.line, s.column, s.literal])).toEqual([
      ['a: 1\nb: ', 't.yaml', 1, 1, true],
      ['val', 't.yaml', 2, 7, false],
      ['\nc: 3\n', 't.yaml', 2, 19, true],
    ]);
    // Segments tile the output.
    expect(segments[0]!.start).toBe(0);
    for (let i = 1; i < segments.length; i++) expect(segments[i]!.start).toBe(segments[i - 1]!.end);
    expect(segments.at(-1)!.end).toBe(output.length);
  });

  test('range body segments repeat with the body positions', () => {
    const set = chart({ 't.yaml': '{{ range .Values.list }}- {{ . }}\n{{ end }}' });
    const { output, segments } = set.execute('t.yaml', data);
    expect(output).toBe('- a\n- b\n');
    expect(segments.map((s) => [textOf(output, s), s.line, s.column])).toEqual([
      ['- ', 1, 25],
      ['a', 1, 30],
      ['\n', 1, 34],
      ['- ', 1, 25],
      ['b', 1, 30],
      ['\n', 1, 34],
    ]);
  });

  test('include output keeps the helper position and the call stack, even through nindent', () => {
    const set = chart({
      'c/templates/_helpers.tpl': '{{- define "c.name" -}}\nname-{{ .Values.x }}\n{{- end }}',
      'c/templates/cm.yaml': 'kind: ConfigMap\nmetadata:\n  name: {{ include "c.name" . }}\n  labels: {{- include "c.name" . | nindent 4 }}\n',
    });
    const { output, segments } = set.execute('c/templates/cm.yaml', data);
    expect(output).toBe('kind: ConfigMap\nmetadata:\n  name: name-val\n  labels:\n    name-val\n');
    const rows = segments.map((s) => [textOf(output, s), `${s.template}:${s.line}:${s.column}`, (s.stack ?? []).map((c) => `${c.function}:${c.callee}@${c.line}:${c.column}`)]);
    expect(rows).toEqual([
      ['kind: ConfigMap\nmetadata:\n  name: ', 'c/templates/cm.yaml:1:1', []],
      ['name-', 'c/templates/_helpers.tpl:2:1', ['include:c.name@3:12']],
      ['val', 'c/templates/_helpers.tpl:2:9', ['include:c.name@3:12']],
      ['\n  labels:', 'c/templates/cm.yaml:3:33', []],
      ['\n    ', 'c/templates/cm.yaml:4:15', []],
      ['name-', 'c/templates/_helpers.tpl:2:1', ['include:c.name@4:15']],
      ['val', 'c/templates/_helpers.tpl:2:9', ['include:c.name@4:15']],
      ['\n', 'c/templates/cm.yaml:4:48', []],
    ]);
  });

  test('transformed include output is attributed to the action; large outputs stay fast', () => {
    const set = chart({
      'c/_h.tpl': '{{ define "big" }}{{ range 20000 }}line {{ . }}\n{{ end }}{{ end }}',
      'c/t.yaml': 'data: {{ include "big" . | upper | printf "%.20s" }}\n',
    });
    const started = performance.now();
    const { output, segments } = set.execute('c/t.yaml', null);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(output).toBe('data: LINE 0\nLINE 1\nLINE 2\n');
    expect(segments.map((s) => [textOf(output, s), s.template, s.line, s.column])).toEqual([
      ['data: ', 'c/t.yaml', 1, 1],
      ['LINE 0\nLINE 1\nLINE 2', 'c/t.yaml', 1, 10],
      ['\n', 'c/t.yaml', 1, 53],
    ]);
  });

  test('template action pushes a call site', () => {
    const set = chart({ f: '{{ define "d" }}<{{ . }}>{{ end }}x{{ template "d" 1 }}' });
    const { output, segments } = set.execute('f', null);
    expect(output).toBe('x<1>');
    expect(segments[1]!.stack).toEqual([{ template: 'f', line: 1, column: 48, offset: 47, via: 'template', callee: 'd' }]);
  });

  test('provenance can be turned off', () => {
    const set = chart({ f: 'a{{ 1 }}' });
    expect(set.execute('f', null, { provenance: false })).toEqual({ output: 'a1', segments: [] });
  });
});

describe('function interface', () => {
  test('CallContext exposes position, template and stack', () => {
    const set = chart({
      'c/_h.tpl': '{{ define "h" }}{{ where }}{{ end }}',
      'c/t.yaml': 'line1\n  {{ include "h" . }}',
    });
    expect(set.execute('c/t.yaml', null).output).toBe('line1\n  c/_h.tpl:1:20 in h depth 0 stack h');
  });

  test('include errors are wrapped like Go and keep the inner error as cause', () => {
    const set = chart({
      'c/_h.tpl': '{{ define "h" }}\n  {{ .Values.nope.deeper }}{{ end }}',
      'c/t.yaml': '{{ include "h" . }}',
    });
    let err: unknown;
    try {
      set.execute('c/t.yaml', data);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateError);
    const te = err as TemplateError;
    expect(te.message).toBe(
      'template: c/t.yaml:1:3: executing "c/t.yaml" at <include "h" .>: error calling include: ' +
        'template: c/_h.tpl:2:12: executing "h" at <.Values.nope.deeper>: nil pointer evaluating interface {}.deeper',
    );
    expect([te.templateName, te.line, te.column]).toEqual(['c/t.yaml', 1, 4]);
    const inner = te.cause as TemplateError;
    expect(te.innermost()).toBe(inner);
    expect([inner.templateName, inner.line, inner.column, inner.executingTemplate]).toEqual(['c/_h.tpl', 2, 13, 'h']);
  });

  test('missing template in include', () => {
    const set = chart({ t: '{{ include "nope" . }}' });
    expect(() => set.execute('t', null)).toThrow(
      'template: t:1:3: executing "t" at <include "nope" .>: error calling include: template: no template "nope" associated with template "gotpl"',
    );
  });

  test('required-style errors carry the call position', () => {
    const set = chart({ t: 'a: {{ required "x is required" .Values.nope }}' });
    expect(() => set.execute('t', data)).toThrow('template: t:1:6: executing "t" at <required "x is required" .Values.nope>: error calling required: x is required');
  });

  test('tpl renders in a clone that sees the defines', () => {
    const set = chart({
      'c/_h.tpl': '{{ define "h" }}H{{ end }}',
      'c/t.yaml': '{{ tpl "{{ .Values.x }}-{{ include \\"h\\" . }}-{{ .Values.nope }}" . }}',
    });
    expect(set.execute('c/t.yaml', data).output).toBe('val-H-');
    expect(set.has('tpl-of-c/t.yaml')).toBe(false);
  });

  test('signatures: arity and Go argument types', () => {
    const set = chart({});
    const err = (text: string): string => {
      try {
        set.parse('s', text);
        return 'OK:' + set.execute('s', data).output;
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(err('{{ upper "a" }} {{ "b" | upper }} {{ join "-" 1 "x" 2.5 }} {{ join "," }}')).toBe('OK:A B 1-x-2.5 ');
    expect(err('{{ upper }}')).toBe('template: s:1:3: executing "s" at <upper>: wrong number of args for upper: want 1 got 0');
    expect(err('{{ upper "a" "b" }}')).toBe('template: s:1:3: executing "s" at <upper>: wrong number of args for upper: want 1 got 2');
    expect(err('{{ join }}')).toBe('template: s:1:3: executing "s" at <join>: wrong number of args for join: want at least 1 got 0');
    expect(err('{{ upper 3 }}')).toBe('template: s:1:9: executing "s" at <3>: expected string; found 3');
    expect(err('{{ upper .Values.list }}')).toBe('template: s:1:16: executing "s" at <.Values.list>: wrong type for value; expected string; got []interface {}');
    expect(err('{{ upper .Values.nope }}')).toBe('template: s:1:16: executing "s" at <.Values.nope>: wrong type for value; expected string; got interface {}');
    expect(err('{{ .Values.nope | upper }}')).toBe('template: s:1:18: executing "s" at <upper>: invalid value; expected string');
    expect(err('{{ nindent 2 "a" }}')).toBe('OK:\n  a');
    expect(err('{{ nindent "2" "a" }}')).toBe('template: s:1:11: executing "s" at <"2">: expected integer; found "2"');
  });

  test('deep include recursion ends with a depth error, not a crash', () => {
    const set = chart({ t: '{{ define "r" }}{{ include "r" . }}{{ end }}{{ include "r" . }}' });
    let message = '';
    try {
      set.execute('t', null);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.endsWith('error calling include: exceeded maximum template depth (200)')).toBe(true);
  });

  test('struct fields and methods (GoStruct)', async () => {
    const { GoStruct } = await import('../../../src/helm/value.js');
    class Files extends GoStruct {
      readonly goTypeName = 'files.Files';
      Get(name: GoValue): GoValue {
        return `content of ${String(name)}`;
      }
    }
    class Release extends GoStruct {
      readonly goTypeName = '*release.Release';
      Name = 'rel';
      private hidden = 1;
    }
    const d = m({ Files: null, Release: null }) as Record<string, GoValue>;
    d.Files = new Files();
    d.Release = new Release();
    const set = chart({
      t: '{{ .Files.Get "a.txt" }}|{{ .Release.Name }}|{{ "b" | .Files.Get }}',
      u: '{{ .Release.Nope }}',
      v: '{{ .Release.Name "x" }}',
    });
    expect(set.execute('t', d).output).toBe('content of a.txt|rel|content of b');
    expect(() => set.execute('u', d)).toThrow("can't evaluate field Nope in type interface {}");
    set.parse('w', '{{ with .Release }}{{ .Nope }}{{ end }}');
    expect(() => set.execute('w', d)).toThrow("can't evaluate field Nope in type *release.Release");
    expect(() => set.execute('v', d)).toThrow('Name has arguments but cannot be invoked as function');
    set.parse('x', '{{ .Files.toString }}');
    expect(() => set.execute('x', d)).toThrow("can't evaluate field toString in type interface {}");
  });
});
