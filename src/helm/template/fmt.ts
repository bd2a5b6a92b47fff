// Go's fmt (Sprint, Sprintf, Sprintln) and strconv float formatting over GoValues.
// Ported from Go's fmt/print.go, fmt/format.go and strconv/ftoa.go (Go 1.25).
// Original: Copyright The Go Authors, BSD-style licence (https://go.dev/LICENSE).
//
// Not ported: %p, complex numbers, %#v Go-syntax beyond simple cases, '#' on float verbs.

import { GoInt, GoStruct, isMap, POINTER_STRINGER, byteSliceText, type GoValue } from '../value.js';
import { goTypeName, isUintKind } from './gotype.js';

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  widPresent: boolean;
  wid: number;
  precPresent: boolean;
  prec: number;
}

function clearFlags(): Flags {
  return {
    plus: false,
    minus: false,
    sharp: false,
    space: false,
    zero: false,
    plusV: false,
    sharpV: false,
    widPresent: false,
    wid: 0,
    precPresent: false,
    prec: 0,
  };
}

/** No flag, width or precision: an integer prints as its decimal digits. */
function noFlags(f: Flags): boolean {
  return !(f.plus || f.minus || f.sharp || f.space || f.zero || f.plusV || f.sharpV || f.widPresent || f.precPresent);
}

const runeCount = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

// ---------------------------------------------------------------------------------------------
// strconv: decimal digits of a float64 and FormatFloat for 'e', 'E', 'f', 'g', 'G'

/** value = 0.digits × 10^dp; digits has no trailing zeros; zero has digits "" and dp 0. */
interface Decimal {
  digits: string;
  dp: number;
}

function trimZeros(d: Decimal): Decimal {
  let end = d.digits.length;
  while (end > 0 && d.digits[end - 1] === '0') end--;
  if (end === 0) return { digits: '', dp: 0 };
  return { digits: d.digits.slice(0, end), dp: d.dp };
}

/** Shortest digits that round-trip (JS and Go agree on the shortest, closest representation). */
function shortestDecimal(abs: number): Decimal {
  if (abs === 0) return { digits: '', dp: 0 };
  const s = abs.toExponential();
  const e = s.indexOf('e');
  const mant = s.slice(0, e).replace('.', '');
  return trimZeros({ digits: mant, dp: Number(s.slice(e + 1)) + 1 });
}

/** The exact decimal expansion of a finite float64. */
function exactDecimal(abs: number): Decimal {
  if (abs === 0) return { digits: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, abs);
  const bits = view.getBigUint64(0);
  const biasedExp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (biasedExp === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = biasedExp - 1075;
  }
  if (exp >= 0) {
    const s = (mant << BigInt(exp)).toString();
    return trimZeros({ digits: s, dp: s.length });
  }
  // mant / 2^k = mant * 5^k / 10^k
  const k = -exp;
  const s = (mant * 5n ** BigInt(k)).toString();
  return trimZeros({ digits: s, dp: s.length - k });
}

/** Round to nd digits, half to even on the exact value (strconv's decimal.Round). */
function roundDecimal(d: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= d.digits.length) return d;
  let up: boolean;
  if (d.digits[nd] === '5' && nd + 1 === d.digits.length) up = nd > 0 && (d.digits.charCodeAt(nd - 1) - 48) % 2 === 1;
  else up = d.digits[nd]! >= '5';
  if (!up) return trimZeros({ digits: d.digits.slice(0, nd), dp: d.dp });
  let i = nd - 1;
  const chars = d.digits.slice(0, nd).split('');
  while (i >= 0 && chars[i] === '9') i--;
  if (i < 0) return { digits: '1', dp: d.dp + 1 };
  chars[i] = String.fromCharCode(chars[i]!.charCodeAt(0) + 1);
  return trimZeros({ digits: chars.slice(0, i + 1).join(''), dp: d.dp });
}

