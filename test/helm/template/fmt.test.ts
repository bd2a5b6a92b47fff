import { describe, expect, test } from 'vitest';
import { formatFloat, sprint, sprintf, sprintln } from '../../../src/helm/template/fmt.js';
import { byteSlice, byteSliceText, GoInt, GoStruct, int, int64, newMap, typedMap, typedSlice, type GoValue } from '../../../src/helm/value.js';
import { m } from './helpers.js';

describe('floats like strconv shortest %v', () => {
  test.each([
    [1000000, '1e+06'],
    [100000, '100000'],
    [12345678, '1.2345678e+07'],
    [0.00001, '1e-05'],
    [0.0001, '0.0001'],
    [-0, '-0'],
    [0, '0'],
    [3, '3'],
    [0.1, '0.1'],
    [1.5, '1.5'],
    [123456789012345678, '1.2345678901234568e+17'],
    [1e21, '1e+21'],
    [1e20, '1e+20'],
    [-2.5e-7, '-2.5e-07'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [NaN, 'NaN'],
  ])('%s', (f, want) => {
    expect(sprint(f)).toBe(want);
  });
});

describe('formatFloat with precision (exact, half to even)', () => {
  test.each([
    [2.5, 'f', 0, '2'],
    [3.5, 'f', 0, '4'],
    [0.5, 'f', 0, '0'],
    [1.5, 'f', 0, '2'],
    [2.675, 'f', 2, '2.67'],
    [0.05, 'f', 1, '0.1'],
    [1234.5678, 'e', 6, '1.234568e+03'],
    [1234.5678, 'g', 3, '1.23e+03'],
    [1234.5678, 'g', -1, '1234.5678'],
    [1, 'g', 3, '1'],
    [0.000012345, 'g', 2, '1.2e-05'],
    [100, 'e', 0, '1e+02'],
    [0, 'e', 2, '0.00e+00'],
    [9.999, 'f', 2, '10.00'],
    [123456, 'G', 2, '1.2E+05'],
  ] as const)('%s %s %s', (f, fmt, prec, want) => {
    expect(formatFloat(f, fmt, prec)).toBe(want);
  });
});

describe('Sprintf', () => {
  test.each<[string, GoValue[], string]>([
    ['%d', [int(42)], '42'],
    ['%5d|%-5d|%05d', [int(42), int(42), int(-42)], '   42|42   |-0042'],
    ['%+d % d', [int(5), int(5)], '+5  5'],
    ['%x %X %o %O %b', [int(255), int(255), int(8), int(8), int(5)], 'ff FF 10 0o10 101'],
    ['%#x %#o %#b', [int(255), int(8), int(5)], '0xff 010 0b101'],
    ['%x', [int(-255)], '-ff'],
    ['%.3d|%.0d|', [int(7), int(0)], '007||'],
    ['%c %q %U %#U', [int(65), int(65), int(0x1f600), int(0x41)], "A 'A' U+1F600 U+0041 'A'"],
    ['%s|%10s|%-10s|%.2s', ['hi', 'hi', 'hi', 'hello'], 'hi|        hi|hi        |he'],
    ['%q %+q %#q', ['a"b\n', 'é', 'raw'], '"a\\"b\\n" "\\u00e9" `raw`'],
    ['%x % x %X', ['hi', 'hi', 'hi'], '6869 68 69 6869'],
    ['%t %v', [true, false], 'true false'],
    ['%f %.2f %8.3f %-8.1f|', [3.14159, 3.14159, 3.14159, 3.14159], '3.141590 3.14    3.142 3.1     |'],
    ['%08.3f %+.2e %E', [-3.14159, 1234.5, 1234.5], '-003.142 +1.23e+03 1.234500E+03'],
    ['%g %G %e', [1e-7, 1e21, 0], '1e-07 1E+21 0.000000e+00'],
    ['%v %v', [1e6, int64(1000000)], '1e+06 1000000'],
    ['%6.2f|%06.2f', [-1.5, Infinity], ' -1.50|  +Inf'],
    ['%%', [], '%'],
    ['%d', [3], '%!d(float64=3)'],
    ['%s', [int(3)], '%!s(int=3)'],
    ['%d', ['x'], '%!d(string=x)'],
    ['%d', [null], '%!d(<nil>)'],
    ['%v %s', [null, null], '<nil> %!s(<nil>)'],
    ['%d %d', [int(1)], '1 %!d(MISSING)'],
    ['%d', [int(1), int(2), 'x'], '1%!(EXTRA int=2, string=x)'],
    ['%d', [int(1), null], '1%!(EXTRA <nil>)'],
    ['%', [], '%!(NOVERB)'],
    ['%z', [int(1)], '%!z(int=1)'],
    ['%5d', [2.5], '%!d(float64=  2.5)'],
    ['%*d|%-*d', [int(4), int(1), int(3), int(2)], '   1|2  '],
    ['%[2]d %[1]d', [int(1), int(2)], '2 1'],
    ['%[3]d', [int(1)], '%!d(BADINDEX)'],
    ['%.*f', [int(1), 2.25], '2.2'],
    ['%*d', ['x', int(1)], '%!(BADWIDTH)1'],
    ['%T %T %T %T %T', [int(1), 1.5, 'a', true, null], 'int float64 string bool <nil>'],
    ['%T %T', [int64(1), [1]], 'int64 []interface {}'],
    ['%x %X %x %x', [1, 1.5, -0.1, 0], '0x1p+00 0X1.8P+00 -0x1.999999999999ap-04 0x0p+00'],
    ['%.2x %b %b', [1.0 / 3, 1, 0.5], '0x1.55p-02 4503599627370496p-52 4503599627370496p-53'],
  ])('%s', (format, args, want) => {
    expect(sprintf(format, ...args)).toBe(want);
  });
});

describe('%v of composite values', () => {
  test('maps sorted, nested, nil inside', () => {
    expect(sprint(m({ b: 2, a: [1, 'x', null], c: { z: true } }))).toBe('map[a:[1 x <nil>] b:2 c:map[z:true]]');
  });
  test('verbs apply to elements', () => {
    expect(sprintf('%d', [int(1), int(2)])).toBe('[1 2]');
    expect(sprintf('%s', [int(1), 'a'])).toBe('[%!s(int=1) a]');
    expect(sprintf('%q', ['a', 'b'])).toBe('["a" "b"]');
    expect(sprintf('%03d', [int(1)])).toBe('[001]');
  });
  test('%T of typed values', () => {
    expect(sprintf('%T', newMap())).toBe('map[string]interface {}');
    expect(sprintf('%T', typedMap(newMap(), 'chartutil.Values'))).toBe('chartutil.Values');
    expect(sprintf('%T', typedSlice(['a'], '[]string'))).toBe('[]string');
  });
  test('structs, Stringer', () => {
    class Version extends GoStruct {
      readonly goTypeName = '*semver.Version';
      String(): string {
        return '1.2.3';
      }
    }
    class Meta extends GoStruct {
      readonly goTypeName = '*chart.Metadata';
      Name = 'mychart';
      Version = '0.1.0';
    }
    expect(sprint(new Version())).toBe('1.2.3');
    expect(sprintf('%s|%v|%d', new Version(), [new Version()], new Version())).toBe('1.2.3|[1.2.3]|&{}');
    expect(sprint(new Meta())).toBe('&{mychart 0.1.0}');
    expect(sprintf('%+v', new Meta())).toBe('&{Name:mychart Version:0.1.0}');
  });
  test('%#v', () => {
    expect(sprintf('%#v', 'a')).toBe('"a"');
    expect(sprintf('%#v', ['a', int(1)])).toBe('[]interface {}{"a", 1}');
  });
});

describe('Sprint and Sprintln spacing', () => {
  test('spaces only between non-string operands', () => {
    expect(sprint('a', int(1), int(2), 'b', 'c', int(3), 3.5)).toBe('a1 2bc3 3.5');
    expect(sprint(int(1), 2.5, true, null)).toBe('1 2.5 true <nil>');
  });
  test('println always spaces, adds newline', () => {
    expect(sprintln('a', int(1), 'b')).toBe('a 1 b\n');
    expect(sprintln()).toBe('\n');
  });
});

describe('integer slices (a []byte from .Files)', () => {
  const bytes = typedSlice([new GoInt(104n, 'uint8'), new GoInt(0n, 'uint8'), new GoInt(255n, 'uint8')], '[]uint8');
  test('print as their decimal elements, in one piece or element by element alike', () => {
    expect(sprintf('%v', bytes)).toBe('[104 0 255]');
    expect(sprintf('%d', bytes)).toBe('[104 0 255]');
    expect(sprintf('%v', [int(-3), int(7)])).toBe('[-3 7]');
    expect(sprintf('%v', newMap([['f', bytes]]))).toBe('map[f:[104 0 255]]');
  });
  test('a file read as []byte prints from its bytes, the same text; a changed slice is printed element by element', () => {
    const data = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) % 256);
    const file = byteSlice(data, (elements) => typedSlice(elements, '[]uint8'));
    const expected = `[${Array.from(data).join(' ')}]`;
    expect(byteSliceText(file)).toBe(Array.from(data).join(' '));
    expect(sprintf('%v', file)).toBe(expected);
    expect(sprintf('%v', newMap([['crd.yaml', file]]))).toBe(`map[crd.yaml:${expected}]`);
    const changed = byteSlice(Uint8Array.of(1, 2, 3), (elements) => elements);
    changed[1] = int(-5);
    expect(byteSliceText(changed)).toBeUndefined();
    expect(sprintf('%v', changed)).toBe('[1 -5 3]');
  });
  test('flags still apply per element', () => {
    expect(sprintf('%+v', [int(3)])).toBe('[3]');
    expect(sprintf('%+d', bytes)).toBe('[+104 +0 +255]');
    expect(sprintf('%4v', bytes)).toBe('[ 104    0  255]');
  });
});
