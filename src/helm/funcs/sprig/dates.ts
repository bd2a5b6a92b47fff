// Sprig date functions and a small port of Go's time package (layouts, Duration) for them.
// Ported from Masterminds/sprig v3.3.0 date.go (MIT) and Go's time/format.go, time/time.go (BSD-3-Clause).
//
// Reproducibility: `now` returns the FIXED instant SPRIG_NOW (2026-01-01T00:00:00Z), not the wall clock,
// and Go's "Local" zone is UTC here, so rendered output does not depend on when or where the linter runs.

import { GoInt, GoStruct, isInt, type GoValue } from '../../value.js';
import type { FuncMap } from '../../template/index.js';
import { typeName } from './goval.js';
import { fn } from './sig.js';

/** The instant `now` returns: fixed for reproducible lint output (nanoseconds since the Unix epoch). */
export const SPRIG_NOW_NANOS = BigInt(Date.UTC(2026, 0, 1, 0, 0, 0)) * 1_000_000n;

const NS = 1n;
const US = 1000n * NS;
const MS = 1000n * US;
const SEC = 1000n * MS;
const MIN = 60n * SEC;
const HOUR = 60n * MIN;
const MIN_DURATION = -(1n << 63n);
const MAX_DURATION = (1n << 63n) - 1n;

// ---------------------------------------------------------------------------------------------------------
// Locations

export interface Location {
  readonly name: string; // "UTC", "Local", or an IANA name
}

const UTC: Location = { name: 'UTC' };
const LOCAL: Location = { name: 'Local' };

function loadLocation(name: string): Location | undefined {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return LOCAL;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return { name };
  } catch {
    return undefined;
  }
}

/** Offset (seconds east of UTC) and abbreviation of a location at an instant. */
function zoneAt(loc: Location, ms: number): { offset: number; abbr: string } {
  if (loc.name === 'UTC' || loc.name === 'Local') return { offset: 0, abbr: 'UTC' };
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return { offset: 0, abbr: 'UTC' };
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: loc.name,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    era: 'short',
    timeZoneName: 'short',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  let year = Number(get('year'));
  if (get('era') === 'BC' || get('era') === 'B') year = 1 - year;
  const wall = Date.UTC(year, Number(get('month')) - 1, Number(get('day')), Number(get('hour')), Number(get('minute')), Number(get('second')));
  const fixedYear = new Date(wall);
  fixedYear.setUTCFullYear(year);
  const offset = Math.round((fixedYear.getTime() - Math.floor(ms / 1000) * 1000) / 1000);
  let abbr = get('timeZoneName');
  if (/^GMT[+-]/.test(abbr) || abbr === 'GMT' || abbr === 'UTC') {
    // Go prints numeric abbreviations like "+01" / "-03" for zones without a letter abbreviation
    if (abbr === 'GMT' || abbr === 'UTC') abbr = loc.name.startsWith('Etc/') || loc.name === 'GMT' ? abbr : 'GMT';
    else {
      const sign = offset < 0 ? '-' : '+';
      const a = Math.abs(offset);
      const hh = String(Math.floor(a / 3600)).padStart(2, '0');
      const mm = Math.floor((a % 3600) / 60);
      abbr = sign + hh + (mm ? String(mm).padStart(2, '0') : '');
    }
  }
  return { offset, abbr };
}

// ---------------------------------------------------------------------------------------------------------
// time.Time

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A Go time.Time: an instant (ns since the Unix epoch) and a location. Methods are callable from templates. */
export class GoTime extends GoStruct {
  readonly goTypeName = 'time.Time';
  constructor(
    readonly nanos: bigint,
    readonly loc: Location = UTC,
  ) {
    super();
  }

  /** Wall-clock fields in the time's location. */
  fields(): { year: number; month: number; day: number; hour: number; minute: number; second: number; nsec: number; weekday: number; yday: number; offset: number; abbr: string } {
    const secs = floorDiv(this.nanos, SEC);
    const nsec = Number(this.nanos - secs * SEC);
    const ms = Number(secs) * 1000;
    const z = zoneAt(this.loc, ms);
    const d = new Date(ms + z.offset * 1000);
    const year = d.getUTCFullYear();
    const start = new Date(0);
    start.setUTCFullYear(year, 0, 1);
    start.setUTCHours(0, 0, 0, 0);
    const yday = Math.floor((d.getTime() - start.getTime()) / 86400000) + 1;
    return {
      year,
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      nsec,
      weekday: d.getUTCDay(),
      yday,
      offset: z.offset,
      abbr: z.abbr,
    };
  }

