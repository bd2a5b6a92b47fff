// Semantic versions and constraints for Sprig's `semver` and `semverCompare`: a port of
// Masterminds/semver v3.3 (MIT; version.go and constraints.go: NewVersion, Compare, NewConstraint, Check).
// Notable semantics kept: optional "v" prefix and partial versions ("1.2" = 1.2.0), a missing minor/patch
// in a constraint acts like "x" (">11" needs 12+, "~1" = 1.x), pre-release versions only satisfy
// constraints that carry a pre-release themselves (so ">=1.21-0" admits "1.30.0-eks-1"), "a - b" ranges,
// "," or whitespace for AND and "||" for OR.

import { GoInt, GoStruct, type GoValue } from '../../value.js';
import type { FuncMap } from '../../template/index.js';
import { fn } from './sig.js';

const SEMVER_RE = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
const NUM = /^[0-9]*$/;
const ALLOWED = /^[0-9A-Za-z-]*$/;
const UINT64_MAX = (1n << 64n) - 1n;

export class SemverError extends Error {}

/** *semver.Version: fields through methods, as templates call them (`(semver "1.2.3").Major`). */
export class Version extends GoStruct {
  readonly goTypeName: string = '*semver.Version';
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly pre: string,
    readonly metadata: string,
    readonly original: string,
  ) {
    super();
  }
  String(): string {
    let s = `${this.major}.${this.minor}.${this.patch}`;
    if (this.pre !== '') s += `-${this.pre}`;
    if (this.metadata !== '') s += `+${this.metadata}`;
    return s;
  }
  override toString(): string {
    return this.String();
  }
  Original(): string {
    return this.original;
  }
  Major(): GoInt {
    return new GoInt(this.major, 'uint64');
  }
  Minor(): GoInt {
    return new GoInt(this.minor, 'uint64');
  }
  Patch(): GoInt {
    return new GoInt(this.patch, 'uint64');
  }
  Prerelease(): string {
    return this.pre;
  }
  Metadata(): string {
    return this.metadata;
  }
  Compare(o: GoValue): GoInt {
    return new GoInt(BigInt(compareVersions(this, asVersion(o))), 'int');
  }
  LessThan(o: GoValue): boolean {
    return compareVersions(this, asVersion(o)) < 0;
  }
  GreaterThan(o: GoValue): boolean {
    return compareVersions(this, asVersion(o)) > 0;
  }
  Equal(o: GoValue): boolean {
    return compareVersions(this, asVersion(o)) === 0;
  }
  IncPatch(): Version {
    const v = this.pre !== '' ? this.patch : this.patch + 1n;
    return this.next(this.major, this.minor, v);
  }
  IncMinor(): Version {
    return this.next(this.major, this.minor + 1n, 0n);
  }
  IncMajor(): Version {
    return this.next(this.major + 1n, 0n, 0n);
  }
  private next(ma: bigint, mi: bigint, pa: bigint): Version {
    const prefix = this.original.startsWith('v') ? 'v' : '';
    const n = new Version(ma, mi, pa, '', '', '');
    const v = new Version(ma, mi, pa, '', '', prefix + n.String());
    (v as { goTypeName: string }).goTypeName = 'semver.Version';
    return v;
  }
}

function asVersion(o: GoValue): Version {
  if (o instanceof Version) return o;
  throw new Error(`wrong type for value; expected *semver.Version; got ${o === null || o === undefined ? '<nil>' : typeof o}`);
}

function parseUint(s: string): bigint {
  const v = BigInt(s);
  if (v > UINT64_MAX) throw new SemverError(`Error parsing version segment: strconv.ParseUint: parsing "${s}": value out of range`);
  return v;
}

function validatePrerelease(p: string): void {
  for (const part of p.split('.')) {
    if (NUM.test(part)) {
      if (part.length > 1 && part[0] === '0') throw new SemverError('Version segment starts with 0');
    } else if (!ALLOWED.test(part)) throw new SemverError('Invalid Prerelease string');
  }
}

function validateMetadata(m: string): void {
  for (const part of m.split('.')) if (!ALLOWED.test(part)) throw new SemverError('Invalid Metadata string');
}

