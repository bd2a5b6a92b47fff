// Go encoding/json, as Helm and Sprig call it: json.Marshal (HTML-escaping), json.MarshalIndent,
// an Encoder with SetEscapeHTML(false), and json.Unmarshal into interface{} (numbers are float64)
// with Go's error messages.
import { GoInt, GoStruct, isMap, newMap, sliceType, type GoMap, type GoValue } from '../value.js';

export class GoJsonError extends Error {}

/** Compare two strings by their UTF-8 bytes, as Go's sort.Strings does. */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) {
      // code point order equals UTF-8 byte order; lone surrogates sort as U+FFFD would (rare)
      const fa = ca >= 0xd800 && ca <= 0xdfff ? 0xfffd : ca;
      const fb = cb >= 0xd800 && cb <= 0xdfff ? 0xfffd : cb;
      return fa < fb ? -1 : fa > fb ? 1 : 0;
    }
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}

/** encoding/json's float64 encoding (no NaN/Inf check). */
export function goJsonFloat(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const a = Math.abs(x);
  if (a < 1e-6 || a >= 1e21) {
    // JS and Go agree on the shortest digits; Go writes e-07 → cleaned to e-7, so JS's form matches
    const s = x.toExponential();
    return s.replace(/\.?0*e/, 'e').replace(/e(\d)/, 'e+$1');
  }
  return String(x);
}

const HEX = '0123456789abcdef';

/** Go's json string encoding (encodeState.string). */
export function goJsonString(s: string, escapeHTML: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      out += '\ufffd';
      continue;
    }
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c < 0x20) {
      if (c === 0x08) out += '\\b';
      else if (c === 0x0c) out += '\\f';
      else if (c === 0x0a) out += '\\n';
      else if (c === 0x0d) out += '\\r';
      else if (c === 0x09) out += '\\t';
      else out += '\\u00' + HEX[c >> 4] + HEX[c & 15];
    } else if (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)) {
      out += '\\u00' + HEX[c >> 4] + HEX[c & 15];
    } else if (c === 0x2028 || c === 0x2029) {
      out += '\\u202' + HEX[c & 15];
    } else out += s[i];
  }
  return out + '"';
}

export interface MarshalOptions {
  escapeHTML?: boolean;
  indent?: string; // MarshalIndent with prefix "" and this indent
}

function describeFunc(): string {
  return 'func()';
}

/** Fields of a Go struct exposed to templates, for JSON: its own enumerable data properties. */
export function structFields(v: GoStruct): [string, GoValue][] {
  const hook = (v as unknown as { toGoJSON?: () => GoValue }).toGoJSON;
  if (typeof hook === 'function') {
    const r = hook.call(v);
    if (isMap(r)) return Object.keys(r).map((k) => [k, r[k]]);
  }
  const out: [string, GoValue][] = [];
  for (const k of Object.keys(v)) {
    if (k === 'goTypeName') continue;
    const f = (v as unknown as Record<string, unknown>)[k];
    if (typeof f === 'function') continue;
    out.push([k, f as GoValue]);
  }
  return out;
}

/** A []byte ([]uint8), which encoding/json writes as a base64 string. */
export function isByteSlice(x: readonly GoValue[]): boolean {
  return sliceType(x) === '[]uint8';
}

export function byteSliceBase64(x: readonly GoValue[]): string {
  return Buffer.from(x.map((b) => (b instanceof GoInt ? Number(b.value) : 0))).toString('base64');
}