  Format(layout: GoValue): string {
    return formatTime(this, String(layout));
  }
  String(): string {
    return formatTime(this, '2006-01-02 15:04:05.999999999 -0700 MST');
  }
  override toString(): string {
    return this.String();
  }
  Unix(): GoInt {
    return new GoInt(floorDiv(this.nanos, SEC), 'int64');
  }
  UnixNano(): GoInt {
    return new GoInt(this.nanos, 'int64');
  }
  UnixMilli(): GoInt {
    return new GoInt(floorDiv(this.nanos, MS), 'int64');
  }
  UTC(): GoTime {
    return new GoTime(this.nanos, UTC);
  }
  Local(): GoTime {
    return new GoTime(this.nanos, LOCAL);
  }
  IsZero(): boolean {
    return this.nanos === ZERO_TIME_NANOS;
  }
  Year(): GoInt {
    return new GoInt(BigInt(this.fields().year), 'int');
  }
  Month(): GoInt {
    return new GoInt(BigInt(this.fields().month), 'int');
  }
  Day(): GoInt {
    return new GoInt(BigInt(this.fields().day), 'int');
  }
  Hour(): GoInt {
    return new GoInt(BigInt(this.fields().hour), 'int');
  }
  Minute(): GoInt {
    return new GoInt(BigInt(this.fields().minute), 'int');
  }
  Second(): GoInt {
    return new GoInt(BigInt(this.fields().second), 'int');
  }
  Nanosecond(): GoInt {
    return new GoInt(BigInt(this.fields().nsec), 'int');
  }
  YearDay(): GoInt {
    return new GoInt(BigInt(this.fields().yday), 'int');
  }
  Add(d: GoValue): GoTime {
    return new GoTime(this.nanos + (isInt(d) ? d.value : 0n), this.loc);
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** time.Time{}: January 1, year 1, 00:00:00 UTC. */
export const ZERO_TIME_NANOS = -62135596800n * SEC;

export function sprigNow(): GoTime {
  return new GoTime(SPRIG_NOW_NANOS, LOCAL);
}

// ---------------------------------------------------------------------------------------------------------
// Layouts

type Std =
  | 'LongMonth'
  | 'Month'
  | 'NumMonth'
  | 'ZeroMonth'
  | 'LongWeekDay'
  | 'WeekDay'
  | 'Day'
  | 'UnderDay'
  | 'ZeroDay'
  | 'UnderYearDay'
  | 'ZeroYearDay'
  | 'Hour'
  | 'Hour12'
  | 'ZeroHour12'
  | 'Minute'
  | 'ZeroMinute'
  | 'Second'
  | 'ZeroSecond'
  | 'LongYear'
  | 'Year'
  | 'PM'
  | 'pm'
  | 'TZ'
  | 'ISO8601TZ'
  | 'ISO8601SecondsTZ'
  | 'ISO8601ShortTZ'
  | 'ISO8601ColonTZ'
  | 'ISO8601ColonSecondsTZ'
  | 'NumTZ'
  | 'NumSecondsTz'
  | 'NumShortTZ'
  | 'NumColonTZ'
  | 'NumColonSecondsTZ'
  | 'Frac0'
  | 'Frac9';

interface Chunk {
  prefix: string;
  std: Std | null;
  arg: number; // fractional digits
  sep: string; // fractional separator
  suffix: string;
}

const startsWithLower = (s: string) => s.length > 0 && s[0]! >= 'a' && s[0]! <= 'z';

function nextStdChunk(layout: string): Chunk {
  const ret = (i: number, len: number, std: Std, arg = 0, sep = '.'): Chunk => ({
    prefix: layout.slice(0, i),
    std,
    arg,
    sep,
    suffix: layout.slice(i + len),
  });
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i];
    const at = (s: string) => layout.startsWith(s, i);
    switch (c) {
      case 'J':
        if (at('Jan')) {
          if (at('January')) return ret(i, 7, 'LongMonth');
          if (!startsWithLower(layout.slice(i + 3))) return ret(i, 3, 'Month');
        }
        break;
      case 'M':
        if (at('Mon')) {
          if (at('Monday')) return ret(i, 6, 'LongWeekDay');
          if (!startsWithLower(layout.slice(i + 3))) return ret(i, 3, 'WeekDay');
        }
        if (at('MST')) return ret(i, 3, 'TZ');
        break;
      case '0': {
        const n = layout[i + 1];
        if (n !== undefined && n >= '1' && n <= '6') {
          const map: Record<string, Std> = { '1': 'ZeroMonth', '2': 'ZeroDay', '3': 'ZeroHour12', '4': 'ZeroMinute', '5': 'ZeroSecond', '6': 'Year' };
          return ret(i, 2, map[n]!);
        }
        if (at('002')) return ret(i, 3, 'ZeroYearDay');
        break;
      }
      case '1':
        if (at('15')) return ret(i, 2, 'Hour');
        return ret(i, 1, 'NumMonth');
      case '2':
        if (at('2006')) return ret(i, 4, 'LongYear');
        return ret(i, 1, 'Day');
      case '_':
        if (layout[i + 1] === '2') {
          if (layout.startsWith('2006', i + 1)) return ret(i + 1, 4, 'LongYear');
          return ret(i, 2, 'UnderDay');
        }
        if (at('__2')) return ret(i, 3, 'UnderYearDay');
        break;
      case '3':
        return ret(i, 1, 'Hour12');
      case '4':
        return ret(i, 1, 'Minute');
      case '5':
        return ret(i, 1, 'Second');
      case 'P':
        if (layout[i + 1] === 'M') return ret(i, 2, 'PM');
        break;
      case 'p':
        if (layout[i + 1] === 'm') return ret(i, 2, 'pm');
        break;
      case '-':
        if (at('-070000')) return ret(i, 7, 'NumSecondsTz');
        if (at('-07:00:00')) return ret(i, 9, 'NumColonSecondsTZ');
        if (at('-0700')) return ret(i, 5, 'NumTZ');
        if (at('-07:00')) return ret(i, 6, 'NumColonTZ');
        if (at('-07')) return ret(i, 3, 'NumShortTZ');
        break;
      case 'Z':
        if (at('Z070000')) return ret(i, 7, 'ISO8601SecondsTZ');
        if (at('Z07:00:00')) return ret(i, 9, 'ISO8601ColonSecondsTZ');
        if (at('Z0700')) return ret(i, 5, 'ISO8601TZ');
        if (at('Z07:00')) return ret(i, 6, 'ISO8601ColonTZ');
        if (at('Z07')) return ret(i, 3, 'ISO8601ShortTZ');
        break;
      case '.':
      case ',': {
        const ch = layout[i + 1];
        if (ch === '0' || ch === '9') {
          let j = i + 1;
          while (j < layout.length && layout[j] === ch) j++;
          if (!(j < layout.length && layout[j]! >= '0' && layout[j]! <= '9')) {
            return ret(i, j - i, ch === '0' ? 'Frac0' : 'Frac9', j - (i + 1), c);
          }
        }
        break;
      }
      default:
        break;
    }
  }
  return { prefix: layout, std: null, arg: 0, sep: '.', suffix: '' };
}

