import { describe, expect, test } from 'vitest';
import { int, int64, newMap, typedSlice } from '../../../src/helm/value.js';
import { m, render, renderError } from './helpers.js';

const values = m({
  Values: {
    one: 1,
    big: 1000000,
    str: 'hello',
    empty: '',
    zero: 0,
    emptyMap: {},
    emptyList: [],
    list: ['a', 'b', 'c'],
    nums: [3, 4, 5],
    map: { b: 2, a: 1, '10': 'ten', '9': 'nine' },
    nil: null,
    nested: { inner: { leaf: 'L' } },
    t: true,
    f: false,
  },
});

describe('actions, fields and printing', () => {
  test.each([
    ['text only', 'hello', 'hello'],
    ['field', '{{ .Values.str }}', 'hello'],
    ['nested field', '{{ .Values.nested.inner.leaf }}', 'L'],
    ['float64 from values prints like Go', '{{ .Values.one }} {{ .Values.big }}', '1 1e+06'],
    ['map prints sorted bytewise', '{{ .Values.map }}', 'map[10:ten 9:nine a:1 b:2]'],
    ['list', '{{ .Values.list }}', '[a b c]'],
    ['missing key prints <no value>', '{{ .Values.nope }}', '<no value>'],
    ['nil value prints <no value>', '{{ .Values.nil }}', '<no value>'],
    ['bool', '{{ .Values.t }} {{ .Values.f }}', 'true false'],
    ['dot', '{{ .Values.nested.inner }}', 'map[leaf:L]'],
    ['root variable', '{{ $.Values.str }}', 'hello'],
    ['paren chain', '{{ (.Values.nested).inner.leaf }}', 'L'],
    ['chain on missing through paren is no value', '{{ (.Values.nope).x }}', '<no value>'],
    ['variable chain', '{{ $v := .Values.nested }}{{ $v.inner.leaf }}', 'L'],
    ['variable holding no value, field', '{{ $v := .Values.nope }}{{ $v.x }}', '<no value>'],
  ])('%s', (_name, tpl, want) => {
    expect(render(tpl, values)).toBe(want);
  });

  test('nil data: fields give no value', () => {
    expect(render('{{ .a.b }}', null)).toBe('<no value>');
  });
});

describe('constants', () => {
  test.each([
    ['{{ typeOf 3 }}', 'int'],
    ['{{ typeOf 1.0 }}', 'float64'],
    ['{{ typeOf 1e3 }}', 'float64'],
    ['{{ 1e3 }}', '1000'],
    ['{{ typeOf 0x1F }}', 'int'],
    ['{{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000 }}', '31 15 15 5 1000'],
    ["{{ 'a' }} {{ typeOf 'a' }} {{ '\\n' }}", '97 int 10'],
    ['{{ -0.0 }}', '-0'],
    ['{{ typeOf -5 }} {{ -5 }}', 'int -5'],
    ['{{ "a\\tb" }}|{{ `raw\\n` }}', 'a\tb|raw\\n'],
    ['{{ 9223372036854775807 }}', '9223372036854775807'],
    ['{{ typeOf true }} {{ typeOf "s" }}', 'bool string'],
  ])('%s', (tpl, want) => {
    expect(render(tpl)).toBe(want);
  });

  test('uint too big for int', () => {
    expect(renderError('{{ 18446744073709551615 }}')).toBe('template: t:1:3: executing "t" at <18446744073709551615>: 18446744073709551615 overflows int');
  });
  test('integer overflow is a parse error', () => {
    expect(renderError('{{ 99999999999999999999999 }}')).toBe('template: t:1: integer overflow: "99999999999999999999999"');
  });
  test('nil is not a command', () => {
    expect(renderError('{{ nil }}')).toBe('template: t:1:3: executing "t" at <nil>: nil is not a command');
  });
});

