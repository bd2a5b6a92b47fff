import { describe, expect, it } from 'vitest';
import { GoInt, int64, isMap, newMap, type GoValue } from '../../../src/helm/value.js';
import {
  formatFloatG,
  fromJson,
  fromYaml,
  loadValues,
  mustToJson,
  mustToYaml,
  originOf,
  toJson,
  toPrettyJson,
  toRawJson,
  toYaml,
  toYamlPretty,
  YamlLoadError,
} from '../../../src/helm/yaml/index.js';

describe('loadValues: YAML 1.1 through JSON, as Helm loads values files', () => {
  const load = (text: string) => loadValues(text, 'values.yaml').data;

  it('numbers are float64, YAML 1.1 forms included', () => {
    const v = load('a: 0755\nb: 0x1F\nc: 1.20\nd: 1_000\ne: 0o17\nf: 0b101\ng: +12\nh: .5\ni: 1e3\nj: 123456789012345678\nk: 08\n');
    expect(v).toEqual(newMap(Object.entries({ a: 493, b: 31, c: 1.2, d: 1000, e: 15, f: 5, g: 12, h: 0.5, i: 1000, j: 123456789012345680, k: 8 })));
    expect(typeof v['j']).toBe('number');
  });

  it('YAML 1.1 booleans, also as keys', () => {
    const v = load('{x: 1, y: 2}\n');
    expect(Object.keys(v).sort()).toEqual(['true', 'x']);
    const w = load('a: [y, Y, yes, Yes, YES, n, N, no, No, NO, true, True, TRUE, false, False, FALSE, on, On, ON, off, Off, OFF]\n');
    expect(w['a']).toEqual([...Array(5).fill(true), ...Array(5).fill(false), true, true, true, false, false, false, true, true, true, false, false, false]);
    expect(Object.keys(load('off: 1\nyes: 2'))).toEqual(['false', 'true']);
  });

  it('strings that stay strings', () => {
    const v = load('t: 2001-12-14\nts: 2001-12-14T21:59:43.10-05:00\ns: 1:30\nbig: 1e400\nhex: 0x\n');
    expect(v).toEqual(newMap(Object.entries({ t: '2001-12-14', ts: '2001-12-14T21:59:43.10-05:00', s: '1:30', big: '1e400', hex: '0x' })));
  });

  it('null, empty documents, duplicate keys, merge keys, aliases', () => {
    expect(load('a: ~\nb: null\nc:\n')).toEqual(
      newMap([
        ['a', null],
        ['b', null],
        ['c', null],
      ]),
    );
    expect(load('')).toEqual(newMap());
    expect(load('# nothing\n')).toEqual(newMap());
    expect(load('a: 1\na: 2')['a']).toBe(2);
    const m = load('base: &b {x: 1, w: 2}\nd:\n  <<: *b\n  w: 3\ne:\n  w: 3\n  <<: *b\n');
    expect(m['d']).toEqual(
      newMap([
        ['x', 1],
        ['w', 3],
      ]),
    );
    // go-yaml v2: a merge overrides keys set before it
    expect(m['e']).toEqual(
      newMap([
        ['w', 2],
        ['x', 1],
      ]),
    );
    const a = load('l: &l [1, {k: v}]\nm: *l\n');
    expect(a['m']).toEqual(a['l']);
    expect(a['m']).not.toBe(a['l']); // every alias expansion is a fresh value, as in Go
  });

  it('quoted scalars continue on less indented lines, as libyaml allows', () => {
    expect(load("a:\n  b: \"p\nq\"\nc: 'it''s\n  z'\n")).toEqual(
      newMap([
        ['a', newMap([['b', 'p q']])],
        ['c', "it's z"],
      ]),
    );
    expect(() => load('a: "unterminated\nb: 1\n')).toThrow(/found unexpected end of stream/);
  });

  it('binary tags decode, unknown tags keep the text', () => {
    expect(load('b: !!binary aGVsbG8=\nu: !foo bar\ns: !!str 123\nf: !!float 1')).toEqual(newMap(Object.entries({ b: 'hello', u: 'bar', s: '123', f: 1 })));
  });

  it('multiple documents are deep-merged (Helm v4)', () => {
    expect(load('a: {x: 1, w: 1}\n---\na: {w: 2}\nb: 3\n')).toEqual(
      newMap([
        [
          'a',
          newMap([
            ['x', 1],
            ['w', 2],
          ]),
        ],
        ['b', 3],
      ]),
    );
  });

  it('errors like Helm', () => {
    const err = (text: string) => {
      try {
        loadValues(text, 'values.yaml');
      } catch (e) {
        expect(e).toBeInstanceOf(YamlLoadError);
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    expect(err('a: .inf')).toBe('cannot unmarshal yaml document: error converting YAML to JSON: json: unsupported value: +Inf');
    expect(err('a: .nan')).toBe('cannot unmarshal yaml document: error converting YAML to JSON: json: unsupported value: NaN');
    expect(err('foo')).toBe(
      'cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type map[string]interface {}',
    );
    expect(err('~: 1')).toBe('cannot unmarshal yaml document: error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>, value: 1');
    expect(err('a: [1')).toBe("cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'");
    expect(err('a: &x [*x]')).toBe("cannot unmarshal yaml document: error converting YAML to JSON: yaml: anchor 'x' value contains itself");
    expect(err('<<: 1')).toBe('cannot unmarshal yaml document: error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value');
    expect(err('a: 1\n--- x\n')).toBe('error reading yaml document: invalid Yaml document separator: x');
  });

  it('refuses alias bombs', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const p = String.fromCharCode(97 + i - 1);
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill('*' + p)
          .join(',')}]`,
      );
    }
    expect(() => loadValues(lines.join('\n'), 'bomb.yaml')).toThrow(/excessive aliasing/);
  });

  it('source map: key and value positions of every entry', () => {
    const text = 'image:\n  repository: nginx\n  tag: "1.25"\nports:\n  - 80\n  - name: https\n    port: 443\n';
    const lv = loadValues(text, 'values-prod.yaml');
    expect(lv.origins(['image', 'tag'])).toEqual({
      file: 'values-prod.yaml',
      key: { line: 3, column: 3 },
      value: { line: 3, column: 8 },
      valueEnd: { line: 3, column: 14 },
    });
    expect(lv.origins(['ports', 1])).toMatchObject({ file: 'values-prod.yaml', value: { line: 6, column: 5 }, valueEnd: { line: 8, column: 1 } });
    expect(lv.origins(['ports', 1, 'port'])?.value).toEqual({ line: 7, column: 11 });
    expect(lv.origins(['image'])?.key).toEqual({ line: 1, column: 1 });
    expect(lv.origins(['nope'])).toBeUndefined();
    // the same information hangs off the map objects themselves (survives coalescing that keeps them)
    const image = lv.data['image'];
    expect(isMap(image) && originOf(image, 'repository')?.value).toEqual({ line: 2, column: 15 });
  });

  it('source map across documents and merges', () => {
    const lv = loadValues('a: {x: 1}\n---\na: {w: 2}\nb: &b {z: 3}\nc:\n  <<: *b\n', 'v.yaml');
    expect(lv.origins(['a', 'x'])?.key).toEqual({ line: 1, column: 5 });
    expect(lv.origins(['a', 'w'])?.key).toEqual({ line: 3, column: 5 });
    expect(lv.origins(['c', 'z'])?.key).toEqual({ line: 4, column: 8 });
  });
});

describe('fromYaml / fromJson', () => {
  it('put errors under "Error"', () => {
    expect(fromYaml('- a')['Error']).toBe('error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}');
    expect(fromJson('{"a":')['Error']).toBe('unexpected end of JSON input');
    expect(fromJson('{"a": 1e400}')).toEqual(
      newMap([
        ['a', null],
        ['Error', 'json: cannot unmarshal number 1e400 into Go value of type float64'],
      ]),
    );
  });
});

describe('toYaml', () => {
  it('formats the resources block the way charts render it', () => {
    const v = loadValues('resources:\n  requests: {memory: 128Mi, cpu: 100m}\n  limits: {cpu: 1, memory: 1Gi}\n', 'v').data['resources'] as GoValue;
    expect(toYaml(v)).toBe('limits:\n  cpu: 1\n  memory: 1Gi\nrequests:\n  cpu: 100m\n  memory: 128Mi');
  });

  it('quotes YAML 1.1 ambiguous strings', () => {
    for (const s of ['yes', 'NO', 'on', '~', 'null', '1e3', '0o17', '+12', '.5', '1_000', '0b101', '2001-12-14', '8080', '1:30', '']) {
      expect(toYaml(s)).toBe(JSON.stringify(s));
    }
    expect(toYaml('=')).toBe('=');
    expect(toYaml('<<')).toBe('<<');
    expect(toYaml("it's: x")).toBe("'it''s: x'");
    expect(toYaml('a #b')).toBe("'a #b'");
    expect(toYaml('\u0007')).toBe('"\\a"');
  });

  it('block scalars, folding, empty collections, numbers', () => {
    expect(toYaml({ s: 'a\nb\n' } as GoValue)).toBe('s: |\n  a\n  b');
    expect(toYaml(newMap([['s', 'a\nb']]))).toBe('s: |-\n  a\n  b');
    expect(toYaml(newMap([['s', 'a  \nb']]))).toBe('s: "a  \\nb"');
    expect(
      toYaml(
        newMap([
          ['e', newMap()],
          ['l', []],
          ['n', null],
        ]),
      ),
    ).toBe('e: {}\nl: []\n"n": null');
    expect(toYaml(newMap([['k', ['a', 'b']]]))).toBe('k:\n- a\n- b');
    const long = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    expect(toYaml(newMap([['k', long]]))).toBe(
      'k: word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12\n  word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24\n  word25 word26 word27 word28 word29',
    );
    expect([1e6, 1234567.5, 1e21, 1e-7, 123456789012345678, 1e20, 1e19, -0].map((n) => toYaml(n))).toEqual([
      '1000000',
      '1.2345675e+06',
      '1e+21',
      '1e-07',
      '123456789012345680',
      '1e+20',
      '10000000000000000000',
      '0',
    ]);
    expect(toYaml(new GoInt(9223372036854775807n, 'int64'))).toBe('9223372036854775807');
    expect(toYaml(NaN)).toBe('');
    expect(() => mustToYaml(NaN)).toThrow('error marshaling into JSON: json: unsupported value: NaN');
    expect(() => mustToYaml('\u007f')).toThrow(/^yaml: control characters are not allowed$/);
    expect(toYaml('\u007f')).toBe('');
  });

  it('keys in go-yaml natural order, toJson bytewise', () => {
    const m = newMap([
      ['10', 1],
      ['9', 2],
      ['b', 3],
      ['a10', 4],
      ['a9', 5],
    ]);
    expect(toYaml(m)).toBe('"9": 2\n"10": 1\na9: 5\na10: 4\nb: 3');
    expect(toJson(m)).toBe('{"10":1,"9":2,"a10":4,"a9":5,"b":3}');
  });

  it('toYamlPretty indents sequences and keeps floats as go-yaml v3 prints them', () => {
    expect(
      toYamlPretty(
        newMap([
          ['a', [1, newMap([['b', 'yes']])]],
          ['i', 1000000],
        ]),
      ),
    ).toBe('a:\n  - 1\n  - b: "yes"\ni: 1e+06');
  });
});

describe('toJson family (Go encoding/json)', () => {
  it('escapes HTML in toJson, not in toRawJson', () => {
    const v = newMap([
      ['k', '<a href="x">&</a>'],
      ['n', 1e21],
      ['i', int64(3)],
      ['f', 0.000001],
      ['g', 1e-7],
    ]);
    expect(toJson(v)).toBe('{"f":0.000001,"g":1e-7,"i":3,"k":"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e","n":1e+21}');
    expect(toRawJson(v)).toBe('{"f":0.000001,"g":1e-7,"i":3,"k":"<a href=\\"x\\">&</a>","n":1e+21}');
    expect(
      toPrettyJson(
        newMap([
          ['a', [1, newMap()]],
          ['b', []],
        ]),
      ),
    ).toBe('{\n  "a": [\n    1,\n    {}\n  ],\n  "b": []\n}');
    expect(toJson(null)).toBe('null');
    expect(toJson(Infinity)).toBe('');
    expect(() => mustToJson(Infinity)).toThrow('json: unsupported value: +Inf');
    expect(toJson('\u2028\b\f\u0001')).toBe('"\\u2028\\b\\f\\u0001"');
  });

  it('formatFloatG follows strconv', () => {
    expect([1e6, 100000, 0.0001, 0.00001, 1.5, 123456789, -0].map((n) => formatFloatG(n))).toEqual(['1e+06', '100000', '0.0001', '1e-05', '1.5', '1.23456789e+08', '-0']);
    expect(formatFloatG(3.14159265358979, 32)).toBe('3.1415927');
    // float32 shortest digits are decided on the exact interval (no double rounding)
    expect(formatFloatG(7.038531e-26, 32)).toBe('7.0385313e-26');
    expect(formatFloatG(1e39, 32)).toBe('+Inf');
  });
});
