import { describe, expect, it } from 'vitest';
import { call, i, i64, m, plain } from './helpers.js';
import { GoInt, typedSlice, type GoMap } from '../../../../src/helm/value.js';

describe('strings', () => {
  it('trunc/substr are byte oriented', () => {
    expect(call('trunc', i(63), 'abc')).toBe('abc');
    expect(call('trunc', i(2), 'abcdef')).toBe('ab');
    expect(call('trunc', i(-2), 'abcdef')).toBe('ef');
    expect(call('trunc', i(2), 'héllo')).toBe('h\ufffd'); // Go: "h" + lone 0xC3 byte
    expect(call('trunc', i(3), 'héllo')).toBe('hé');
    expect(call('substr', i(1), i(3), 'abcdef')).toBe('bc');
    expect(call('substr', i(-1), i(3), 'abcdef')).toBe('abc');
    expect(call('substr', i(2), i(99), 'abcdef')).toBe('cdef');
  });
  it('quote/squote/cat skip nil and use %v', () => {
    expect(call('quote', 'a', null, 3.5, i(2))).toBe('"a" "3.5" "2"');
    expect(call('quote', null)).toBe('');
    expect(call('quote', 'say "hi"\n\t\u0001é')).toBe('"say \\"hi\\"\\n\\t\\x01é"');
    expect(call('quote', 1000000)).toBe('"1e+06"');
    expect(call('squote', 'a', true)).toBe("'a' 'true'");
    expect(call('cat', 'a', null, i(1), [1, 'b'])).toBe('a 1 [1 b]');
  });
  it('indent/nindent/replace/trim family', () => {
    expect(call('indent', i(2), 'a\nb')).toBe('  a\n  b');
    expect(call('nindent', i(2), 'a\n')).toBe('\n  a\n  ');
    expect(call('replace', '', '-', 'ab')).toBe('-a-b-');
    expect(call('trimAll', '$', '$$5.00$')).toBe('5.00');
    expect(call('trimSuffix', '-', 'a-b-')).toBe('a-b');
    expect(call('trim', '\u00a0 x \t\n')).toBe('x');
    expect(call('title', 'hello wORLD-foo_bar')).toBe('Hello WORLD-Foo_bar');
    expect(call('untitle', 'Hello World')).toBe('hello world');
    expect(call('upper', 'straße')).toBe('STRAßE');
  });
  it('case conversions (xstrings)', () => {
    expect(call('snakecase', 'FirstName')).toBe('first_name');
    expect(call('snakecase', 'HTTPServer')).toBe('http_server');
    expect(call('snakecase', 'NoHTTPS')).toBe('no_https');
    expect(call('kebabcase', 'GO_PATH')).toBe('go-path');
    expect(call('kebabcase', 'wait-for-db')).toBe('wait-for-db');
    expect(call('snakecase', 'http2xx')).toBe('http_2xx');
    expect(call('snakecase', 'Bld4Floor3rd')).toBe('bld4_floor_3rd');
    expect(call('snakecase', 'HTTP20xOK')).toBe('http_20x_ok');
    expect(call('snakecase', 'Duration2m3s')).toBe('duration_2m3s');
    expect(call('kebabcase', 'GO PATH')).toBe('go-path');
    // xstrings v1.5 (Sprig v3.3.0): camelcase is lower camel case
    expect(call('camelcase', 'http_server')).toBe('httpServer');
    expect(call('camelcase', 'GOLANG_IS_GREAT')).toBe('golangIsGreat');
    expect(call('camelcase', '_complex__case_')).toBe('_complex_Case_');
    expect(call('camelcase', 'some words')).toBe('someWords');
  });
  it('abbrev/wrap/plural/initials', () => {
    expect(call('abbrev', i(5), 'hello world')).toBe('he...');
    expect(call('abbrevboth', i(5), i(10), '1234 5678 9123')).toBe('...5678...');
    expect(call('wrap', i(5), 'Hello World')).toBe('Hello\nWorld');
    expect(call('wrapWith', i(5), '\t', 'Hello World')).toBe('Hello\tWorld');
    expect(call('plural', 'one', 'many', i(1))).toBe('one');
    expect(call('plural', 'one', 'many', i(2))).toBe('many');
    expect(call('initials', 'First Try')).toBe('FT');
    expect(call('swapcase', 'Hello')).toBe('hELLO');
  });
  it('split family, join with strval', () => {
    expect(plain(call('split', '$', 'foo$bar$baz'))).toEqual({ _0: 'foo', _1: 'bar', _2: 'baz' });
    expect(plain(call('splitn', '$', i(2), 'foo$bar$baz'))).toEqual({ _0: 'foo', _1: 'bar$baz' });
    expect(call('splitList', ',', '')).toEqual(['']);
    expect(call('typeOf', call('splitList', ',', 'a,b'))).toBe('[]string');
    expect(call('typeOf', call('split', ',', 'a,b'))).toBe('map[string]string');
    expect(call('join', ', ', ['a', i(1), null, 2.5, true])).toBe('a, 1, 2.5, true');
    expect(call('join', '-', 'solo')).toBe('solo');
    expect(call('join', '-', null)).toBe('');
    expect(call('sortAlpha', ['b', 'B', 'a', i(10), i(9)])).toEqual(['10', '9', 'B', 'a', 'b']);
    expect(call('toStrings', [i(1), 'x', null])).toEqual(['1', 'x']);
  });
  it('hashes and encodings', () => {
    expect(call('sha256sum', 'abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(call('sha1sum', 'abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(call('adler32sum', 'Wikipedia')).toBe('300286872');
    expect(call('b64enc', 'héllo')).toBe('aMOpbGxv');
    expect(call('b64dec', 'aMOpbGxv')).toBe('héllo');
    expect(call('b64dec', 'a!')).toBe('illegal base64 data at input byte 1');
    expect(call('b32enc', 'hello')).toBe('NBSWY3DP');
    expect(call('b32dec', 'NBSWY3DP')).toBe('hello');
  });
  it('toString is strval', () => {
    expect(call('toString', 1000000)).toBe('1e+06');
    expect(call('toString', 12345678)).toBe('1.2345678e+07');
    expect(call('toString', 0.00001)).toBe('1e-05');
    expect(call('toString', 123456)).toBe('123456');
    expect(call('toString', -0)).toBe('-0');
    expect(call('toString', i64(5))).toBe('5');
    expect(call('toString', null)).toBe('<nil>');
    expect(call('toString', m({ b: 1, a: [true, 'x'] }))).toBe('map[a:[true x] b:1]');
  });
});

describe('defaults', () => {
  it('empty follows Sprig', () => {
    for (const v of [null, undefined, '', 0, false, i(0), i64(0), [], m({})]) expect(call('empty', v)).toBe(true);
    for (const v of ['0', 0.1, true, i(1), [null], m({ a: null }), ' ']) expect(call('empty', v)).toBe(false);
  });
  it('default / coalesce / ternary / all / any', () => {
    expect(call('default', 'd')).toBe('d');
    expect(call('default', 'd', null)).toBe('d');
    expect(call('default', 'd', false)).toBe('d');
    expect(call('default', 'd', 0)).toBe('d');
    expect(call('default', 'd', m({}))).toBe('d');
    expect(call('default', 'd', 'x')).toBe('x');
    expect(call('default', 'd', '0')).toBe('0');
    expect(call('coalesce', null, '', 0, 'x', 'y')).toBe('x');
    expect(call('coalesce', null, '')).toBe(null);
    expect(call('ternary', 'a', 'b', true)).toBe('a');
    expect(call('ternary', 'a', 'b', false)).toBe('b');
    expect(call('all', 'a', 1, true)).toBe(true);
    expect(call('all', 'a', '')).toBe(false);
    expect(call('all')).toBe(true);
    expect(call('any')).toBe(false);
    expect(call('any', '', 0, 'x')).toBe(true);
  });
});

describe('conversions (cast)', () => {
  it('int/int64/float64/atoi', () => {
    expect(plain(call('int', '3.7'))).toBe('int:0');
    expect(plain(call('int', '3.0'))).toBe('int:3');
    expect(plain(call('int', 3.7))).toBe('int:3');
    expect(plain(call('int', -3.7))).toBe('int:-3');
    expect(plain(call('int', '0x1F'))).toBe('int:31');
    expect(plain(call('int', '0755'))).toBe('int:493');
    expect(plain(call('int', '1_000'))).toBe('int:1000');
    expect(plain(call('int', true))).toBe('int:1');
    expect(plain(call('int', null))).toBe('int:0');
    expect(plain(call('int64', '42'))).toBe('int64:42');
    expect(plain(call('int64', 1e30))).toBe('int64:-9223372036854775808');
    expect(call('float64', '1e3')).toBe(1000);
    expect(call('float64', 'abc')).toBe(0);
    expect(call('float64', i(3))).toBe(3);
    expect(plain(call('atoi', '42'))).toBe('int:42');
    expect(plain(call('atoi', '4.2'))).toBe('int:0');
    expect(plain(call('atoi', ' 4'))).toBe('int:0');
    expect(plain(call('toDecimal', '0777'))).toBe('int64:511');
    expect(plain(call('toDecimal', i(777)))).toBe('int64:511');
    expect(plain(call('toDecimal', '8'))).toBe('int64:0');
  });
});

describe('math', () => {
  it('int64 arithmetic with wraparound', () => {
    expect(plain(call('add', i(1), 2.9, '3'))).toBe('int64:6');
    expect(plain(call('add', i64(9223372036854775807n), i(1)))).toBe('int64:-9223372036854775808');
    expect(plain(call('add1', i64(9223372036854775807n)))).toBe('int64:-9223372036854775808');
    expect(plain(call('mul', i(3), 1.5))).toBe('int64:3');
    expect(plain(call('mul', i64(4611686018427387904n), i(2)))).toBe('int64:-9223372036854775808');
    expect(plain(call('div', i(7), i(2)))).toBe('int64:3');
    expect(plain(call('div', i(-7), i(2)))).toBe('int64:-3');
    expect(plain(call('mod', i(-7), i(2)))).toBe('int64:-1');
    expect(plain(call('sub', i(1), '3'))).toBe('int64:-2');
    expect(plain(call('max', i(1), '7', 3.9))).toBe('int64:7');
    expect(plain(call('min', i(1), '-7', 3.9))).toBe('int64:-7');
    expect(() => call('div', i(1), i(0))).toThrow('integer divide by zero');
  });
  it('float math uses decimal arithmetic', () => {
    expect(call('addf', 0.1, 0.2)).toBe(0.3);
    expect(call('add1f', 1.1)).toBe(2.1);
    expect(call('subf', 1.5, 0.3)).toBe(1.2);
    expect(call('mulf', 1.1, 3)).toBe(3.3);
    expect(call('divf', 10, 3)).toBe(3.3333333333333335);
    expect(call('divf', 2, 3)).toBe(0.6666666666666667); // 16-digit decimal division rounds half up
    expect(call('maxf', 1, 2.5, i(2))).toBe(2.5);
    expect(call('minf', 1, 2.5, i(-2))).toBe(-2);
    expect(call('floor', '3.7')).toBe(3);
    expect(call('ceil', 3.2)).toBe(4);
    expect(call('round', 123.555555, i(3))).toBe(123.556);
    expect(call('round', 123.5555, i(3), 0.6)).toBe(123.555);
  });
});

describe('lists', () => {
  it('basic list functions', () => {
    expect(call('first', [1, 2])).toBe(1);
    expect(call('first', [])).toBe(null);
    expect(() => call('first', null)).toThrow('nil pointer dereference');
    expect(() => call('first', 'abc')).toThrow('Cannot find first on type string');
    expect(call('last', [1, 2])).toBe(2);
    expect(call('rest', [1, 2, 3])).toEqual([2, 3]);
    expect(call('initial', [1, 2, 3])).toEqual([1, 2]);
    expect(call('append', [1], 2)).toEqual([1, 2]);
    expect(call('prepend', [1], 0)).toEqual([0, 1]);
    expect(call('concat', [1], [2, 3], typedSlice(['a'], '[]string'))).toEqual([1, 2, 3, 'a']);
    expect(call('reverse', [1, 2, 3])).toEqual([3, 2, 1]);
    expect(call('uniq', [1, 1, i(1), '1', i(1)])).toEqual([1, i(1), '1']);
    expect(call('without', [1, 2, 3, 2], 2)).toEqual([1, 3]);
    expect(call('has', 2, [1, 2])).toBe(true);
    expect(call('has', i(2), [1, 2])).toBe(false); // int vs float64: DeepEqual is typed
    expect(call('has', 1, null)).toBe(false);
    expect(call('compact', [1, '', null, 0, 'a', false, []])).toEqual([1, 'a']);
    expect(call('slice', [1, 2, 3, 4], i(1), i(3))).toEqual([2, 3]);
    expect(call('slice', [1, 2, 3, 4], i(2))).toEqual([3, 4]);
    expect(call('slice', [])).toBe(null);
    expect(plain(call('until', i(3)))).toEqual(['int:0', 'int:1', 'int:2']);
    expect(plain(call('until', i(-2)))).toEqual(['int:0', 'int:-1']);
    expect(plain(call('untilStep', i(0), i(10), i(4)))).toEqual(['int:0', 'int:4', 'int:8']);
    expect(call('seq', i(3))).toBe('1 2 3');
    expect(call('seq', i(2), i(-2))).toBe('2 1 0 -1 -2');
    expect(call('seq', i(0), i(2), i(5))).toBe('0 2 4');
    expect(call('chunk', i(2), [1, 2, 3])).toEqual([[1, 2], [3]]);
    expect(call('typeOf', call('until', i(2)))).toBe('[]int');
  });
});

describe('dicts', () => {
  it('dict/get/set/unset/hasKey/pluck/pick/omit/keys/values/dig', () => {
    const d = call('dict', 'a', 1, i(2), 'two', 'odd') as GoMap;
    expect(plain(d)).toEqual({ a: 1, '2': 'two', odd: '' });
    expect(call('get', d, 'a')).toBe(1);
    expect(call('get', d, 'zz')).toBe('');
    expect(call('get', null, 'zz')).toBe('');
    expect(call('hasKey', d, 'odd')).toBe(true);
    expect(call('set', d, 'b', 2)).toBe(d);
    expect(call('unset', d, 'odd')).toBe(d);
    expect(call('keys', d)).toEqual(['2', 'a', 'b']);
    expect(call('values', m({ b: 2, a: 1 }))).toEqual([1, 2]);
    expect(plain(call('pick', m({ a: 1, b: 2 }), 'a', 'z'))).toEqual({ a: 1 });
    expect(plain(call('omit', m({ a: 1, b: 2 }), 'a'))).toEqual({ b: 2 });
    expect(call('pluck', 'a', m({ a: 1 }), m({ b: 2 }), m({ a: 3 }))).toEqual([1, 3]);
    const nested = m({ a: m({ b: m({ c: 'deep' }) }) });
    expect(call('dig', 'a', 'b', 'c', 'def', nested)).toBe('deep');
    expect(call('dig', 'a', 'x', 'c', 'def', nested)).toBe('def');
    expect(() => call('dig', 'a', 'b', 'c', 'd', 'def', nested)).toThrow('interface conversion');
    expect(() => call('set', null, 'a', 1)).toThrow('assignment to entry in nil map');
  });

  it('merge mutates and returns dst; later sources fill only empty/missing keys', () => {
    const dst = m({ a: 1, b: '', c: m({ x: 1 }), list: [1] });
    const src = m({ a: 2, b: 'set', c: m({ x: 2, y: 3 }), d: 'new', list: [9, 9], n: null });
    const r = call('merge', dst, src);
    expect(r).toBe(dst);
    expect(plain(dst)).toEqual({ a: 1, b: 'set', c: { x: 1, y: 3 }, list: [1], d: 'new' });
  });

  it('merge shares nested maps by reference (mergo), so later merges mutate the source', () => {
    const values = m({ sub: m({ k: 'v' }) });
    const acc = call('merge', m({}), values) as GoMap;
    expect(acc.sub).toBe(values.sub); // same object
    call('mergeOverwrite', acc, m({ sub: m({ k: 'changed', extra: true }) }));
    expect(plain(values)).toEqual({ sub: { k: 'changed', extra: true } }); // .Values mutated through the share
  });

  it('mergeOverwrite lets zero values and nil overwrite', () => {
    const dst = m({ a: 1, b: true, c: 'x', d: m({ e: 1 }), f: [1, 2], g: 'keep' });
    call('mergeOverwrite', dst, m({ a: 0, b: false, c: '', d: m({ e: 0 }), f: [], g: null }));
    expect(plain(dst)).toEqual({ a: 0, b: false, c: '', d: { e: 0 }, f: [], g: null });
    const r = call('mergeOverwrite', null, m({ a: 1 }), m({ a: 2 }));
    expect(plain(r)).toEqual({ a: 2 });
  });

  it('merge fills false/0/"" in dst but keeps non-empty scalars vs maps', () => {
    const dst = m({ flag: false, n: 0, s: 'str' });
    call('merge', dst, m({ flag: true, n: 5, s: m({ x: 1 }) }));
    expect(plain(dst)).toEqual({ flag: true, n: 5, s: 'str' });
  });

  it('mergeOverwrite never replaces a non-empty scalar with a map (mergo quirk)', () => {
    const dst = m({ s: 'str', e: '', l: [1] });
    call('mergeOverwrite', dst, m({ s: m({ x: 1 }), e: m({ y: 2 }), l: m({ z: 3 }) }));
    expect(plain(dst)).toEqual({ s: 'str', e: { y: 2 }, l: [1] });
  });

  it('deepCopy isolates', () => {
    const src = m({ a: m({ b: [1, m({ c: i64(2) })] }) });
    const cp = call('deepCopy', src) as GoMap;
    expect(plain(cp)).toEqual(plain(src));
    expect(cp.a).not.toBe(src.a);
    expect(() => call('deepCopy', null)).toThrow('Cannot copy nil');
    expect(call('deepEqual', cp, src)).toBe(true);
    expect(call('deepEqual', i(1), i64(1))).toBe(false);
    expect(call('deepEqual', 1, i(1))).toBe(false);
  });
});

describe('type inspection', () => {
  it('typeOf / kindOf / typeIs / kindIs / typeIsLike', () => {
    const cases: [unknown, string, string][] = [
      ['s', 'string', 'string'],
      [1.5, 'float64', 'float64'],
      [i(1), 'int', 'int'],
      [i64(1), 'int64', 'int64'],
      [true, 'bool', 'bool'],
      [null, '<nil>', 'invalid'],
      [[1], '[]interface {}', 'slice'],
      [m({}), 'map[string]interface {}', 'map'],
    ];
    for (const [v, t, k] of cases) {
      expect(call('typeOf', v as never)).toBe(t);
      expect(call('kindOf', v as never)).toBe(k);
      expect(call('typeIs', t, v as never)).toBe(true);
      expect(call('kindIs', k, v as never)).toBe(true);
    }
    expect(call('kindOf', call('semver', '1.2.3'))).toBe('ptr');
    expect(call('typeOf', call('semver', '1.2.3'))).toBe('*semver.Version');
    expect(call('typeIsLike', 'semver.Version', call('semver', '1.2.3'))).toBe(true);
    expect(call('typeOf', call('now'))).toBe('time.Time');
    expect(call('kindOf', call('now'))).toBe('struct');
    expect(call('typeOf', call('add', i(1)))).toBe('int64');
  });
});

describe('paths and urls', () => {
  it('path functions', () => {
    expect(call('base', 'a/b/c.txt')).toBe('c.txt');
    expect(call('base', '')).toBe('.');
    expect(call('base', '/')).toBe('/');
    expect(call('dir', 'a/b/c')).toBe('a/b');
    expect(call('dir', 'c')).toBe('.');
    expect(call('clean', 'a//b/../c/')).toBe('a/c');
    expect(call('clean', '../../a')).toBe('../../a');
    expect(call('ext', 'a/b.tar.gz')).toBe('.gz');
    expect(call('isAbs', '/x')).toBe(true);
  });
  it('urlParse / urlJoin', () => {
    expect(plain(call('urlParse', 'ldap://user:pw@openldap:389/dc=x?q=1#frag'))).toEqual({
      scheme: 'ldap',
      host: 'openldap:389',
      hostname: 'openldap',
      path: '/dc=x',
      query: 'q=1',
      opaque: '',
      fragment: 'frag',
      userinfo: 'user:pw',
    });
    expect(call('urlJoin', m({ scheme: 'https', host: 'example.com', path: 'a b', query: 'x=1' }))).toBe('https://example.com/a%20b?x=1');
    expect(call('urlJoin', m({ host: 'h:80', path: '/p', scheme: 'http', userinfo: 'u:p' }))).toBe('http://u:p@h:80/p');
  });
  it('env/expandenv do not exist (Helm deletes them; see test/security/helm-sandbox.test.ts)', () => {
    expect(() => call('env', 'HOME')).toThrow();
    expect(() => call('expandenv', 'a $HOME b')).toThrow();
  });
});

describe('GoInt results', () => {
  it('are typed', () => {
    expect(call('int', '1')).toBeInstanceOf(GoInt);
  });
});