describe('if / with / else', () => {
  test.each([
    ['{{ if .Values.t }}T{{ else }}F{{ end }}', 'T'],
    ['{{ if .Values.emptyMap }}T{{ else }}F{{ end }}', 'F'],
    ['{{ if .Values.emptyList }}T{{ else }}F{{ end }}', 'F'],
    ['{{ if .Values.zero }}T{{ else }}F{{ end }}', 'F'],
    ['{{ if .Values.empty }}T{{ else }}F{{ end }}', 'F'],
    ['{{ if .Values.nil }}T{{ else }}F{{ end }}', 'F'],
    ['{{ if .Values.nope }}T{{ else }}F{{ end }}', 'F'],
    ['{{ if .Values }}T{{ else }}F{{ end }}', 'T'],
    ['{{ if .Values.f }}1{{ else if .Values.zero }}2{{ else if .Values.str }}3{{ else }}4{{ end }}', '3'],
    ['{{ with .Values.nested }}{{ .inner.leaf }}{{ end }}', 'L'],
    ['{{ with .Values.nope }}x{{ else }}none{{ end }}', 'none'],
    ['{{ with .Values.nope }}x{{ else with .Values.str }}{{ . }}{{ end }}', 'hello'],
    ['{{ with $x := .Values.str }}{{ $x }}{{ . }}{{ end }}', 'hellohello'],
  ])('%s', (tpl, want) => {
    expect(render(tpl, values)).toBe(want);
  });
});

describe('and / or / not', () => {
  test.each([
    ['{{ and 1 0 (die) }}', '0'],
    ['{{ or 0 1 (die) }}', '1'],
    ['{{ and 1 2 }}', '2'],
    ['{{ or 0 "" }}', ''],
    ['{{ or .Values.nope "default" }}', 'default'],
    ['{{ and .Values.str .Values.nope }}', '<no value>'],
    ['{{ not 0 }} {{ not 1 }} {{ not .Values.emptyMap }}', 'true false true'],
    ['{{ 0 | and 1 }} {{ 2 | or 0 }}', '0 2'],
  ])('%s', (tpl, want) => {
    expect(render(tpl, values)).toBe(want);
  });

  test('and without args', () => {
    expect(renderError('{{ and }}')).toBe('template: t:1:3: executing "t" at <and>: wrong number of args for and: want at least 1 got 0');
  });
  test('not with two args', () => {
    expect(renderError('{{ not 1 2 }}')).toBe('template: t:1:3: executing "t" at <not>: wrong number of args for not: want 1 got 2');
  });
});