const pad = (n: number, w: number) => {
  const s = String(Math.abs(n)).padStart(w, '0');
  return n < 0 ? '-' + s : s;
};

function fmtZone(offset: number, std: Std): string {
  const zoneMin = Math.trunc(offset / 60);
  let absoff = offset;
  let out = '';
  if (zoneMin < 0 || (zoneMin === 0 && offset < 0)) {
    out += '-';
    absoff = -offset;
  } else out += '+';
  const z = Math.abs(zoneMin);
  out += pad(Math.floor(z / 60), 2);
  if (std === 'ISO8601ColonTZ' || std === 'NumColonTZ' || std === 'ISO8601ColonSecondsTZ' || std === 'NumColonSecondsTZ') out += ':';
  if (std !== 'NumShortTZ' && std !== 'ISO8601ShortTZ') out += pad(z % 60, 2);
  if (std === 'ISO8601SecondsTZ' || std === 'NumSecondsTz' || std === 'NumColonSecondsTZ' || std === 'ISO8601ColonSecondsTZ') {
    if (std === 'NumColonSecondsTZ' || std === 'ISO8601ColonSecondsTZ') out += ':';
    out += pad(absoff % 60, 2);
  }
  return out;
}

export function formatTime(t: GoTime, layout: string): string {
  const f = t.fields();
  let out = '';
  let rest = layout;
  while (rest !== '') {
    const ch = nextStdChunk(rest);
    out += ch.prefix;
    if (ch.std === null) break;
    rest = ch.suffix;
    switch (ch.std) {
      case 'Year':
        out += pad(((f.year % 100) + 100) % 100, 2);
        break;
      case 'LongYear':
        out += pad(f.year, 4);
        break;
      case 'Month':
        out += MONTHS[f.month - 1]!.slice(0, 3);
        break;
      case 'LongMonth':
        out += MONTHS[f.month - 1];
        break;
      case 'NumMonth':
        out += String(f.month);
        break;
      case 'ZeroMonth':
        out += pad(f.month, 2);
        break;
      case 'WeekDay':
        out += DAYS[f.weekday]!.slice(0, 3);
        break;
      case 'LongWeekDay':
        out += DAYS[f.weekday];
        break;
      case 'Day':
        out += String(f.day);
        break;
      case 'UnderDay':
        out += (f.day < 10 ? ' ' : '') + String(f.day);
        break;
      case 'ZeroDay':
        out += pad(f.day, 2);
        break;
      case 'UnderYearDay':
        out += String(f.yday).padStart(3, ' ');
        break;
      case 'ZeroYearDay':
        out += pad(f.yday, 3);
        break;
      case 'Hour':
        out += pad(f.hour, 2);
        break;
      case 'Hour12':
        out += String(f.hour % 12 === 0 ? 12 : f.hour % 12);
        break;
      case 'ZeroHour12':
        out += pad(f.hour % 12 === 0 ? 12 : f.hour % 12, 2);
        break;
      case 'Minute':
        out += String(f.minute);
        break;
      case 'ZeroMinute':
        out += pad(f.minute, 2);
        break;
      case 'Second':
        out += String(f.second);
        break;
      case 'ZeroSecond':
        out += pad(f.second, 2);
        break;
      case 'PM':
        out += f.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += f.hour >= 12 ? 'pm' : 'am';
        break;
      case 'ISO8601TZ':
      case 'ISO8601ColonTZ':
      case 'ISO8601SecondsTZ':
      case 'ISO8601ShortTZ':
      case 'ISO8601ColonSecondsTZ':
        out += f.offset === 0 ? 'Z' : fmtZone(f.offset, ch.std);
        break;
      case 'NumTZ':
      case 'NumColonTZ':
      case 'NumSecondsTz':
      case 'NumShortTZ':
      case 'NumColonSecondsTZ':
        out += fmtZone(f.offset, ch.std);
        break;
      case 'TZ':
        out += f.abbr !== '' ? f.abbr : fmtZone(f.offset, 'NumTZ');
        break;
      case 'Frac0':
        out += ch.sep + String(f.nsec).padStart(9, '0').slice(0, ch.arg);
        break;
      case 'Frac9': {
        const digits = String(f.nsec).padStart(9, '0').slice(0, ch.arg).replace(/0+$/, '');
        if (digits !== '') out += ch.sep + digits;
        break;
      }
    }
  }
  return out;
}