function fmtE(neg: boolean, d: Decimal, prec: number, e: 'e' | 'E'): string {
  let s = neg ? '-' : '';
  s += d.digits.length ? d.digits[0] : '0';
  if (prec > 0) {
    s += '.';
    const m = Math.min(d.digits.length, prec + 1);
    if (m > 1) s += d.digits.slice(1, m);
    s += '0'.repeat(Math.max(0, prec + 1 - Math.max(m, 1)));
  }
  let exp = d.digits.length === 0 ? 0 : d.dp - 1;
  s += e + (exp < 0 ? '-' : '+');
  if (exp < 0) exp = -exp;
  s += exp < 10 ? '0' + exp : String(exp);
  return s;
}

function fmtF(neg: boolean, d: Decimal, prec: number): string {
  let s = neg ? '-' : '';
  if (d.dp > 0) {
    const m = Math.min(d.digits.length, d.dp);
    s += d.digits.slice(0, m) + '0'.repeat(d.dp - m);
  } else s += '0';
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) {
      const j = d.dp + i - 1;
      s += j >= 0 && j < d.digits.length ? d.digits[j] : '0';
    }
  }
  return s;
}

/** strconv.FormatFloat(f, fmt, prec, 64) for fmt in e, E, f, g, G; prec -1 is the shortest representation. */
export function formatFloat(f: number, fmt: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  const neg = f < 0 || Object.is(f, -0);
  const abs = Math.abs(f);
  const shortest = prec < 0;
  let d: Decimal;
  if (shortest) {
    d = shortestDecimal(abs);
    if (fmt === 'e' || fmt === 'E') prec = Math.max(d.digits.length - 1, 0);
    else if (fmt === 'f') prec = Math.max(d.digits.length - d.dp, 0);
    else prec = d.digits.length;
  } else {
    d = exactDecimal(abs);
    if (fmt === 'e' || fmt === 'E') d = roundDecimal(d, prec + 1);
    else if (fmt === 'f') d = roundDecimal(d, d.dp + prec);
    else {
      if (prec === 0) prec = 1;
      d = roundDecimal(d, prec);
    }
    if (fmt === 'f' && d.dp + prec < 0) d = { digits: '', dp: 0 };
  }
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(neg, d, prec, fmt);
    case 'f':
      return fmtF(neg, d, prec);
    default: {
      let eprec = prec;
      const nd = d.digits.length;
      if (eprec > nd && nd >= d.dp) eprec = nd;
      if (shortest) eprec = 6;
      const exp = d.dp - 1;
      if (nd === 0 ? false : exp < -4 || exp >= eprec) {
        if (prec > nd) prec = nd;
        return fmtE(neg, d, prec - 1, fmt === 'g' ? 'e' : 'E');
      }
      if (prec > d.dp) prec = nd;
      return fmtF(neg, d, Math.max(prec - d.dp, 0));
    }
  }
}

/** Mantissa and unbiased exponent as strconv sees a float64: value = mant × 2^(exp-52). */
function floatBits(abs: number): { mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, abs);
  const bits = view.getBigUint64(0);
  let exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp === 0) exp++;
  else mant |= 1n << 52n;
  return { mant, exp: exp - 1023 };
}

/** strconv's %b: decimal mantissa, binary exponent ("4503599627370496p-52"). */
function formatFloatB(f: number): string {
  const { mant, exp } = floatBits(Math.abs(f));
  const e = exp - 52;
  return (f < 0 || Object.is(f, -0) ? '-' : '') + mant.toString() + 'p' + (e >= 0 ? '+' : '') + e;
}

/** strconv's %x/%X: "-0x1.8p+01"; prec -1 is the shortest. */
function formatFloatX(f: number, prec: number, upper: boolean): string {
  let { mant, exp } = floatBits(Math.abs(f));
  if (mant === 0n) exp = 0;
  mant <<= 8n; // leading 1 at bit 60
  const bit60 = 1n << 60n;
  while (mant !== 0n && (mant & bit60) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & (bit60 - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = upper ? '0123456789ABCDEF' : '0123456789abcdef';
  const mask = (1n << 64n) - 1n;
  let s = (f < 0 || Object.is(f, -0) ? '-' : '') + '0' + (upper ? 'X' : 'x') + String((mant >> 60n) & 1n);
  mant = (mant << 4n) & mask;
  if (prec < 0 && mant !== 0n) {
    s += '.';
    while (mant !== 0n) {
      s += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & mask;
    }
  } else if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) {
      s += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & mask;
    }
  }
  s += (upper ? 'P' : 'p') + (exp < 0 ? '-' : '+');
  const e = Math.abs(exp);
  s += e < 10 ? '0' + e : String(e);
  return s;
}