describe('comparisons', () => {
  test.each([
    ['{{ eq 1 1 }} {{ eq 1 2 }} {{ eq 1 2 3 1 }}', 'true false true'],
    ['{{ eq "a" "a" }} {{ ne "a" "b" }}', 'true true'],
    ['{{ eq .Values.one 1.0 }}', 'true'],
    ['{{ lt 1 2 }} {{ le 2 2 }} {{ gt 3 2 }} {{ ge 1 2 }}', 'true true true false'],
    ['{{ lt 1.5 2.5 }} {{ lt "a" "b" }}', 'true true'],
    ['{{ eq .Values.nope nil }}', 'true'],
    ['{{ eq .Values.nil nil }}', 'true'],
    ['{{ eq .Values.nope "x" }}', 'false'],
    ['{{ eq .i64 3 }}', 'true'],
    ['{{ lt .i64 4 }}', 'true'],
  ])('%s', (tpl, want) => {
    expect(render(tpl, newMap([...Object.entries(values as object), ['i64', int64(3)]]))).toBe(want);
  });

  test('float64 vs int is an error, as in Helm', () => {
    expect(renderError('{{ eq .Values.one 1 }}', values)).toBe('template: t:1:3: executing "t" at <eq .Values.one 1>: error calling eq: incompatible types for comparison');
  });
  test('lt on bools', () => {
    expect(renderError('{{ lt true false }}')).toBe('template: t:1:3: executing "t" at <lt true false>: error calling lt: invalid type for comparison');
  });
  test('lt on nil', () => {
    expect(renderError('{{ lt .x 1 }}', m({}))).toBe('template: t:1:3: executing "t" at <lt .x 1>: error calling lt: invalid type for comparison');
  });
  test('eq on maps', () => {
    expect(renderError('{{ eq .Values.map .Values.map }}', values)).toMatch(/error calling eq: non-comparable type map\[/);
  });
  test('eq without a second arg', () => {
    expect(renderError('{{ eq 1 }}')).toBe('template: t:1:3: executing "t" at <eq 1>: error calling eq: missing argument for comparison');
  });
});

describe('index / slice / len', () => {
  test.each([
    ['{{ index .Values.list 1 }}', 'b'],
    ['{{ index .Values.map "a" }}', '1'],
    ['{{ index .Values.map "zz" }}', '<no value>'],
    ['{{ index .Values "nested" "inner" "leaf" }}', 'L'],
    ['{{ index .Values.list }}', '[a b c]'],
    ['{{ index "abc" 1 }}', '98'],
    ['{{ slice .Values.list 1 }} {{ slice .Values.list 1 2 }} {{ slice .Values.list }}', '[b c] [b] [a b c]'],
    ['{{ slice "hello" 1 3 }}', 'el'],
    ['{{ len .Values.list }} {{ len .Values.map }} {{ len "héllo" }}', '3 4 6'],
  ])('%s', (tpl, want) => {
    expect(render(tpl, values)).toBe(want);
  });

  test.each([
    ['{{ index .Values.list 5 }}', 'error calling index: index out of range: 5'],
    ['{{ index .Values.list 3 }}', 'error calling index: index out of range: 3'],
    ['{{ index .Values.nope "a" }}', 'error calling index: index of untyped nil'],
    ['{{ index .Values "nope" "a" }}', 'error calling index: index of nil pointer'],
    ['{{ index .Values.map 1 }}', 'error calling index: value has type int; should be string'],
    ['{{ index .Values.list "x" }}', 'error calling index: cannot index slice/array with type string'],
    ['{{ index .Values.one 1 }}', "error calling index: can't index item of type float64"],
    ['{{ slice .Values.list 2 1 }}', 'error calling slice: invalid slice index: 2 > 1'],
    ['{{ slice "abc" 1 2 3 }}', 'error calling slice: cannot 3-index slice a string'],
    ['{{ len 3 }}', 'error calling len: len of type int'],
    ['{{ len .Values.nope }}', 'error calling len: len of nil pointer'],
  ])('%s', (tpl, want) => {
    expect(renderError(tpl, values)).toContain(want);
  });
});

describe('range', () => {
  test.each([
    ['{{ range .Values.list }}<{{ . }}>{{ end }}', '<a><b><c>'],
    ['{{ range $i, $v := .Values.list }}{{ $i }}={{ $v }};{{ end }}', '0=a;1=b;2=c;'],
    ['{{ range $v := .Values.list }}{{ $v }}{{ end }}', 'abc'],
    ['{{ range $k, $v := .Values.map }}{{ $k }}:{{ $v }} {{ end }}', '10:ten 9:nine a:1 b:2 '],
    ['{{ range .Values.emptyList }}x{{ else }}EMPTY{{ end }}', 'EMPTY'],
    ['{{ range .Values.emptyMap }}x{{ else }}EMPTY{{ end }}', 'EMPTY'],
    ['{{ range .Values.nope }}x{{ else }}NONE{{ end }}', 'NONE'],
    ['{{ range 3 }}{{ . }}{{ end }}', '012'],
    ['{{ range $i := 3 }}{{ $i }}{{ typeOf $i }} {{ end }}', '0int 1int 2int '],
    ['{{ range 0 }}x{{ else }}zero{{ end }}', 'zero'],
    ['{{ range .Values.nums }}{{ if eq . 4.0 }}{{ continue }}{{ end }}-{{ . }}-{{ end }}', '-3--5-'],
    ['{{ range .Values.nums }}{{ if eq . 4.0 }}{{ break }}{{ end }}-{{ . }}-{{ end }}', '-3-'],
    ['{{ $last := "" }}{{ range .Values.list }}{{ $last = . }}{{ end }}{{ $last }}', 'c'],
    ['{{ range $i, $v := .Values.list }}{{ end }}{{ $.Values.str }}', 'hello'],
  ])('%s', (tpl, want) => {
    expect(render(tpl, values)).toBe(want);
  });

  test('range over int with two variables', () => {
    expect(renderError('{{ range $i, $v := 3 }}{{ end }}')).toBe('template: t:1:19: executing "t" at <3>: can\'t use 3 to iterate over more than one variable');
  });
  test('range over a float', () => {
    expect(renderError('{{ range .Values.one }}{{ end }}', values)).toContain("range can't iterate over 1");
  });
  test('range over a string is an error', () => {
    expect(renderError('{{ range .Values.str }}{{ end }}', values)).toContain("range can't iterate over hello");
  });
  test('nil element in a range: field access fails like Go', () => {
    expect(renderError('{{ range .l }}{{ .a }}{{ end }}', m({ l: [null] }))).toBe('template: t:1:17: executing "t" at <.a>: nil pointer evaluating interface {}.a');
  });
  test('huge integer range is guarded', () => {
    expect(renderError('{{ range 100000000000 }}{{ end }}', null, { maxRangeIterations: 1000 })).toContain('exceeds the iteration limit (1000)');
  });
  test('break outside range is a parse error', () => {
    expect(renderError('{{ break }}')).toBe('template: t:1: {{break}} outside {{range}}');
  });
});

describe('variables', () => {
  test.each([
    ['{{ $x := 1 }}{{ $x }}', '1'],
    ['{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}', '2'],
    ['{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}', '21'],
    ['{{ $x := "a" }}{{ $x = print $x "b" }}{{ $x }}', 'ab'],
    ['{{ $ }}', '<no value>'],
    ['{{ $x, $y := 1 }}', 'ERR'],
  ])('%s', (tpl, want) => {
    const got = renderError(tpl);
    if (want === 'ERR') expect(got).toBe('template: t:1: too many declarations in command');
    else expect(got).toBe('OK:' + want);
  });

  test('assigning an undeclared variable fails at execution, as in Go', () => {
    expect(renderError('{{ $x = 1 }}')).toBe('template: t:1:8: executing "t" at <1>: undefined variable: $x');
  });
  test('undefined variable', () => {
    expect(renderError('{{ $nope }}')).toBe('template: t:1: undefined variable "$nope"');
  });
  test('templates do not inherit variables', () => {
    expect(renderError('{{ $x := 1 }}{{ define "d" }}{{ $x }}{{ end }}')).toBe('template: t:1: undefined variable "$x"');
  });
  test('variables go out of scope at end', () => {
    expect(renderError('{{ if true }}{{ $x := 1 }}{{ end }}{{ $x }}')).toBe('template: t:1: undefined variable "$x"');
  });
});

describe('pipelines and functions', () => {
  test.each([
    ['{{ "x" | printf "%s-%s" "a" }}', 'a-x'],
    ['{{ 1 | printf "%d" }}', '1'],
    ['{{ (printf "%d" 1) | printf "<%s>" }}', '<1>'],
    ['{{ printf "%s" (printf "%d" 2) }}', '2'],
    ['{{ .Values.str | echo }}', 'hello'],
    ['{{ echo .Values.nope }}', '<no value>'],
  ])('%s', (tpl, want) => {
    expect(render(tpl, values)).toBe(want);
  });

  test('parse errors carry file, line and the column of the last token read', async () => {
    const { TemplateSet, TemplateError } = await import('../../../src/helm/template/index.js');
    try {
      new TemplateSet().parse('f.yaml', 'a: 1\nb: {{ nofunc }}');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateError);
      const te = e as InstanceType<typeof TemplateError>;
      expect([te.kind, te.templateName, te.line, te.column, te.detail]).toEqual(['parse', 'f.yaml', 2, 7, 'function "nofunc" not defined']);
    }
  });
  test('undefined function is a parse error', () => {
    expect(renderError('a\n{{ nofunc 1 }}')).toBe('template: t:2: function "nofunc" not defined');
  });
  test('function errors are wrapped with position', () => {
    expect(renderError('x\n  {{ die }}')).toBe('template: t:2:5: executing "t" at <die>: error calling die: die called');
  });
  test('non executable command in a pipeline', () => {
    expect(renderError('{{ 1 | 2 }}')).toBe('template: t:1: non executable command in pipeline stage 2');
  });
  test("can't give argument to non-function", () => {
    expect(renderError('{{ .Values.str 1 }}', values)).toBe('template: t:1:10: executing "t" at <.Values.str>: str is not a method but has arguments');
    expect(renderError('{{ $x := 1 }}{{ $x 2 }}')).toBe('template: t:1:16: executing "t" at <$x>: can\'t give argument to non-function $x');
  });
  test('error columns are Go byte columns; TemplateError carries 1-based UTF-16 columns', () => {
    expect(renderError('é\n€é {{ .a.b.c }}', m({}))).toBe('template: t:2:11: executing "t" at <.a.b.c>: nil pointer evaluating interface {}.b');
    let column = 0;
    try {
      render('é\n€é {{ .a.b.c }}', m({}));
    } catch (e) {
      column = (e as { column: number }).column;
    }
    expect(column).toBe(9);
  });
  test('field on a non-map names the static type like Go: interface {} for map entries and range elements', () => {
    expect(renderError('{{ .Values.str.x }}', values)).toBe('template: t:1:10: executing "t" at <.Values.str.x>: can\'t evaluate field x in type interface {}');
    expect(renderError('{{ with .Values.str }}{{ .x }}{{ end }}', values)).toContain("can't evaluate field x in type string");
    expect(renderError('{{ $s := .Values.str }}{{ $s.x }}', values)).toContain("can't evaluate field x in type string");
    expect(renderError('{{ range .Values.list }}{{ .x }}{{ end }}', values)).toContain("can't evaluate field x in type interface {}");
    expect(renderError('{{ range $v := .Values.list }}{{ $v.x }}{{ end }}', values)).toContain("can't evaluate field x in type interface {}");
    expect(renderError('{{ range $k, $v := .Values.map }}{{ $k.x }}{{ end }}', values)).toContain("can't evaluate field x in type string");
    expect(renderError('{{ range .s }}{{ .x }}{{ end }}', newMap([['s', typedSlice(['a'], '[]string')]]))).toContain("can't evaluate field x in type string");
    expect(renderError('{{ range .Values.list }}{{ .Values.x }}{{ end }}', values)).toContain("can't evaluate field Values in type interface {}");
  });
  test('nil pointer evaluating interface {}', () => {
    expect(renderError('{{ .Values.nope.deeper }}', values)).toBe('template: t:1:10: executing "t" at <.Values.nope.deeper>: nil pointer evaluating interface {}.deeper');
    expect(renderError('{{ .Values.nil.x }}', values)).toContain('nil pointer evaluating interface {}.x');
  });
  test('printf format must be a string', () => {
    expect(renderError('{{ printf 3 }}')).toBe('template: t:1:10: executing "t" at <3>: expected string; found 3');
    expect(renderError('{{ printf .Values.one }}', values)).toBe('template: t:1:17: executing "t" at <.Values.one>: wrong type for value; expected string; got float64');
  });
  test('html, js, urlquery', () => {
    expect(render(`{{ html "<a href='x'>&\\"" }}`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&#34;');
    expect(render(`{{ js "a'b\\"<>&=\\n" }}`)).toBe('a\\\'b\\"\\u003C\\u003E\\u0026\\u003D\\u000A');
    expect(render('{{ urlquery "a b&c/é" }}')).toBe('a+b%26c%2F%C3%A9');
    // Go's evalArgs prints a nil argument as <no value>.
    expect(render('{{ html .x }}', m({}))).toBe('&lt;no value&gt;');
  });
  test('call', () => {
    const data = newMap([['f', ((a: unknown, b: unknown) => `${String(a)}+${String(b)}`) as never]]);
    expect(render('{{ call .f 1 "x" }}', data)).toBe('1+x');
    expect(renderError('{{ call .nope }}', m({}))).toContain('error calling call: call of nil');
  });
  test('int64 values from --set compare with int literals', () => {
    expect(render('{{ if eq .n 3 }}yes{{ end }} {{ .n }}', newMap([['n', int64(3)]]))).toBe('yes 3');
  });
  test('typed slices keep their type', () => {
    expect(render('{{ typeOf .s }} {{ .s }}', newMap([['s', typedSlice(['a', 'b'], '[]string')]]))).toBe('[]string [a b]');
  });
  test('int values print in decimal', () => {
    expect(render('{{ .n }}', newMap([['n', int(1000000)]]))).toBe('1000000');
  });
});

describe('missingkey modes', () => {
  test('error mode', () => {
    expect(renderError('{{ .Values.nope }}', values, { missingKey: 'error' })).toBe('template: t:1:10: executing "t" at <.Values.nope>: map has no entry for key "nope"');
  });
  test('default mode: missing key then field gives no value', () => {
    expect(render('{{ .Values.nope.deeper }}', values, { missingKey: 'default' })).toBe('<no value>');
  });
});

describe('trim markers and comments', () => {
  test.each([
    ['{{23 -}} < {{- 45}}', '23<45'],
    ['a  \n\t {{- "b" }}', 'ab'],
    ['{{ "a" -}}  \n  b', 'ab'],
    ['x {{- /* comment */ -}} y', 'xy'],
    ['x {{/* comment */}} y', 'x  y'],
    ['{{- 3 }}', '3'],
    ['{{ -3 }}', '-3'],
    ['a\n{{- if true }}\nb\n{{- end }}\n', 'a\nb\n'],
  ])('%j', (tpl, want) => {
    expect(render(tpl)).toBe(want);
  });

  test('comment not closed before delimiter', () => {
    expect(renderError('{{/* x */ 1 }}')).toBe('template: t:1: comment ends before closing delimiter');
  });
  test('newlines inside actions are allowed', () => {
    expect(render('{{ printf\n  "%s"\n  "x" }}')).toBe('x');
  });
});

describe('define / template / block', () => {
  test('template with data', () => {
    expect(render('{{ define "x" }}[{{ . }}]{{ end }}{{ template "x" .Values.str }}{{ template "x" }}', values)).toBe('[hello][<no value>]');
  });
  test('block defines and executes', () => {
    expect(render('{{ block "b" .Values.str }}<{{ . }}>{{ end }}', values)).toBe('<hello>');
  });
  test('a later define overrides a block, as Go templates do for layouts', async () => {
    const { TemplateSet } = await import('../../../src/helm/template/index.js');
    const set = new TemplateSet();
    set.parse('base', '<{{ block "content" . }}default{{ end }}>');
    expect(set.execute('base', null).output).toBe('<default>');
    set.parse('override', '{{ define "content" }}override{{ end }}');
    expect(set.execute('base', null).output).toBe('<override>');
  });
  test('missing template', () => {
    expect(renderError('{{ template "nope" }}')).toBe('template: t:1:12: executing "t" at <{{template "nope"}}>: template "nope" not defined');
  });
  test('duplicate define in one file', () => {
    expect(renderError('{{ define "a" }}1{{ end }}{{ define "a" }}2{{ end }}')).toBe('template: t:1: template: multiple definition of template "a"');
  });
  test('recursion is bounded', () => {
    const msg = renderError('{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}', null, { maxDepth: 50 });
    expect(msg).toContain('exceeded maximum template depth (50)');
  });
});

describe('parse errors', () => {
  test.each([
    ['{{ .x', 'template: t:1: unclosed action'],
    ['{{ if true }}', 'template: t:1: unexpected EOF'],
    ['{{ end }}', 'template: t:1: unexpected {{end}}'],
    ['{{ else }}', 'template: t:1: unexpected {{else}}'],
    ['{{ if }}{{ end }}', 'template: t:1: missing value for if'],
    ['{{ "unterminated }}', 'template: t:1: unterminated quoted string'],
    ['{{ 3x }}', 'template: t:1: bad number syntax: "3x"'],
    // Go's lexer is lazy: the parser meets the ')' item before the lexer's error item.
    ['{{ ) }}', 'template: t:1: unexpected ")" in command'],
    ['{{ ( 1 }}', 'template: t:1: unclosed left paren'],
    ['{{ print : }}', 'template: t:1: expected :='],
    ['{{ "a".x }}', 'template: t:1: unexpected . after term "\\"a\\""'],
    ['line1\nline2 {{ range $a, $b, $c := . }}{{ end }}', 'template: t:2: too many declarations in range'],
    ['{{ define "x" }}{{ end }', 'template: t:1: unexpected "}" in end'],
    ['{{ define "x" }}', 'template: t:1: unexpected EOF'],
    ['a\n{{ if true }}\n{{ "x\n" }}', 'template: t:3: unterminated quoted string'],
  ])('%j', (tpl, want) => {
    expect(renderError(tpl)).toBe(want);
  });
});

describe('TemplateSet', () => {
  test('redefinition across files is last-wins; an empty define never replaces a non-empty one', async () => {
    const { TemplateSet } = await import('../../../src/helm/template/index.js');
    const set = new TemplateSet();
    set.parse('a.tpl', '{{ define "x" }}A{{ end }}{{ define "y" }}Y{{ end }}');
    set.parse('b.tpl', '{{ define "x" }}B{{ end }}{{ define "y" }}  {{ end }}');
    set.parse('main', '{{ template "x" }}{{ template "y" }}');
    expect(set.execute('main', null).output).toBe('BY');
    expect(set.lookup('x')?.parseName).toBe('b.tpl');
    expect(set.names()).toEqual(['a.tpl', 'b.tpl', 'main', 'x', 'y']);
  });
  test('a failed parse leaves the set unchanged', async () => {
    const { TemplateSet } = await import('../../../src/helm/template/index.js');
    const set = new TemplateSet();
    set.parse('a', '{{ define "x" }}A{{ end }}');
    expect(() => set.parse('b', '{{ define "x" }}B{{ end }}{{ if }}')).toThrow('missing value for if');
    expect(set.execute('x', null).output).toBe('A');
    expect(set.has('b')).toBe(false);
  });
  test('clone has its own namespace and functions', async () => {
    const { TemplateSet } = await import('../../../src/helm/template/index.js');
    const set = new TemplateSet({ funcs: { f: () => 'orig' } });
    set.parse('a', '{{ f }}');
    const c = set.clone();
    c.addFuncs({ f: () => 'cloned' });
    c.parse('b', '{{ define "only-in-clone" }}{{ end }}');
    expect(c.execute('a', null).output).toBe('cloned');
    expect(set.execute('a', null).output).toBe('orig');
    expect(set.has('only-in-clone')).toBe(false);
  });
  test('executing a missing template', async () => {
    const { TemplateSet } = await import('../../../src/helm/template/index.js');
    expect(() => new TemplateSet().execute('nope', null)).toThrow('template: no template "nope" associated with template "gotpl"');
  });
  test('output limit', () => {
    expect(renderError('{{ range 100 }}0123456789{{ end }}', null, { maxOutputLength: 50 })).toContain('output exceeds the limit of 50 characters');
  });
});

describe('parse cache', () => {
  test('a cached parse is not reused when a function it calls is missing', async () => {
    const { TemplateSet } = await import('../../../src/helm/template/index.js');
    const a = new TemplateSet({ funcs: { f: () => 'F' } });
    a.parse('same', '{{ f }}');
    expect(a.execute('same', null).output).toBe('F');
    expect(() => new TemplateSet().parse('same', '{{ f }}')).toThrow('template: same:1: function "f" not defined');
    const c = new TemplateSet({ funcs: { f: () => 'G' } });
    c.parse('same', '{{ f }}');
    expect(c.execute('same', null).output).toBe('G');
  });
});

describe('parse cache across file names', () => {
  test('the same text under two names keeps each name in errors and lookups', async () => {
    const { TemplateSet } = await import('../../../src/helm/template/index.js');
    const text = '{{ define "lib.x" }}{{ .a.b }}{{ end }}{{ template "lib.x" . }}';
    const set = new TemplateSet();
    set.parse('one/templates/_lib.tpl', text);
    set.parse('two/templates/_lib.tpl', text);
    expect(set.lookup('one/templates/_lib.tpl')).toBeDefined();
    expect(set.lookup('lib.x')?.parseName).toBe('two/templates/_lib.tpl');
    expect(() => set.execute('one/templates/_lib.tpl', m({}))).toThrow('template: two/templates/_lib.tpl:1:25: executing "lib.x" at <.a.b>: nil pointer evaluating interface {}.b');
  });
  test('a define named like the file is parsed afresh', async () => {
    const { TemplateSet } = await import('../../../src/helm/template/index.js');
    const text = '{{ define "f2" }}D{{ end }}';
    new TemplateSet().parse('f1', text);
    const set = new TemplateSet().parse('f2', text);
    expect(set.execute('f2', null).output).toBe('D');
  });
});
