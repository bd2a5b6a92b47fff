// Masterminds/semver v3 version constraints, enough for Helm's IsCompatibleRange (dependency versions
// against subchart versions, Chart.yaml kubeVersion against the cluster version).

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  pre: string;
}

const VERSION_RE = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(s: string): SemVer | undefined {
  const m = VERSION_RE.exec(s.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0), pre: m[4] ?? '' };
}

function comparePre(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d < 0 ? -1 : 1;
    } else if (nx) return -1;
    else if (ny) return 1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function compareVersions(a: SemVer, b: SemVer): number {
  if (a.major !== b.major) return a.major < b.major ? -1 : 1;
  if (a.minor !== b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch !== b.patch) return a.patch < b.patch ? -1 : 1;
  return comparePre(a.pre, b.pre);
}

interface Constraint {
  op: string;
  v: SemVer;
  /** Which parts were wildcards or absent: 0 = none, 1 = patch, 2 = minor+patch, 3 = all. */
  dirty: number;
  hasPre: boolean;
}

const CONSTRAINT_RE = /^\s*(=|!=|>=|=>|<=|=<|>|<|~>|~|\^)?\s*v?([0-9xX*]+(?:\.[0-9xX*]+){0,2}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)\s*$/;

function parseConstraint(s: string): Constraint {
  const m = CONSTRAINT_RE.exec(s);
  if (!m) throw new Error(`improper constraint: ${s}`);
  const op = m[1] ?? '';
  const ver = m[2]!;
  const [core, ...rest] = ver.split('-');
  const pre = rest.join('-').split('+')[0] ?? '';
  const parts = core!.split('+')[0]!.split('.');
  const wild = (p: string | undefined) => p === undefined || p === 'x' || p === 'X' || p === '*';
  let dirty = 0;
  if (wild(parts[0])) dirty = 3;
  else if (wild(parts[1])) dirty = 2;
  else if (wild(parts[2])) dirty = 1;
  const num = (p: string | undefined) => (wild(p) ? 0 : Number(p));
  return { op, v: { major: num(parts[0]), minor: num(parts[1]), patch: num(parts[2]), pre }, dirty, hasPre: pre !== '' };
}

function check(c: Constraint, v: SemVer): boolean {
  if (v.pre !== '' && !c.hasPre) return false;
  const cmp = compareVersions(v, c.v);
  const explicitMinor = c.dirty < 2;
  switch (c.op) {
    case '':
    case '=':
      if (c.dirty === 3) return true;
      if (c.dirty === 2) return v.major === c.v.major;
      if (c.dirty === 1) return v.major === c.v.major && v.minor === c.v.minor;
      return cmp === 0;
    case '!=':
      if (c.dirty === 3) return false;
      if (c.dirty === 2) return v.major !== c.v.major;
      if (c.dirty === 1) return !(v.major === c.v.major && v.minor === c.v.minor);
      return cmp !== 0;
    case '>':
      if (c.dirty === 3) return false;
      if (c.dirty === 2) return v.major > c.v.major;
      if (c.dirty === 1) return v.major > c.v.major || (v.major === c.v.major && v.minor > c.v.minor);
      return cmp > 0;
    case '<':
      return cmp < 0;
    case '>=':
    case '=>':
      return cmp >= 0;
    case '<=':
    case '=<':
      if (c.dirty === 3) return true;
      if (c.dirty === 2) return v.major <= c.v.major;
      if (c.dirty === 1) return v.major < c.v.major || (v.major === c.v.major && v.minor <= c.v.minor);
      return cmp <= 0;
    case '~':
    case '~>': {
      if (cmp < 0) return false;
      if (c.dirty === 3) return true;
      if (v.major !== c.v.major) return false;
      if (explicitMinor && v.minor !== c.v.minor) return false;
      return true;
    }
    case '^': {
      if (cmp < 0) return false;
      if (c.dirty === 3) return true;
      if (c.v.major > 0 || c.dirty === 2) return v.major === c.v.major;
      if (c.v.minor > 0 || c.dirty === 1) return v.major === 0 && v.minor === c.v.minor;
      return v.major === 0 && v.minor === 0 && v.patch === c.v.patch;
    }
  }
  return false;
}

/** Masterminds NewConstraint + Check; returns false for unparsable constraints or versions (like Helm). */
export function satisfies(version: string, constraint: string): boolean {
  const v = parseVersion(version);
  if (!v) return false;
  try {
    return constraint.split('||').some((group) => {
      const g = group.trim();
      const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(g);
      const parts = hyphen ? [`>=${hyphen[1]}`, `<=${hyphen[2]}`] : [...g.matchAll(/(?:!=|>=|=>|<=|=<|~>|[=<>~^])?\s*v?[0-9xX*][0-9A-Za-z.+*-]*/g)].map((m) => m[0]);
      if (g.replace(/(?:!=|>=|=>|<=|=<|~>|[=<>~^])?\s*v?[0-9xX*][0-9A-Za-z.+*-]*|[\s,]/g, '') !== '') throw new Error('bad constraint');
      if (parts.length === 0) return check(parseConstraint('*'), v);
      return parts.map(parseConstraint).every((c) => check(c, v));
    });
  } catch {
    return false;
  }
}