/** time.ParseInLocation for the common layouts (numeric fields, month/day names, zones); undefined on error. */
export function parseTime(layout: string, value: string, loc: Location): GoTime | undefined {
  let year = 1;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let nsec = 0;
  let pmSet: boolean | undefined;
  let zoneOffset: number | undefined;
  let rest = layout;
  let v = value;
  const num = (min: number, max: number): number | undefined => {
    const m = new RegExp(`^\\d{${min},${max}}`).exec(v);
    if (!m) return undefined;
    v = v.slice(m[0].length);
    return Number(m[0]);
  };
  while (rest !== '') {
    const ch = nextStdChunk(rest);
    if (!v.startsWith(ch.prefix)) return undefined;
    v = v.slice(ch.prefix.length);
    if (ch.std === null) break;
    rest = ch.suffix;
    let n: number | undefined;
    switch (ch.std) {
      case 'Year':
        n = num(2, 2);
        if (n === undefined) return undefined;
        year = n >= 69 ? 1900 + n : 2000 + n;
        break;
      case 'LongYear':
        n = num(4, 4);
        if (n === undefined) return undefined;
        year = n;
        break;
      case 'Month':
      case 'LongMonth': {
        const names = MONTHS.map((x) => (ch.std === 'Month' ? x.slice(0, 3) : x));
        const idx = names.findIndex((x) => v.toLowerCase().startsWith(x.toLowerCase()));
        if (idx < 0) return undefined;
        v = v.slice(names[idx]!.length);
        month = idx + 1;
        break;
      }
      case 'WeekDay':
      case 'LongWeekDay': {
        const names = DAYS.map((x) => (ch.std === 'WeekDay' ? x.slice(0, 3) : x));
        const idx = names.findIndex((x) => v.toLowerCase().startsWith(x.toLowerCase()));
        if (idx < 0) return undefined;
        v = v.slice(names[idx]!.length);
        break;
      }
      case 'NumMonth':
      case 'ZeroMonth':
        n = num(ch.std === 'ZeroMonth' ? 2 : 1, 2);
        if (n === undefined || n < 1 || n > 12) return undefined;
        month = n;
        break;
      case 'Day':
      case 'UnderDay':
      case 'ZeroDay':
        if (ch.std === 'UnderDay' && v.startsWith(' ')) v = v.slice(1);
        n = num(ch.std === 'ZeroDay' ? 2 : 1, 2);
        if (n === undefined || n < 1 || n > 31) return undefined;
        day = n;
        break;
      case 'UnderYearDay':
      case 'ZeroYearDay':
        n = num(1, 3);
        if (n === undefined) return undefined;
        break;
      case 'Hour':
        n = num(2, 2);
        if (n === undefined || n > 23) return undefined;
        hour = n;
        break;
      case 'Hour12':
      case 'ZeroHour12':
        n = num(ch.std === 'ZeroHour12' ? 2 : 1, 2);
        if (n === undefined || n > 12) return undefined;
        hour = n;
        break;
      case 'Minute':
      case 'ZeroMinute':
        n = num(ch.std === 'ZeroMinute' ? 2 : 1, 2);
        if (n === undefined || n > 59) return undefined;
        minute = n;
        break;
      case 'Second':
      case 'ZeroSecond': {
        n = num(ch.std === 'ZeroSecond' ? 2 : 1, 2);
        if (n === undefined || n > 59) return undefined;
        second = n;
        // a fractional second may follow even if the layout has none
        const fm = /^[.,](\d+)/.exec(v);
        if (fm && !/^[.,][09]/.test(rest)) {
          nsec = Number(fm[1]!.padEnd(9, '0').slice(0, 9));
          v = v.slice(fm[0].length);
        }
        break;
      }
      case 'PM':
      case 'pm': {
        const s = v.slice(0, 2).toUpperCase();
        if (s !== 'AM' && s !== 'PM') return undefined;
        pmSet = s === 'PM';
        v = v.slice(2);
        break;
      }
      case 'Frac0':
      case 'Frac9': {
        const fm = /^[.,](\d+)/.exec(v);
        if (!fm) {
          if (ch.std === 'Frac9') break;
          return undefined;
        }
        nsec = Number(fm[1]!.padEnd(9, '0').slice(0, 9));
        v = v.slice(fm[0].length);
        break;
      }
      case 'TZ': {
        const m = /^(UTC|GMT|[A-Z]{3,5}|[+-]\d{2,4})/.exec(v);
        if (!m) return undefined;
        v = v.slice(m[0].length);
        if (m[1] === 'UTC' || m[1] === 'GMT') zoneOffset = 0;
        break;
      }
      default: {
        // numeric and ISO 8601 zones
        if (ch.std.startsWith('ISO8601') && v.startsWith('Z')) {
          v = v.slice(1);
          zoneOffset = 0;
          break;
        }
        const m = /^([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?/.exec(v);
        if (!m) return undefined;
        v = v.slice(m[0].length);
        zoneOffset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0));
      }
    }
  }
  if (v !== '') return undefined;
  if (pmSet !== undefined) {
    if (pmSet && hour < 12) hour += 12;
    else if (!pmSet && hour === 12) hour = 0;
  }
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  if (d.getUTCDate() !== day) return undefined; // day out of range
  let secs = BigInt(Math.floor(d.getTime() / 1000));
  if (zoneOffset !== undefined) secs -= BigInt(zoneOffset);
  else {
    const z = zoneAt(loc, Number(secs) * 1000);
    secs -= BigInt(z.offset);
  }
  return new GoTime(secs * SEC + BigInt(nsec), zoneOffset !== undefined && zoneOffset !== 0 ? loc : loc);
}