// ---------------------------------------------------------------------------------------------
// strconv.Quote

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

export function quoteGo(s: string, asciiOnly = false): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (c < 0x80 ? c >= 0x20 && c !== 0x7f : !asciiOnly && PRINTABLE.test(ch) && !(c >= 0xd800 && c < 0xe000)) {
      out += ch;
    } else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0xd800 && c < 0xe000) out += '\\ufffd';
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out + '"';
}

function canBackquote(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '`' || ch === '\ufeff') return false;
    if (c < 0x20 && ch !== '\t') return false;
    if (c === 0x7f) return false;
  }
  return true;
}

function quoteRune(c: number, asciiOnly: boolean): string {
  if (c > 0x10ffff || (c >= 0xd800 && c < 0xe000)) c = 0xfffd;
  const ch = String.fromCodePoint(c);
  if (ch === "'") return "'\\''";
  if (ch === '"') return `'"'`;
  const q = quoteGo(ch, asciiOnly);
  return "'" + q.slice(1, -1) + "'";
}

// ---------------------------------------------------------------------------------------------
// The printer

class Printer {
  buf = '';
  f: Flags = clearFlags();
  private erroring = false;
  private arg: GoValue = undefined;
  private hasArg = false;
  reordered = false;
  goodArgNum = true;

