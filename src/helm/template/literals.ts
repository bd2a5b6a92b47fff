// Go literal syntax used by the template parser: strconv.Unquote, ParseInt/ParseUint with base 0,
// ParseFloat, and parse.newNumber's constant typing. Semantics from Go (BSD-style licence, The Go Authors).

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** strconv.Unquote for "…", `…` and '…' (single character). null on invalid syntax. */
export function unquoteGo(s: string): string | null {
  if (s.length < 2) return null;
  const q = s[0];
  if (q !== s[s.length - 1]) return null;
  const body = s.slice(1, -1);
  if (q === '`') return body.includes('`') ? null : body.replace(/\r/g, '');
  if (q !== '"' && q !== "'") return null;
  if (q === '"' && !/["\\\n]/.test(body)) return body;
  let out = '';
  let i = 0;
  while (i < body.length) {
    const ch = String.fromCodePoint(body.codePointAt(i)!);
    if (ch === q) return null;
    if (ch === '\n') return null;
    if (ch !== '\\') {
      out += ch;
      i += ch.length;
      continue;
    }
    const e = body[i + 1];
    i += 2;
    switch (e) {
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case "'":
      case '"':
        if (e !== q) return null;
        out += e;
        break;
      case 'x':
      case 'u':
      case 'U': {
        const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = body.slice(i, i + n);
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) return null;
        const v = parseInt(hex, 16);
        i += n;
        if (e === 'x') {
          // A byte; JS strings hold code points, so bytes >= 0x80 become Latin-1 characters (documented divergence).
          out += String.fromCharCode(v);
        } else {
          if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return null;
          out += String.fromCodePoint(v);
        }
        break;
      }
      default: {
        if (e !== undefined && e >= '0' && e <= '7') {
          const oct = body.slice(i - 1, i + 2);
          if (!/^[0-7]{3}$/.test(oct)) return null;
          const v = parseInt(oct, 8);
          if (v > 255) return null;
          out += String.fromCharCode(v);
          i += 2;
          break;
        }
        return null;
      }
    }
  }
  if (q === "'" && [...out].length !== 1) return null;
  return out;
}

/** Go's underscoreOK: underscores only between digits (a base prefix counts as a digit). */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && /[bBoOxX]/.test(s[1]!)) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** strconv.ParseInt(s, 0, 64)-like parse without range check; null on syntax error. */
function parseIntBase0(text: string, allowSign: boolean): bigint | null {
  let s = text;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    if (!allowSign) return null;
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '') return null;
  let base = 10;
  let digits = s;
  if (s[0] === '0' && s.length > 1) {
    const p = s[1]!.toLowerCase();
    if (p === 'x') ((base = 16), (digits = s.slice(2)));
    else if (p === 'o') ((base = 8), (digits = s.slice(2)));
    else if (p === 'b') ((base = 2), (digits = s.slice(2)));
    else ((base = 8), (digits = s.slice(1)));
  }
  if (digits.includes('_')) {
    if (!underscoreOK(text)) return null;
    digits = digits.replace(/_/g, '');
  }
  if (digits === '') return null;
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[base as 2 | 8 | 10 | 16];
  if (!valid.test(digits)) return null;
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '';
  const v = BigInt(prefix + digits);
  return neg ? -v : v;
}

/** strconv.ParseFloat(s, 64); null on syntax or range error. */
function parseFloat64(text: string): number | null {
  let s = text;
  if (s.includes('_')) {
    if (!underscoreOK(s)) return null;
    s = s.replace(/_/g, '');
  }
  let v: number;
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(s);
  if (hex) {
    const [, sign, intPart = '', frac = '', exp] = hex;
    if (intPart === '' && frac === '') return null;
    const mant = BigInt('0x' + (intPart + frac || '0'));
    v = Number(mant) * Math.pow(2, Number(exp) - 4 * frac.length);
    if (sign === '-') v = -v;
  } else if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) {
    v = Number(s);
  } else return null;
  return Number.isFinite(v) ? v : null;
}

export interface NumberFields {
  text: string;
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  int64: bigint;
  uint64: bigint;
  float64: number;
}

/** parse.newNumber: the constant's possible typings, or an error message. */
export function parseGoNumber(text: string, isChar: boolean, isComplex: boolean): NumberFields | string {
  const n: NumberFields = { text, isInt: false, isUint: false, isFloat: false, int64: 0n, uint64: 0n, float64: 0 };
  if (isChar) {
    const r = unquoteGo(text);
    if (r === null) return 'invalid syntax';
    const c = BigInt(r.codePointAt(0)!);
    return { ...n, isInt: true, isUint: true, isFloat: true, int64: c, uint64: c, float64: Number(c) };
  }
  if (isComplex || text.endsWith('i')) return `complex constants are not supported: ${JSON.stringify(text)}`;
  const u = parseIntBase0(text, false);
  if (u !== null && u <= UINT64_MAX) {
    n.isUint = true;
    n.uint64 = u;
  }
  const i = parseIntBase0(text, true);
  if (i !== null && i >= INT64_MIN && i <= INT64_MAX) {
    n.isInt = true;
    n.int64 = i;
    if (i === 0n) {
      n.isUint = true;
      n.uint64 = 0n;
    }
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const f = parseFloat64(text);
    if (f !== null) {
      if (!/[.eEpP]/.test(text)) return `integer overflow: ${JSON.stringify(text)}`;
      n.isFloat = true;
      n.float64 = f;
      if (Number.isInteger(f) && f >= -(2 ** 63) && f < 2 ** 63) {
        n.isInt = true;
        n.int64 = BigInt(f);
      }
      if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) {
        n.isUint = true;
        n.uint64 = BigInt(f);
      }
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) return `illegal number syntax: ${JSON.stringify(text)}`;
  return n;
}
