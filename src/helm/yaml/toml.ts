// Helm's toToml (BurntSushi/toml Encoder, the error text as the result on failure) and fromToml
// (toml.Unmarshal into map[string]interface{}: integers int64, floats float64; an "Error" key on
// failure). Parsing is smol-toml's; the encoder is written here after BurntSushi's encode.go.
import { parse as parseToml, TomlDate, TomlError } from 'smol-toml';
import { GoInt, GoStruct, isMap, newMap, typedSlice, type GoMap, type GoValue } from '../value.js';
import { compareUtf8 } from './json.js';
import { formatFloatG } from './resolve.js';

class TomlEncodeError extends Error {}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function quoteTomlString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

function quoteKey(k: string): string {
  return k !== '' && BARE_KEY.test(k) ? k : quoteTomlString(k);
}

type TomlKind = 'nil' | 'hash' | 'arrayHash' | 'array' | 'scalar';

function entries(v: GoMap | GoStruct): [string, GoValue][] {
  if (v instanceof GoStruct) {
    return Object.keys(v)
      .filter((k) => k !== 'goTypeName' && typeof (v as unknown as Record<string, unknown>)[k] !== 'function')
      .map((k) => [k, (v as unknown as Record<string, GoValue>)[k]]);
  }
  return Object.keys(v).map((k) => [k, v[k]]);
}

function kindOf(v: GoValue): TomlKind {
  if (v === null || v === undefined) return 'nil';
  if (isMap(v) || v instanceof GoStruct) return 'hash';
  if (Array.isArray(v)) {
    if (v.length === 0) return 'array';
    let all = true;
    for (const e of v) {
      const k = kindOf(e);
      if (k === 'nil') throw new TomlEncodeError('toml: cannot encode array with nil element');
      if (k !== 'hash') all = false;
    }
    return all ? 'arrayHash' : 'array';
  }
  return 'scalar';
}

class TomlEncoder {
  out = '';
  private written = false;
  private wf(s: string): void {
    this.out += s;
    this.written = true;
  }
  private newline(): void {
    if (this.written) this.wf('\n');
  }
  private indent(key: string[]): string {
    return '  '.repeat(Math.max(key.length - 1, 0));
  }
  private keyString(key: string[]): string {
    return key.map(quoteKey).join('.');
  }

  encode(key: string[], v: GoValue): void {
    if (v === null || v === undefined) return;
    if (typeof v === 'function') throw new TomlEncodeError(`toml: unsupported type for key '${this.keyString(key)}': func`);
    if (isMap(v) || v instanceof GoStruct) return this.table(key, v);
    if (Array.isArray(v) && kindOf(v) === 'arrayHash') return this.arrayOfTables(key, v);
    this.keyValue(key, v, false);
  }

  private keyValue(key: string[], v: GoValue, inline: boolean): void {
    if (key.length === 0) return this.element(v);
    this.wf(`${this.indent(key)}${quoteKey(key[key.length - 1]!)} = `);
    this.element(v);
    if (!inline) this.newline();
  }

  private element(v: GoValue): void {
    if (v === null || v === undefined) throw new TomlEncodeError('toml: cannot encode a nil value');
    switch (typeof v) {
      case 'boolean':
        return this.wf(v ? 'true' : 'false');
      case 'string':
        return this.wf(quoteTomlString(v));
      case 'number': {
        if (Number.isNaN(v)) return this.wf('nan');
        if (!Number.isFinite(v)) return this.wf(v < 0 ? '-inf' : 'inf');
        const s = formatFloatG(v);
        return this.wf(s.includes('.') || s.includes('e') ? s : s + '.0');
      }
      default:
        break;
    }
    if (v instanceof GoInt) return this.wf(v.value.toString());
    if (Array.isArray(v)) {
      this.wf('[');
      v.forEach((e, i) => {
        this.element(e);
        if (i !== v.length - 1) this.wf(', ');
      });
      return this.wf(']');
    }
    if (isMap(v) || v instanceof GoStruct) return this.map([], v, true);
    throw new TomlEncodeError(`toml: unexpected type: ${typeof v}`);
  }

  private table(key: string[], v: GoMap | GoStruct): void {
    if (key.length === 1) this.newline();
    if (key.length > 0) {
      this.wf(`${this.indent(key)}[${this.keyString(key)}]`);
      this.newline();
    }
    this.map(key, v, false);
  }

  private arrayOfTables(key: string[], v: GoValue[]): void {
    if (key.length === 0) throw new TomlEncodeError('toml: top-level values must be Go maps or structs');
    for (const t of v) {
      if (t === null || t === undefined) continue;
      this.newline();
      this.wf(`${this.indent(key)}[[${this.keyString(key)}]]`);
      this.newline();
      this.map(key, t as GoMap, false);
    }
  }

  private map(key: string[], v: GoMap | GoStruct, inline: boolean): void {
    const direct: [string, GoValue][] = [];
    const sub: [string, GoValue][] = [];
    for (const [k, e] of entries(v)) {
      const kind = kindOf(e);
      (kind === 'hash' || kind === 'arrayHash' ? sub : direct).push([k, e]);
    }
    const write = (list: [string, GoValue][], trailComma: boolean) => {
      list.sort((a, b) => compareUtf8(a[0], b[0]));
      list.forEach(([k, e], i) => {
        if (e === null || e === undefined) return;
        if (inline) {
          this.keyValue([...key, k], e, true);
          if (trailComma || i !== list.length - 1) this.wf(', ');
        } else this.encode([...key, k], e);
      });
    };
    if (inline) this.wf('{');
    write(direct, sub.length > 0);
    write(sub, false);
    if (inline) this.wf('}');
  }
}

/** Helm's toToml: the TOML text, or the encoder's error message. Throws for nil, as Helm fails there. */
export function toToml(v: GoValue): string {
  if (v === null || v === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  const enc = new TomlEncoder();
  try {
    enc.encode([], v);
  } catch (e) {
    if (e instanceof TomlEncodeError) return e.message;
    if (e instanceof RangeError) return 'toml: too deeply nested';
    throw e;
  }
  return enc.out;
}

function tomlDateString(d: TomlDate): string {
  // what encoding/json prints for the time.Time BurntSushi returns (RFC 3339, fraction trimmed)
  return d
    .toISOString()
    .replace(/\.0+(?=Z|$|[+-])/, '')
    .replace(/(\.\d*?)0+(?=Z|$|[+-])/, '$1');
}

function fromTomlValue(v: unknown): GoValue {
  if (typeof v === 'bigint') return new GoInt(v, 'int64');
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof TomlDate) return tomlDateString(v);
  if (Array.isArray(v)) {
    const arr = v.map(fromTomlValue);
    if (arr.length > 0 && arr.every((e) => isMap(e))) return typedSlice(arr, '[]map[string]interface {}');
    return arr;
  }
  if (v && typeof v === 'object') {
    const m = newMap();
    for (const [k, e] of Object.entries(v)) m[k] = fromTomlValue(e);
    return m;
  }
  return null;
}

/** Helm's fromToml: a map; on failure {"Error": message}. Dates become RFC 3339 strings. */
export function fromToml(text: string): GoMap {
  try {
    return fromTomlValue(parseToml(text, { integersAsBigInt: true })) as GoMap;
  } catch (e) {
    if (e instanceof TomlError) {
      const msg = e.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
      return newMap([['Error', `toml: line ${e.line}: ${msg}`]]);
    }
    if (e instanceof RangeError) return newMap([['Error', 'toml: too deeply nested']]);
    throw e;
  }
}