/** semver.NewVersion (lenient: "v" prefix, partial versions). Throws SemverError. */
export function newVersion(v: string): Version {
  const m = SEMVER_RE.exec(v);
  if (!m) throw new SemverError('Invalid Semantic Version');
  const major = parseUint(m[1]!);
  const minor = m[2] ? parseUint(m[2].slice(1)) : 0n;
  const patch = m[3] ? parseUint(m[3].slice(1)) : 0n;
  const pre = m[5] ?? '';
  const meta = m[8] ?? '';
  if (pre !== '') validatePrerelease(pre);
  if (meta !== '') validateMetadata(meta);
  return new Version(major, minor, patch, pre, meta, v);
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return o !== '' ? -1 : 1;
  if (o === '') return s !== '' ? 1 : -1;
  const isNum = (x: string) => /^[0-9]+$/.test(x) && BigInt(x) <= UINT64_MAX;
  const sn = isNum(s);
  const on = isNum(o);
  if (!sn && !on) return s > o ? 1 : -1;
  if (!on) return -1; // o is a string and s a number
  if (!sn) return 1;
  return BigInt(s) > BigInt(o) ? 1 : -1;
}

function comparePrerelease(v: string, o: string): number {
  const sp = v.split('.');
  const op = o.split('.');
  const l = Math.max(sp.length, op.length);
  for (let i = 0; i < l; i++) {
    const d = comparePrePart(sp[i] ?? '', op[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

export function compareVersions(v: Version, o: Version): number {
  const d = cmp(v.major, o.major) || cmp(v.minor, o.minor) || cmp(v.patch, o.patch);
  if (d !== 0) return d;
  if (v.pre === '' && o.pre === '') return 0;
  if (v.pre === '') return 1;
  if (o.pre === '') return -1;
  return comparePrerelease(v.pre, o.pre);
}

// ---------------------------------------------------------------------------------------------------------
// Constraints

const CV = String.raw`v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?`;
const OPS = String.raw`=||!=|>|<|>=|=>|<=|=<|~|~>|\^`;
const WS = String.raw`[\t\n\f\r ]`;
const constraintRegex = new RegExp(String.raw`^${WS}*(${OPS})${WS}*(${CV})${WS}*$`);
const constraintRangeRegex = new RegExp(String.raw`${WS}*(${CV})${WS}+-${WS}+(${CV})${WS}*`, 'g');
const findConstraintRegex = new RegExp(String.raw`(${OPS})${WS}*(${CV})`, 'g');
const validConstraintRegex = new RegExp(String.raw`^(${WS}*(${OPS})${WS}*(${CV})${WS}*)((?:${WS}+|,${WS}*)(${OPS})${WS}*(${CV})${WS}*)*$`);

interface Constraint {
  con: Version;
  orig: string;
  op: string;
  minorDirty: boolean;
  patchDirty: boolean;
  dirty: boolean;
}

const isX = (x: string) => x === 'x' || x === '*' || x === 'X';

function parseConstraint(c: string): Constraint {
  if (c.length > 0) {
    const m = constraintRegex.exec(c);
    if (!m) throw new SemverError(`improper constraint: ${c}`);
    const m3 = m[3] ?? '';
    const m4 = m[4] ?? '';
    const m5 = m[5] ?? '';
    const m6 = m[6] ?? '';
    let ver = m[2]!;
    let minorDirty = false;
    let patchDirty = false;
    let dirty = false;
    if (isX(m3) || m3 === '') {
      ver = `0.0.0${m6}`;
      dirty = true;
    } else if (isX(m4.replace(/^\./, '')) || m4 === '') {
      minorDirty = true;
      dirty = true;
      ver = `${m3}.0.0${m6}`;
    } else if (isX(m5.replace(/^\./, '')) || m5 === '') {
      dirty = true;
      patchDirty = true;
      ver = `${m3}${m4}.0${m6}`;
    }
    let con: Version;
    try {
      con = newVersion(ver);
    } catch {
      throw new SemverError('constraint Parser Error');
    }
    return { con, orig: m[2]!, op: m[1]!, minorDirty, patchDirty, dirty };
  }
  return { con: newVersion('0.0.0'), orig: c, op: '', minorDirty: false, patchDirty: false, dirty: true };
}

function rewriteRange(i: string): string {
  let o = i;
  for (const v of i.matchAll(constraintRangeRegex)) {
    o = o.replace(v[0], `>= ${v[1]}, <= ${v[11]}`);
  }
  return o;
}

export class Constraints {
  constructor(readonly groups: Constraint[][]) {}
  check(v: Version): boolean {
    return this.groups.some((g) => g.every((c) => checkOne(v, c)));
  }
}

const constraintCache = new Map<string, Constraints | SemverError>();

/** semver.NewConstraint. Throws SemverError ("improper constraint: …"). Results are cached (immutable). */
export function newConstraint(c: string): Constraints {
  let r = constraintCache.get(c);
  if (r === undefined) {
    try {
      r = parseConstraints(c);
    } catch (e) {
      if (!(e instanceof SemverError)) throw e;
      r = e;
    }
    if (constraintCache.size > 1000) constraintCache.clear();
    constraintCache.set(c, r);
  }
  if (r instanceof SemverError) throw r;
  return r;
}

function parseConstraints(c: string): Constraints {
  const rewritten = rewriteRange(c);
  const ors = rewritten.split('||');
  const groups: Constraint[][] = [];
  for (const v of ors) {
    if (!validConstraintRegex.test(v)) throw new SemverError(`improper constraint: ${v}`);
    let cs = [...v.matchAll(findConstraintRegex)].map((m) => m[0]);
    if (cs.length === 0) cs = [v];
    groups.push(cs.map(parseConstraint));
  }
  return new Constraints(groups);
}

function checkOne(v: Version, c: Constraint): boolean {
  const vPre = v.pre !== '';
  const cPre = c.con.pre !== '';
  switch (c.op) {
    case '':
    case '=':
      if (vPre && !cPre) return false;
      if (c.dirty) return tilde(v, c);
      return compareVersions(v, c.con) === 0;
    case '!=':
      if (c.dirty) {
        if (vPre && !cPre) return false;
        if (c.con.major !== v.major) return true;
        if (c.con.minor !== v.minor && !c.minorDirty) return true;
        if (c.minorDirty) return false;
        if (c.con.patch !== v.patch && !c.patchDirty) return true;
        if (c.patchDirty) {
          if (vPre || cPre) return comparePrerelease(v.pre, c.con.pre) !== 0;
          return false;
        }
      }
      return compareVersions(v, c.con) !== 0;
    case '>':
      if (vPre && !cPre) return false;
      if (!c.dirty) return compareVersions(v, c.con) === 1;
      if (v.major > c.con.major) return true;
      if (v.major < c.con.major) return false;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > c.con.minor;
      return compareVersions(v, c.con) === 1;
    case '<':
      if (vPre && !cPre) return false;
      return compareVersions(v, c.con) < 0;
    case '>=':
    case '=>':
      if (vPre && !cPre) return false;
      return compareVersions(v, c.con) >= 0;
    case '<=':
    case '=<':
      if (vPre && !cPre) return false;
      if (!c.dirty) return compareVersions(v, c.con) <= 0;
      if (v.major > c.con.major) return false;
      if (v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty) return false;
      return true;
    case '~':
    case '~>':
      return tilde(v, c);
    case '^':
      return caret(v, c);
    default:
      return false;
  }
}

function tilde(v: Version, c: Constraint): boolean {
  if (v.pre !== '' && c.con.pre === '') return false;
  if (compareVersions(v, c.con) < 0) return false;
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== c.con.major) return false;
  if (v.minor !== c.con.minor && !c.minorDirty) return false;
  return true;
}

function caret(v: Version, c: Constraint): boolean {
  if (v.pre !== '' && c.con.pre === '') return false;
  if (compareVersions(v, c.con) < 0) return false;
  if (c.con.major > 0n || c.minorDirty) return v.major === c.con.major;
  if (c.con.major === 0n && v.major > 0n) return false;
  if (c.con.minor > 0n || c.patchDirty) return v.minor === c.con.minor;
  if (c.con.minor === 0n && v.minor > 0n) return false;
  return c.con.patch === v.patch;
}

/** Sprig's semverCompare: throws the constraint or version parse error. */
export function semverCompare(constraint: string, version: string): boolean {
  const c = newConstraint(constraint);
  const v = newVersion(version);
  return c.check(v);
}

export const semverFunctions: FuncMap = {
  semver: fn(['string'], (v) => newVersion(v as string)),
  semverCompare: fn(['string', 'string'], (c, v) => semverCompare(c as string, v as string)),
};