// ---------------------------------------------------------------------------------------------------------
// Durations

function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let s = '';
  let print = false;
  let u = v;
  for (let i = 0; i < prec; i++) {
    const digit = u % 10n;
    print = print || digit !== 0n;
    if (print) s = digit.toString() + s;
    u /= 10n;
  }
  if (print) s = '.' + s;
  return [s, u];
}

/** time.Duration.String */
export function durationString(d: bigint): string {
  let u = d < 0n ? -d : d;
  const neg = d < 0n;
  let out: string;
  if (u < SEC) {
    if (u === 0n) return '0s';
    let prec: number;
    let unit: string;
    if (u < US) {
      prec = 0;
      unit = 'ns';
    } else if (u < MS) {
      prec = 3;
      unit = 'µs';
    } else {
      prec = 6;
      unit = 'ms';
    }
    const [frac, rest] = fmtFrac(u, prec);
    out = rest.toString() + frac + unit;
  } else {
    const [frac, secsAll] = fmtFrac(u, 9);
    u = secsAll;
    out = (u % 60n).toString() + frac + 's';
    u /= 60n;
    if (u > 0n) {
      out = (u % 60n).toString() + 'm' + out;
      u /= 60n;
      if (u > 0n) out = u.toString() + 'h' + out;
    }
  }
  return neg ? '-' + out : out;
}