/** json.Marshal / MarshalIndent of a Go value. Throws GoJsonError like Go's marshal errors. */
export function goJsonMarshal(v: GoValue, opts: MarshalOptions = {}): string {
  const escapeHTML = opts.escapeHTML ?? true;
  const indent = opts.indent;
  const seen = new Set<object>();
  const enc = (x: GoValue, depth: number): string => {
    if (x === null || x === undefined) return 'null';
    switch (typeof x) {
      case 'string':
        return goJsonString(x, escapeHTML);
      case 'number':
        if (!Number.isFinite(x)) throw new GoJsonError(`json: unsupported value: ${Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf'}`);
        return goJsonFloat(x);
      case 'boolean':
        return x ? 'true' : 'false';
      case 'function':
        throw new GoJsonError(`json: unsupported type: ${describeFunc()}`);
      default:
        break;
    }
    if (x instanceof GoInt) return x.value.toString();
    const nl = indent === undefined ? '' : '\n' + indent.repeat(depth + 1);
    const nlEnd = indent === undefined ? '' : '\n' + indent.repeat(depth);
    const colon = indent === undefined ? ':' : ': ';
    if (seen.has(x as object)) throw new GoJsonError('json: unsupported value: encountered a cycle');
    seen.add(x as object);
    try {
      if (Array.isArray(x)) {
        if (isByteSlice(x)) return goJsonString(byteSliceBase64(x), escapeHTML);
        if (x.length === 0) return '[]';
        return '[' + nl + x.map((e) => enc(e, depth + 1)).join(',' + nl) + nlEnd + ']';
      }
      let entries: [string, GoValue][];
      if (x instanceof GoStruct) entries = structFields(x);
      else if (isMap(x))
        entries = Object.keys(x)
          .sort(compareUtf8)
          .map((k) => [k, (x as GoMap)[k]]);
      else throw new GoJsonError('json: unsupported type');
      if (entries.length === 0) return '{}';
      return '{' + nl + entries.map(([k, e]) => goJsonString(k, escapeHTML) + colon + enc(e, depth + 1)).join(',' + nl) + nlEnd + '}';
    } finally {
      seen.delete(x as object);
    }
  };
  return enc(v, 0);
}

// ---------------------------------------------------------------------------------------------
// Decoding

function quoteChar(ch: string): string {
  if (ch === "'") return "'\\''";
  if (ch === '"') return "'\"'";
  // Go's scanner reports the first byte of the offending character
  const b = Buffer.from(ch, 'utf8')[0] ?? 0;
  const esc: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' };
  if (esc[b]) return `'${esc[b]}'`;
  if (b < 0x20 || b === 0x7f) return `'\\x${HEX[b >> 4]}${HEX[b & 15]}'`;
  if (b >= 0x80 && (b < 0xa1 || b === 0xad)) return `'\\u00${HEX[b >> 4]}${HEX[b & 15]}'`;
  return `'${String.fromCharCode(b)}'`;
}

class JsonSyntaxError extends GoJsonError {}

/** json.Unmarshal into interface{}: returns the value or throws GoJsonError with Go's message. */
export function goJsonParse(text: string): GoValue {
  const r = goJsonDecode(text);
  if (r.error !== undefined) throw new GoJsonError(r.error);
  return r.value;
}

/**
 * json.Unmarshal into interface{} that, like Go, keeps decoding after a number that does not fit a
 * float64 (stored as nil) and reports that first error beside the value. Syntax errors throw.
 */
