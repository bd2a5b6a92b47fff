// YAML 1.1 scalar resolution as go-yaml v2 (gopkg.in/yaml.v2 / go.yaml.in/yaml/v2, resolve.go) does it,
// plus the Go strconv helpers it relies on (ParseInt/ParseUint with base 0, FormatFloat 'g').

export type Resolved =
  | { tag: 'str'; value: string }
  | { tag: 'null'; value: null }
  | { tag: 'bool'; value: boolean }
  | { tag: 'int'; value: bigint; unsigned: boolean }
  | { tag: 'float'; value: number }
  | { tag: 'timestamp'; value: string }
  | { tag: 'merge'; value: string };

const RESOLVE_MAP = new Map<string, Resolved>();
for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) RESOLVE_MAP.set(s, { tag: 'bool', value: true });
for (const s of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) RESOLVE_MAP.set(s, { tag: 'bool', value: false });
for (const s of ['', '~', 'null', 'Null', 'NULL']) RESOLVE_MAP.set(s, { tag: 'null', value: null });
for (const s of ['.nan', '.NaN', '.NAN']) RESOLVE_MAP.set(s, { tag: 'float', value: NaN });
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) RESOLVE_MAP.set(s, { tag: 'float', value: Infinity });
for (const s of ['-.inf', '-.Inf', '-.INF']) RESOLVE_MAP.set(s, { tag: 'float', value: -Infinity });
RESOLVE_MAP.set('<<', { tag: 'merge', value: '<<' });

function hint(c: string | undefined): string {
  if (c === undefined) return 'N';
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return '';
}

export const INT64_MIN = -(1n << 63n);
export const INT64_MAX = (1n << 63n) - 1n;
export const UINT64_MAX = (1n << 64n) - 1n;

function digitsValue(s: string, base: number): bigint | null {
  if (s === '') return null;
  let v = 0n;
  const b = BigInt(base);
  for (const ch of s) {
    const d = parseInt(ch, 36);
    if (Number.isNaN(d) || d >= base || !/[0-9a-zA-Z]/.test(ch)) return null;
    v = v * b + BigInt(d);
  }
  return v;
}

/** Magnitude of an unsigned Go integer literal with base 0 (no sign, no underscores). */
function parseUnsignedBase0(s: string): bigint | null {
  if (s === '') return null;
  let base = 10;
  if (s[0] === '0') {
    const p = s[1]?.toLowerCase();
    if (s.length >= 3 && p === 'b') {
      base = 2;
      s = s.slice(2);
    } else if (s.length >= 3 && p === 'o') {
      base = 8;
      s = s.slice(2);
    } else if (s.length >= 3 && p === 'x') {
      base = 16;
      s = s.slice(2);
    } else {
      base = 8;
      s = s.slice(1);
      if (s === '') return 0n;
    }
  }
  return digitsValue(s, base);
}

/** strconv.ParseInt(s, 0, 64) without underscores: null on syntax or range error. */
export function goParseInt(s: string): bigint | null {
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  const m = parseUnsignedBase0(s);
  if (m === null) return null;
  const v = neg ? -m : m;
  if (v < INT64_MIN || v > INT64_MAX) return null;
  return v;
}

/** strconv.ParseUint(s, 0, 64) without underscores. */
export function goParseUint(s: string): bigint | null {
  const m = parseUnsignedBase0(s);
  if (m === null || m > UINT64_MAX) return null;
  return m;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** strconv.ParseFloat(s, 64) for the decimal forms that reach it; null on error (incl. overflow). */
function goParseFloatDecimal(s: string): number | null {
  // Go accepts underscores between digits; "." hint strings reach here unmodified.
  if (!/^[-+]?(\d(_?\d)*)?(\.(\d(_?\d)*)?)?([eE][-+]?\d(_?\d)*)?$/.test(s)) return null;
  const t = s.replace(/_/g, '');
  if (!/\d/.test(t.replace(/[eE].*$/, ''))) return null;
  const v = Number(t);
  if (!Number.isFinite(v)) return null;
  return v;
}

// "2006-1-2T15:4:5.999999999Z07:00", "2006-1-2t15:4:5.999999999Z07:00", "2006-1-2 15:4:5.999999999", "2006-1-2"
const TS_DATE = '(\\d{4})-(\\d{1,2})-(\\d{1,2})';
const TS_TIME = '(\\d{1,2}):(\\d{1,2}):(\\d{1,2})(\\.\\d+)?';
const TIMESTAMP_RES = [new RegExp(`^${TS_DATE}[Tt]${TS_TIME}(Z|[+-]\\d{2}:\\d{2})$`), new RegExp(`^${TS_DATE} ${TS_TIME}$`), new RegExp(`^${TS_DATE}$`)];

/** go-yaml v2 parseTimestamp: only the prefix check and the four layouts it tries. */
export function isYamlTimestamp(s: string): boolean {
  let i = 0;
  while (i < s.length && s[i]! >= '0' && s[i]! <= '9') i++;
  if (i !== 4 || i === s.length || s[i] !== '-') return false;
  for (const re of TIMESTAMP_RES) {
    const m = re.exec(s);
    if (!m) continue;
    const mon = Number(m[2]);
    const day = Number(m[3]);
    if (mon < 1 || mon > 12 || day < 1) continue;
    const y = Number(m[1]);
    const dim = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mon - 1]!;
    if (day > dim) continue;
    if (m[4] !== undefined) {
      if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) continue;
      // Go's layout "15:4:5": hour may be one digit? The layout element "15" needs two digits.
      if (m[4].length !== 2) continue;
    }
    if (m[10] !== undefined && m[10] !== 'Z') {
      const [hh, mm] = m[10].slice(1).split(':').map(Number) as [number, number];
      if (hh > 24 || mm > 59) continue;
    }
    return true;
  }
  return false;
}