/** time.ParseDuration; undefined on error. */
export function parseDuration(s: string): bigint | undefined {
  let str = s;
  let neg = false;
  if (str.startsWith('-') || str.startsWith('+')) {
    neg = str[0] === '-';
    str = str.slice(1);
  }
  if (str === '0') return 0n;
  if (str === '') return undefined;
  const units: Record<string, bigint> = { ns: NS, us: US, µs: US, μs: US, ms: MS, s: SEC, m: MIN, h: HOUR };
  let total = 0n;
  const re = /^(\d*)(?:\.(\d*))?([^\d.]+)/;
  while (str !== '') {
    const m = re.exec(str);
    if (!m || (m[1] === '' && (m[2] === undefined || m[2] === ''))) return undefined;
    const unit = units[m[3]!];
    if (unit === undefined) return undefined;
    const whole = BigInt(m[1] || '0');
    let v = whole * unit;
    if (m[2]) {
      const frac = m[2];
      v += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    }
    total += v;
    if (total > MAX_DURATION + (neg ? 1n : 0n)) return undefined;
    str = str.slice(m[0].length);
  }
  return neg ? -total : total;
}

function roundDuration(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d;
  let r = d % m;
  if (d < 0n) {
    r = -r;
    if (r + r < m) return d + r;
    const d1 = d - m + r;
    return d1 < d ? d1 : MIN_DURATION;
  }
  if (r + r < m) return d - r;
  const d1 = d + m - r;
  return d1 > d ? d1 : MAX_DURATION;
}

const wrapDur = (v: bigint) => BigInt.asIntN(64, v);

// ---------------------------------------------------------------------------------------------------------

function toTime(v: GoValue): GoTime {
  if (v instanceof GoTime) return v;
  if (isInt(v) && (v.type === 'int64' || v.type === 'int' || v.type === 'int32')) return new GoTime(v.value * SEC, LOCAL);
  return sprigNow();
}

function dateInZone(layout: string, date: GoValue, zone: string): string {
  const t = toTime(date);
  const loc = loadLocation(zone) ?? UTC;
  return formatTime(new GoTime(t.nanos, loc), layout);
}

function requireTime(v: GoValue): GoTime {
  if (v instanceof GoTime) return v;
  if (v === null || v === undefined) throw new Error('invalid value; expected time.Time');
  throw new Error(`wrong type for value; expected time.Time; got ${typeName(v)}`);
}