export function goJsonDecode(text: string): { value: GoValue; error?: string } {
  let i = 0;
  const n = text.length;
  const eof = (): never => {
    throw new JsonSyntaxError('unexpected end of JSON input');
  };
  const bad = (ctx: string): never => {
    throw new JsonSyntaxError(`invalid character ${quoteChar(String.fromCodePoint(text.codePointAt(i)!))} ${ctx}`);
  };
  const ws = () => {
    while (i < n) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
      else break;
    }
  };
  let overflow: string | undefined;
  const value = (): GoValue => {
    ws();
    if (i >= n) eof();
    const c = text[i]!;
    if (c === '{') {
      i++;
      const m = newMap();
      ws();
      if (i >= n) eof();
      if (text[i] === '}') {
        i++;
        return m;
      }
      for (;;) {
        ws();
        if (i >= n) eof();
        if (text[i] !== '"') bad('looking for beginning of object key string');
        const k = str();
        ws();
        if (i >= n) eof();
        if (text[i] !== ':') bad('after object key');
        i++;
        m[k] = value();
        ws();
        if (i >= n) eof();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return m;
        }
        bad('after object key:value pair');
      }
    }
    if (c === '[') {
      i++;
      const a: GoValue[] = [];
      ws();
      if (i >= n) eof();
      if (text[i] === ']') {
        i++;
        return a;
      }
      for (;;) {
        a.push(value());
        ws();
        if (i >= n) eof();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return a;
        }
        bad('after array element');
      }
    }
    if (c === '"') return str();
    if (c === '-' || (c >= '0' && c <= '9')) return num();
    for (const [lit, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (c === lit[0]) {
        i++;
        for (let k = 1; k < lit.length; k++) {
          if (i >= n) eof();
          if (text[i] !== lit[k]) bad(`in literal ${lit} (expecting '${lit[k]}')`);
          i++;
        }
        return v;
      }
    }
    return bad('looking for beginning of value');
  };
  const num = (): number | null => {
    const start = i;
    if (text[i] === '-') {
      i++;
      if (i >= n) eof();
      if (!(text[i]! >= '0' && text[i]! <= '9')) bad('in numeric literal');
    }
    if (text[i] === '0') i++;
    else while (i < n && text[i]! >= '0' && text[i]! <= '9') i++;
    if (i < n && text[i] === '.') {
      i++;
      if (i >= n) eof();
      if (!(text[i]! >= '0' && text[i]! <= '9')) bad('after decimal point in numeric literal');
      while (i < n && text[i]! >= '0' && text[i]! <= '9') i++;
    }
    if (i < n && (text[i] === 'e' || text[i] === 'E')) {
      i++;
      if (i < n && (text[i] === '+' || text[i] === '-')) i++;
      if (i >= n) eof();
      if (!(text[i]! >= '0' && text[i]! <= '9')) bad('in exponent of numeric literal');
      while (i < n && text[i]! >= '0' && text[i]! <= '9') i++;
    }
    const lit = text.slice(start, i);
    const v = Number(lit);
    if (!Number.isFinite(v)) {
      if (overflow === undefined) overflow = lit;
      return null;
    }
    return v;
  };
  const str = (): string => {
    i++; // opening quote
    let out = '';
    for (;;) {
      if (i >= n) eof();
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return out;
      }
      if (c < 0x20) bad('in string literal');
      if (c === 0x5c) {
        i++;
        if (i >= n) eof();
        const e = text[i]!;
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e in simple) {
          out += simple[e];
          i++;
          continue;
        }
        if (e !== 'u') bad('in string escape code');
        i++;
        const hex = (): number => {
          let v = 0;
          for (let k = 0; k < 4; k++) {
            if (i >= n) eof();
            const h = text[i]!;
            if (!/[0-9a-fA-F]/.test(h)) bad('in \\u hexadecimal character escape');
            v = v * 16 + parseInt(h, 16);
            i++;
          }
          return v;
        };
        const u = hex();
        if (u >= 0xd800 && u <= 0xdbff) {
          // a surrogate pair only if followed by \uDC00-\uDFFF
          if (text[i] === '\\' && text[i + 1] === 'u') {
            const save = i;
            i += 2;
            let ok = true;
            let lo = 0;
            for (let k = 0; k < 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) ok = false;
            if (ok) {
              lo = parseInt(text.slice(i, i + 4), 16);
              if (lo >= 0xdc00 && lo <= 0xdfff) {
                i += 4;
                out += String.fromCharCode(u, lo);
                continue;
              }
            }
            i = save;
          }
          out += '\ufffd';
        } else if (u >= 0xdc00 && u <= 0xdfff) out += '\ufffd';
        else out += String.fromCharCode(u);
        continue;
      }
      out += text[i];
      i++;
    }
  };
  const v = value();
  ws();
  if (i < n) bad('after top-level value');
  if (overflow !== undefined) return { value: v, error: `json: cannot unmarshal number ${overflow} into Go value of type float64` };
  return { value: v };
}

export function goJsonKind(v: GoValue): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'object';
}