/** resolve("", in) of go-yaml v2 for a plain scalar. */
export function resolvePlain(input: string): Resolved {
  const h = hint(input[0]);
  if (h === '') return { tag: 'str', value: input };
  const item = RESOLVE_MAP.get(input);
  if (item) return item;
  switch (h) {
    case 'M':
      break;
    case '.': {
      const f = goParseFloatDecimal(input);
      if (f !== null) return { tag: 'float', value: f };
      break;
    }
    case 'D':
    case 'S': {
      if (isYamlTimestamp(input)) return { tag: 'timestamp', value: input };
      const plain = input.replace(/_/g, '');
      const iv = goParseInt(plain);
      if (iv !== null) return { tag: 'int', value: iv, unsigned: false };
      const uv = goParseUint(plain);
      if (uv !== null) return { tag: 'int', value: uv, unsigned: true };
      if (YAML_STYLE_FLOAT.test(plain)) {
        const f = Number(plain);
        if (Number.isFinite(f)) return { tag: 'float', value: f };
      }
      if (plain.startsWith('0b')) {
        const v = digitsValue(plain.slice(2), 2);
        if (v !== null && v <= INT64_MAX) return { tag: 'int', value: v, unsigned: false };
        if (v !== null && v <= UINT64_MAX) return { tag: 'int', value: v, unsigned: true };
      } else if (plain.startsWith('-0b')) {
        const v = digitsValue(plain.slice(3), 2);
        if (v !== null && -v >= INT64_MIN) return { tag: 'int', value: -v, unsigned: false };
      }
      break;
    }
  }
  return { tag: 'str', value: input };
}

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

export function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s[0]!;
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}

const OLD_BOOLS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);
export function isOldBool(s: string): boolean {
  return OLD_BOOLS.has(s);
}

// ---------------------------------------------------------------------------------------------
// Go float formatting

/** Whether the decimal `dec` (as toExponential prints it) reads back as the float32 f, decided exactly. */
function withinFloat32Interval(f: number, dec: string): boolean {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, f);
  const bits = dv.getUint32(0);
  const expField = (bits >>> 23) & 0xff;
  const frac = bits & 0x7fffff;
  const m = BigInt(expField === 0 ? frac : frac | 0x800000);
  const e = (expField === 0 ? 1 : expField) - 150; // f = m * 2^e
  const [mant, ex] = dec.split('e') as [string, string];
  const digits = mant.replace('.', '');
  const D = BigInt(digits);
  const k = Number(ex) - (digits.length - 1); // dec = D * 10^k
  // bounds scaled by 2^(e-2): f = 4m, upper = 4m+2, lower = 4m-2 (4m-1 at a power-of-two boundary)
  const lowerGapHalf = frac === 0 && expField > 1 ? 1n : 2n;
  const cmp = (n: bigint): number => {
    // compare D*10^k with n*2^(e-2)
    const s = e - 2;
    const left = D * 10n ** BigInt(Math.max(k, 0)) * 2n ** BigInt(Math.max(-s, 0));
    const right = n * 2n ** BigInt(Math.max(s, 0)) * 10n ** BigInt(Math.max(-k, 0));
    return left < right ? -1 : left > right ? 1 : 0;
  };
  const inclusive = m % 2n === 0n;
  const lo = cmp(4n * m - lowerGapHalf);
  const hi = cmp(4n * m + 2n);
  return (inclusive ? lo >= 0 : lo > 0) && (inclusive ? hi <= 0 : hi < 0);
}

/** Shortest decimal digits and decimal-point position of x (x finite, non-zero), as strconv does. */
function shortestDigits(x: number, bits: 32 | 64): { digits: string; dp: number } {
  const a = Math.abs(x);
  let exp: string;
  if (bits === 64) {
    exp = a.toExponential();
  } else {
    const f = Math.fround(a);
    exp = f.toExponential(8);
    for (let p = 0; p <= 8; p++) {
      const e = f.toExponential(p);
      if (withinFloat32Interval(f, e)) {
        exp = e;
        break;
      }
    }
  }
  const [mant, e] = exp.split('e') as [string, string];
  const digits = mant.replace('.', '').replace(/0+$/, '') || '0';
  return { digits, dp: Number(e) + 1 };
}

/** strconv.FormatFloat(x, 'g', -1, bits). */
export function formatFloatG(x: number, bits: 32 | 64 = 64): string {
  if (bits === 32) x = Math.fround(x);
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  if (x === 0) return neg ? '-0' : '0';
  const { digits, dp } = shortestDigits(x, bits);
  const expn = dp - 1;
  let s: string;
  if (expn < -4 || expn >= 6) {
    // shortest 'g' formatting decides with eprec = 6
    s = eFormat(digits, expn);
  } else {
    s = fFormat(digits, dp);
  }
  return (neg ? '-' : '') + s;
}

function eFormat(digits: string, expn: number): string {
  let s = digits[0]!;
  if (digits.length > 1) s += '.' + digits.slice(1);
  const ae = Math.abs(expn);
  return s + 'e' + (expn < 0 ? '-' : '+') + (ae < 10 ? '0' : '') + String(ae);
}

function fFormat(digits: string, dp: number): string {
  if (dp <= 0) return '0.' + '0'.repeat(-dp) + digits;
  if (dp >= digits.length) return digits + '0'.repeat(dp - digits.length);
  return digits.slice(0, dp) + '.' + digits.slice(dp);
}