function durationRound(v: GoValue): string {
  let d = 0n;
  if (typeof v === 'string') d = parseDuration(v) ?? 0n;
  else if (isInt(v) && v.type === 'int64') d = v.value;
  else if (v instanceof GoTime) d = wrapDur(SPRIG_NOW_NANOS - v.nanos);
  let u = d < 0n ? -d : d;
  u = BigInt.asUintN(64, u);
  const year = HOUR * 24n * 365n;
  const month = HOUR * 24n * 30n;
  const day = HOUR * 24n;
  if (u > year) return `${u / year}y`;
  if (u > month) return `${u / month}m`;
  if (u > day) return `${u / day}d`;
  if (u > HOUR) return `${u / HOUR}h`;
  if (u > MIN) return `${u / MIN}m`;
  if (u > SEC) return `${u / SEC}s`;
  return '0s';
}

export const dateFunctions: FuncMap = {
  now: fn([], () => sprigNow()),
  date: fn(['string', 'interface{}'], (f, d) => dateInZone(f as string, d, 'Local')),
  dateInZone: fn(['string', 'interface{}', 'string'], (f, d, z) => dateInZone(f as string, d, z as string)),
  date_in_zone: fn(['string', 'interface{}', 'string'], (f, d, z) => dateInZone(f as string, d, z as string)),
  htmlDate: fn(['interface{}'], (d) => dateInZone('2006-01-02', d, 'Local')),
  htmlDateInZone: fn(['interface{}', 'string'], (d, z) => dateInZone('2006-01-02', d, z as string)),
  dateModify: fn(['string', 'interface{}'], (f, d) => {
    const t = requireTime(d);
    const dur = parseDuration(f as string);
    return dur === undefined ? t : new GoTime(t.nanos + dur, t.loc);
  }),
  date_modify: fn(['string', 'interface{}'], (f, d) => {
    const t = requireTime(d);
    const dur = parseDuration(f as string);
    return dur === undefined ? t : new GoTime(t.nanos + dur, t.loc);
  }),
  mustDateModify: fn(['string', 'interface{}'], (f, d) => {
    const t = requireTime(d);
    const dur = parseDuration(f as string);
    if (dur === undefined) throw new Error(`time: invalid duration "${f as string}"`);
    return new GoTime(t.nanos + dur, t.loc);
  }),
  must_date_modify: fn(['string', 'interface{}'], (f, d) => {
    const t = requireTime(d);
    const dur = parseDuration(f as string);
    if (dur === undefined) throw new Error(`time: invalid duration "${f as string}"`);
    return new GoTime(t.nanos + dur, t.loc);
  }),
  ago: fn(['interface{}'], (d) => {
    let t: GoTime;
    if (d instanceof GoTime) t = d;
    else if (isInt(d) && (d.type === 'int64' || d.type === 'int')) t = new GoTime(d.value * SEC, LOCAL);
    else t = sprigNow();
    return durationString(roundDuration(wrapDur(SPRIG_NOW_NANOS - t.nanos), SEC));
  }),
  duration: fn(['interface{}'], (v) => {
    let n = 0n;
    if (typeof v === 'string') {
      n = /^[+-]?\d+$/.test(v) ? BigInt(v) : 0n;
      if (n > (1n << 63n) - 1n || n < -(1n << 63n)) n = 0n;
    } else if (isInt(v) && v.type === 'int64') n = v.value;
    return durationString(wrapDur(n * SEC));
  }),
  durationRound: fn(['interface{}'], (v) => durationRound(v)),
  toDate: fn(['string', 'string'], (f, s) => parseTime(f as string, s as string, LOCAL) ?? new GoTime(ZERO_TIME_NANOS, UTC)),
  mustToDate: fn(['string', 'string'], (f, s) => {
    const t = parseTime(f as string, s as string, LOCAL);
    if (!t) throw new Error(`parsing time ${JSON.stringify(s)} as ${JSON.stringify(f)}: cannot parse ${JSON.stringify(s)} as ${JSON.stringify(f)}`);
    return t;
  }),
  unixEpoch: fn(['interface{}'], (d) => requireTime(d).Unix().value.toString()),
};

export { GoInt };