  private writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.f.zero ? '0' : ' ').repeat(n);
  }

  private pad(s: string): void {
    if (!this.f.widPresent || this.f.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.f.wid - runeCount(s);
    if (!this.f.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      const z = this.f.zero;
      this.f.zero = false;
      this.writePadding(width);
      this.f.zero = z;
    }
  }

  private truncate(s: string): string {
    if (this.f.precPresent) {
      const chars = [...s];
      if (chars.length > this.f.prec) return chars.slice(0, this.f.prec).join('');
    }
    return s;
  }

  private fmtS(s: string): void {
    this.pad(this.truncate(s));
  }

  private fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.f.sharp && canBackquote(s)) this.pad('`' + s + '`');
    else this.pad(quoteGo(s, this.f.plus));
  }

  private fmtSbx(s: string, upper: boolean): void {
    let bytes = Buffer.from(s, 'utf8');
    if (this.f.precPresent && this.f.prec < bytes.length) bytes = bytes.subarray(0, this.f.prec);
    const digits = upper ? '0123456789ABCDEF' : '0123456789abcdef';
    let out = '';
    bytes.forEach((b, i) => {
      if (this.f.space && i > 0) out += ' ';
      if (this.f.sharp && (this.f.space || i === 0)) out += upper ? '0X' : '0x';
      out += digits[b >> 4]! + digits[b & 15]!;
    });
    const z = this.f.zero;
    this.f.zero = false;
    this.pad(out);
    this.f.zero = z;
  }

  private fmtBool(v: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.pad(v ? 'true' : 'false');
    else this.badVerb(verb);
  }

  private fmtInteger(value: bigint, unsigned: boolean, verb: string): void {
    switch (verb) {
      case 'v':
      case 'd':
        return this.fmtIntegerBase(value, 10, verb, false);
      case 'b':
        return this.fmtIntegerBase(value, 2, verb, false);
      case 'o':
      case 'O':
        return this.fmtIntegerBase(value, 8, verb, false);
      case 'x':
        return this.fmtIntegerBase(value, 16, verb, false);
      case 'X':
        return this.fmtIntegerBase(value, 16, verb, true);
      case 'c':
        return this.pad(String.fromCodePoint(value < 0n || value > 0x10ffffn || (value >= 0xd800n && value < 0xe000n) ? 0xfffd : Number(value)));
      case 'q':
        return this.pad(quoteRune(value < 0n || value > 0x10ffffn ? 0xfffd : Number(value), this.f.plus));
      case 'U': {
        let s = 'U+' + (value < 0n ? BigInt.asUintN(64, value) : value).toString(16).toUpperCase().padStart(4, '0');
        if (this.f.sharp && value >= 0n && value <= 0x10ffffn && PRINTABLE.test(String.fromCodePoint(Number(value)))) {
          s += " '" + String.fromCodePoint(Number(value)) + "'";
        }
        const z = this.f.zero;
        this.f.zero = false;
        this.pad(s);
        this.f.zero = z;
        return;
      }
      default:
        void unsigned;
        this.badVerb(verb);
    }
  }

  private fmtIntegerBase(value: bigint, base: number, verb: string, upper: boolean): void {
    const negative = value < 0n;
    const u = negative ? -value : value;
    let prec = 0;
    if (this.f.precPresent) {
      prec = this.f.prec;
      if (prec === 0 && u === 0n) {
        const z = this.f.zero;
        this.f.zero = false;
        this.writePadding(this.f.wid);
        this.f.zero = z;
        return;
      }
    } else if (this.f.zero && !this.f.minus && this.f.widPresent) {
      prec = this.f.wid;
      if (negative || this.f.plus || this.f.space) prec--;
    }
    let digits = u.toString(base);
    if (upper) digits = digits.toUpperCase();
    if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
    if (this.f.sharp) {
      if (base === 2) digits = '0b' + digits;
      else if (base === 8 && digits[0] !== '0') digits = '0' + digits;
      else if (base === 16) digits = (upper ? '0X' : '0x') + digits;
    }
    if (verb === 'O') digits = '0o' + digits;
    if (negative) digits = '-' + digits;
    else if (this.f.plus) digits = '+' + digits;
    else if (this.f.space) digits = ' ' + digits;
    const z = this.f.zero;
    this.f.zero = false;
    this.pad(digits);
    this.f.zero = z;
  }

  private fmtFloatVerb(v: number, verb: string): void {
    switch (verb) {
      case 'v':
        return this.fmtFloat(v, 'g', -1);
      case 'g':
      case 'G':
      case 'x':
      case 'X':
      case 'b':
        return this.fmtFloat(v, verb, -1);
      case 'f':
      case 'F':
        return this.fmtFloat(v, 'f', 6);
      case 'e':
      case 'E':
        return this.fmtFloat(v, verb, 6);
      default:
        this.badVerb(verb);
    }
  }

  private fmtFloat(v: number, verb: 'e' | 'E' | 'f' | 'g' | 'G' | 'x' | 'X' | 'b', prec: number): void {
    if (this.f.precPresent) prec = this.f.prec;
    let num: string;
    if (!Number.isFinite(v)) num = formatFloat(v, 'g', -1);
    else if (verb === 'b') num = formatFloatB(v);
    else if (verb === 'x' || verb === 'X') num = formatFloatX(v, prec, verb === 'X');
    else num = formatFloat(v, verb, prec);
    if (num[0] !== '-' && num[0] !== '+') num = '+' + num;
    if (this.f.space && num[0] === '+' && !this.f.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      const z = this.f.zero;
      this.f.zero = false;
      if (num[1] === 'N' && !this.f.space && !this.f.plus) num = num.slice(1);
      this.pad(num);
      this.f.zero = z;
      return;
    }
    if (this.f.plus || num[0] !== '+') {
      if (this.f.zero && !this.f.minus && this.f.widPresent && this.f.wid > num.length) {
        this.buf += num[0];
        this.writePadding(this.f.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  private fmtString(v: string, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV) return this.fmtQ(v);
        return this.fmtS(v);
      case 's':
        return this.fmtS(v);
      case 'x':
        return this.fmtSbx(v, false);
      case 'X':
        return this.fmtSbx(v, true);
      case 'q':
        return this.fmtQ(v);
      default:
        this.badVerb(verb);
    }
  }

  badVerb(verb: string): void {
    this.erroring = true;
    this.buf += '%!' + verb + '(';
    if (this.hasArg && this.arg !== null && this.arg !== undefined) {
      this.buf += goTypeName(this.arg) + '=';
      this.printArg(this.arg, 'v');
    } else this.buf += '<nil>';
    this.buf += ')';
    this.erroring = false;
  }

  /** Stringer/error methods of GoStructs, as fmt's handleMethods. */
  private handleMethods(v: GoValue, verb: string): boolean {
    if (this.erroring || !(v instanceof GoStruct)) return false;
    if (this.f.sharpV) return false;
    if (verb !== 'v' && verb !== 's' && verb !== 'x' && verb !== 'X' && verb !== 'q') return false;
    const m = v as unknown as { Error?: unknown; String?: unknown; [POINTER_STRINGER]?: boolean };
    // fmt gets a copy of the value, which lacks pointer-receiver methods (common.KubeVersion's String)
    if (m[POINTER_STRINGER] === true) return false;
    const method = typeof m.Error === 'function' ? m.Error : typeof m.String === 'function' ? m.String : undefined;
    if (!method) return false;
    this.fmtString(String((method as () => unknown).call(v)), verb);
    return true;
  }

  printArg(arg: GoValue, verb: string): void {
    this.arg = arg;
    this.hasArg = true;
    if (arg === null || arg === undefined) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb);
      return;
    }
    if (verb === 'T') {
      this.fmtS(goTypeName(arg));
      return;
    }
    switch (typeof arg) {
      case 'boolean':
        return this.fmtBool(arg, verb);
      case 'number':
        return this.fmtFloatVerb(arg, verb);
      case 'string':
        return this.fmtString(arg, verb);
    }
    if (arg instanceof GoInt) return this.fmtInteger(arg.value, isUintKind(arg.type), verb);
    if (this.handleMethods(arg, verb)) return;
    this.printValue(arg, verb, 0);
  }

  private printValue(value: GoValue, verb: string, depth: number): void {
    if (depth > 0 && value !== null && value !== undefined) {
      if (this.handleMethods(value, verb)) return;
    }
    this.arg = value;
    this.hasArg = true;
    if (value === null || value === undefined) {
      if (depth === 0) this.buf += '<invalid reflect.Value>';
      else if (verb === 'v') this.buf += '<nil>';
      else this.badVerb(verb);
      return;
    }
    switch (typeof value) {
      case 'boolean':
        return this.fmtBool(value, verb);
      case 'number':
        return this.fmtFloatVerb(value, verb);
      case 'string':
        return this.fmtString(value, verb);
      case 'function':
        return this.fmtPointerLike(verb);
    }
    if (value instanceof GoInt) return this.fmtInteger(value.value, isUintKind(value.type), verb);
    if (Array.isArray(value)) {
      if (this.f.sharpV) {
        this.buf += goTypeName(value) + '{';
        value.forEach((e, i) => {
          if (i > 0) this.buf += ', ';
          this.printValue(e, verb, depth + 1);
        });
        this.buf += '}';
        return;
      }
      const ints = (verb === 'v' || verb === 'd') && value.length > 0 && noFlags(this.f) ? intSliceText(value) : undefined;
      if (ints !== undefined) {
        // A slice of integers (a []byte from .Files: `printf "%v" $` prints every file of the
        // chart) in one piece: the same text as element by element, without a rope node per
        // element (hundreds of MB for a chart with large files).
        this.buf += ints;
        this.arg = value[value.length - 1]!;
        this.hasArg = true;
        return;
      }
      this.buf += '[';
      value.forEach((e, i) => {
        if (i > 0) this.buf += ' ';
        this.printValue(e, verb, depth + 1);
      });
      this.buf += ']';
      return;
    }
    if (value instanceof GoStruct) {
      if (value.goTypeName.startsWith('*') && depth === 0) this.buf += '&';
      if (this.f.sharpV) this.buf += value.goTypeName.replace(/^\*/, '');
      this.buf += '{';
      const fields = Object.entries(value).filter(([k, v]) => k !== 'goTypeName' && typeof v !== 'function');
      fields.forEach(([k, v], i) => {
        if (i > 0) this.buf += this.f.sharpV ? ', ' : ' ';
        if (this.f.plusV || this.f.sharpV) this.buf += k + ':';
        this.printValue(v as GoValue, verb, depth + 1);
      });
      this.buf += '}';
      return;
    }
    if (isMap(value)) {
      const keys = Object.keys(value).sort(compareKeys);
      this.buf += this.f.sharpV ? goTypeName(value) + '{' : 'map[';
      keys.forEach((k, i) => {
        if (i > 0) this.buf += this.f.sharpV ? ', ' : ' ';
        this.printValue(k, verb, depth + 1);
        this.buf += ':';
        this.printValue(value[k], verb, depth + 1);
      });
      this.buf += this.f.sharpV ? '}' : ']';
      return;
    }
    this.buf += '?';
  }

  private fmtPointerLike(verb: string): void {
    if (verb === 'v' || verb === 'p') this.pad('0x0');
    else this.badVerb(verb);
  }

  doPrint(args: GoValue[]): void {
    let prevString = false;
    args.forEach((arg, i) => {
      const isString = typeof arg === 'string';
      if (i > 0 && !isString && !prevString) this.buf += ' ';
      this.printArg(arg, 'v');
      prevString = isString;
    });
  }

  doPrintln(args: GoValue[]): void {
    args.forEach((arg, i) => {
      if (i > 0) this.buf += ' ';
      this.printArg(arg, 'v');
    });
    this.buf += '\n';
  }

  private argNumber(argNum: number, format: string, i: number, numArgs: number): [number, number, boolean] {
    if (format.length <= i || format[i] !== '[') return [argNum, i, false];
    this.reordered = true;
    for (let j = 1; j < format.length - i; j++) {
      if (format[i + j] === ']') {
        const digits = format.slice(i + 1, i + j);
        if (!/^[0-9]+$/.test(digits)) {
          this.goodArgNum = false;
          return [argNum, i + j + 1, false];
        }
        const index = Number(digits) - 1;
        if (index < 0 || index >= numArgs) {
          this.goodArgNum = false;
          return [argNum, i + j + 1, true];
        }
        return [index, i + j + 1, true];
      }
    }
    this.goodArgNum = false;
    return [argNum, i + 1, false];
  }

  doPrintf(format: string, a: GoValue[]): void {
    const end = format.length;
    let argNum = 0;
    let afterIndex = false;
    this.reordered = false;
    let i = 0;
    formatLoop: while (i < end) {
      this.goodArgNum = true;
      const lasti = i;
      while (i < end && format[i] !== '%') i++;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      i++;
      this.f = clearFlags();
      simple: for (; i < end; i++) {
        const c = format[i]!;
        switch (c) {
          case '#':
            this.f.sharp = true;
            break;
          case '0':
            this.f.zero = !this.f.minus;
            break;
          case '+':
            this.f.plus = true;
            break;
          case '-':
            this.f.minus = true;
            this.f.zero = false;
            break;
          case ' ':
            this.f.space = true;
            break;
          default:
            if (c >= 'a' && c <= 'z' && argNum < a.length) {
              if (c === 'v') {
                this.f.sharpV = this.f.sharp;
                this.f.sharp = false;
                this.f.plusV = this.f.plus;
                this.f.plus = false;
              }
              this.printArg(a[argNum], c);
              argNum++;
              i++;
              continue formatLoop;
            }
            break simple;
        }
      }
      [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
      if (i < end && format[i] === '*') {
        i++;
        const w = intFromArg(a, argNum);
        this.f.wid = w.num;
        this.f.widPresent = w.isInt;
        argNum = w.argNum;
        if (!this.f.widPresent) this.buf += '%!(BADWIDTH)';
        if (this.f.wid < 0) {
          this.f.wid = -this.f.wid;
          this.f.minus = true;
          this.f.zero = false;
        }
        afterIndex = false;
      } else {
        const p = parseNum(format, i, end);
        this.f.wid = p.num;
        this.f.widPresent = p.isNum;
        i = p.newi;
        if (afterIndex && this.f.widPresent) this.goodArgNum = false;
      }
      if (i + 1 < end && format[i] === '.') {
        i++;
        if (afterIndex) this.goodArgNum = false;
        [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
        if (i < end && format[i] === '*') {
          i++;
          const w = intFromArg(a, argNum);
          this.f.prec = w.num;
          this.f.precPresent = w.isInt;
          argNum = w.argNum;
          if (this.f.prec < 0) {
            this.f.prec = 0;
            this.f.precPresent = false;
          }
          if (!this.f.precPresent) this.buf += '%!(BADPREC)';
          afterIndex = false;
        } else {
          const p = parseNum(format, i, end);
          this.f.prec = p.num;
          this.f.precPresent = p.isNum;
          i = p.newi;
          if (!this.f.precPresent) {
            this.f.prec = 0;
            this.f.precPresent = true;
          }
        }
      }
      if (!afterIndex) [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
      if (i >= end) {
        this.buf += '%!(NOVERB)';
        break;
      }
      const verb = String.fromCodePoint(format.codePointAt(i)!);
      i += verb.length;
      if (verb === '%') this.buf += '%';
      else if (!this.goodArgNum) this.buf += '%!' + verb + '(BADINDEX)';
      else if (argNum >= a.length) this.buf += '%!' + verb + '(MISSING)';
      else {
        if (verb === 'v') {
          this.f.sharpV = this.f.sharp;
          this.f.sharp = false;
          this.f.plusV = this.f.plus;
          this.f.plus = false;
        }
        this.printArg(a[argNum], verb);
        argNum++;
      }
    }
    if (!this.reordered && argNum < a.length) {
      this.f = clearFlags();
      this.buf += '%!(EXTRA ';
      a.slice(argNum).forEach((arg, j) => {
        if (j > 0) this.buf += ', ';
        if (arg === null || arg === undefined) this.buf += '<nil>';
        else {
          this.buf += goTypeName(arg) + '=';
          this.printArg(arg, 'v');
        }
      });
      this.buf += ')';
    }
  }
}

function intFromArg(a: GoValue[], argNum: number): { num: number; isInt: boolean; argNum: number } {
  if (argNum < a.length) {
    const arg = a[argNum];
    if (arg instanceof GoInt) {
      const n = Number(arg.value);
      const ok = n >= -1e6 && n <= 1e6;
      return { num: ok ? n : 0, isInt: ok, argNum: argNum + 1 };
    }
    return { num: 0, isInt: false, argNum: argNum + 1 };
  }
  return { num: 0, isInt: false, argNum };
}

function parseNum(s: string, start: number, end: number): { num: number; isNum: boolean; newi: number } {
  if (start >= end) return { num: 0, isNum: false, newi: end };
  let num = 0;
  let newi = start;
  let isNum = false;
  while (newi < end && s[newi]! >= '0' && s[newi]! <= '9') {
    if (num > 1e6) return { num: 0, isNum: false, newi: end };
    num = num * 10 + (s.charCodeAt(newi) - 48);
    isNum = true;
    newi++;
  }
  return { num, isNum, newi };
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** fmtsort order for string keys (bytewise, as Go compares strings). */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-16 order equals UTF-8 byte order except around surrogate pairs.
  if (SURROGATE.test(a) || SURROGATE.test(b)) return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  return a < b ? -1 : 1;
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
/** `[1 2 3]` for a slice of integers (undefined if an element is not one); a []byte of a file in one piece. */
function intSliceText(value: readonly GoValue[]): string | undefined {
  const bytes = byteSliceText(value);
  if (bytes !== undefined) return '[' + bytes + ']';
  const parts: string[] = [];
  for (const e of value) {
    if (!(e instanceof GoInt)) return undefined;
    parts.push(e.value.toString());
  }
  return '[' + parts.join(' ') + ']';
}

export function sprint(...args: GoValue[]): string {
  const p = new Printer();
  p.doPrint(args);
  return p.buf;
}

/** fmt.Sprintln: spaces between all operands and a trailing newline. */
export function sprintln(...args: GoValue[]): string {
  const p = new Printer();
  p.doPrintln(args);
  return p.buf;
}

/** fmt.Sprintf with Go's verbs, flags, width/precision and error forms (%!d(float64=3), %!v(MISSING), %!(EXTRA …)). */
export function sprintf(format: string, ...args: GoValue[]): string {
  const p = new Printer();
  p.doPrintf(format, args);
  return p.buf;
}
