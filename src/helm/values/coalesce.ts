// Helm's values coalescing (pkg/chart/common/util/coalesce.go and dependencies.go), ported for
// behaviour: parent values override subchart defaults, `global` is copied down, null deletes a key
// (coalesce) or is kept (merge), table vs non-table conflicts warn, and dependencies are enabled by
// `tags` then `condition`, aliased, and pull `import-values`.

import { isMap, newMap, type GoMap, type GoValue } from '../value.js';
import type { Chart, ChartDependency } from '../chart/types.js';
import { satisfies } from '../chart/semver.js';

export const GLOBAL_KEY = 'global';

/** A coalescing warning; `key` is the dotted values path it is about (chart name first), when it names one. */
export type Warn = (message: string, key?: string) => void;

export function deepCopy<T extends GoValue>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => deepCopy(x)) as T;
  if (isMap(v)) {
    const m = newMap();
    for (const k of Object.keys(v)) m[k] = deepCopy(v[k]);
    return m as T;
  }
  return v;
}

function isTable(v: GoValue): v is GoMap {
  return isMap(v);
}

function concatPrefix(a: string, b: string): string {
  return a === '' ? b : `${a}.${b}`;
}

/** Go's %v for the warnings text (short form). */
function show(v: GoValue): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(show).join(' ')}]`;
  if (isMap(v))
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${show(v[k])}`)
      .join(' ')}]`;
  return String(v);
}

/** CoalesceValues(chart, vals): a copy of vals with the chart's (and its subcharts') defaults filled in. */
export function coalesceValues(chart: Chart, vals: GoMap | undefined, warn: Warn = () => {}, merge = false): GoMap {
  const copy = vals ? deepCopy(vals) : newMap();
  return coalesce(warn, chart, copy, '', merge);
}

/** MergeValues: like coalesceValues but null values are kept instead of deleting keys. */
export function mergeValues(chart: Chart, vals: GoMap | undefined, warn: Warn = () => {}): GoMap {
  return coalesceValues(chart, vals, warn, true);
}

function coalesce(warn: Warn, ch: Chart, dest: GoMap, prefix: string, merge: boolean): GoMap {
  coalesceChartValues(warn, ch, dest, prefix, merge);
  return coalesceDeps(warn, ch, dest, prefix, merge);
}

function coalesceDeps(warn: Warn, chart: Chart, dest: GoMap, prefix: string, merge: boolean): GoMap {
  for (const sub of chart.dependencies) {
    const name = sub.name();
    if (!(name in dest)) dest[name] = newMap();
    else if (!isTable(dest[name])) throw new Error(`type mismatch on ${name}: ${show(dest[name])}`);
    const dv = dest[name] as GoMap;
    const subPrefix = concatPrefix(prefix, chart.name());
    coalesceGlobals(warn, dv, dest, subPrefix);
    dest[name] = coalesce(warn, sub, dv, subPrefix, merge);
  }
  return dest;
}

function coalesceGlobals(warn: Warn, dest: GoMap, src: GoMap, prefix: string): void {
  let dg: GoMap;
  let sg: GoMap;
  if (!(GLOBAL_KEY in dest)) dg = newMap();
  else if (isTable(dest[GLOBAL_KEY])) dg = dest[GLOBAL_KEY] as GoMap;
  else {
    warn(`warning: skipping globals because destination ${GLOBAL_KEY} is not a table.`);
    return;
  }
  if (!(GLOBAL_KEY in src)) sg = newMap();
  else if (isTable(src[GLOBAL_KEY])) sg = src[GLOBAL_KEY] as GoMap;
  else {
    warn(`warning: skipping globals because source ${GLOBAL_KEY} is not a table.`);
    return;
  }
  for (const key of Object.keys(sg)) {
    const val = sg[key];
    if (isTable(val)) {
      const vv = newMap(Object.entries(val));
      if (!(key in dg)) dg[key] = vv;
      else {
        const destv = dg[key];
        if (!isTable(destv)) warn(`Conflict: cannot merge map onto non-map for "${key}". Skipping.`);
        else {
          coalesceTablesFullKey(warn, vv, destv, concatPrefix(prefix, key), true);
          dg[key] = vv;
        }
      }
    } else if (key in dg && isTable(dg[key])) {
      warn(`key ${key} is table. Skipping`);
    } else {
      dg[key] = val;
    }
  }
  dest[GLOBAL_KEY] = dg;
}

function coalesceChartValues(warn: Warn, c: Chart, v: GoMap, prefix: string, merge: boolean): void {
  const subPrefix = concatPrefix(prefix, c.name());
  const vc = deepCopy(c.values);
  for (const key of Object.keys(vc)) {
    const val = vc[key];
    if (key in v) {
      const value = v[key];
      if ((value === null || value === undefined) && !merge) {
        delete v[key];
      } else if (isTable(value)) {
        if (!isTable(val)) {
          if (val !== null && val !== undefined) warn(`warning: skipped value for ${subPrefix}.${key}: Not a table.`, `${subPrefix}.${key}`);
        } else {
          const childMerge = c.dependencies.some((d) => d.name() === key) ? true : merge;
          coalesceTablesFullKey(warn, value, val, concatPrefix(subPrefix, key), childMerge);
        }
      }
    } else {
      v[key] = val;
    }
  }
}

/** coalesceTablesFullKey: dst has precedence; src fills in. Mutates and returns dst. */
export function coalesceTablesFullKey(warn: Warn, dst: GoMap | undefined, src: GoMap | undefined, prefix: string, merge: boolean): GoMap {
  if (!src) return dst ?? newMap();
  if (!dst) return src;
  // helm v4.1.4 keeps a user null for a key the defaults do not have (observed in the goldens), so
  // only keys present in src are deleted below.
  for (const key of Object.keys(src)) {
    const val = src[key];
    const fullkey = concatPrefix(prefix, key);
    const ok = key in dst;
    const dv = dst[key];
    if (ok && !merge && (dv === null || dv === undefined)) {
      delete dst[key];
    } else if (!ok) {
      dst[key] = val;
    } else if (isTable(val)) {
      if (isTable(dv)) coalesceTablesFullKey(warn, dv, val, fullkey, merge);
      else warn(`warning: cannot overwrite table with non table for ${fullkey} (${show(val)})`, fullkey);
    } else if (isTable(dv) && val !== null && val !== undefined) {
      warn(`warning: destination for ${fullkey} is a table. Ignoring non-table value (${show(val)})`, fullkey);
    }
  }
  return dst;
}

export function coalesceTables(dst: GoMap, src: GoMap, warn: Warn = () => {}): GoMap {
  return coalesceTablesFullKey(warn, dst, src, '', false);
}

export function mergeTables(dst: GoMap, src: GoMap, warn: Warn = () => {}): GoMap {
  return coalesceTablesFullKey(warn, dst, src, '', true);
}

/** Helm's values.go mergeMaps, used to layer -f files (later wins, maps merged recursively, no deletes). */
export function mergeMaps(a: GoMap, b: GoMap): GoMap {
  const out = newMap(Object.entries(a));
  for (const k of Object.keys(b)) {
    const v = b[k];
    if (isTable(v)) {
      const bv = out[k];
      if (isTable(bv)) {
        out[k] = mergeMaps(bv, v);
        continue;
      }
    }
    out[k] = v;
  }
  return out;
}

// --------------------------------------------------------------------------------------------
// Values paths (chartutil.Values.Table / PathValue)

export function parsePath(key: string): string[] {
  return key.split('.');
}

export function table(v: GoMap, name: string): GoMap | undefined {
  let cur: GoValue = v;
  for (const part of parsePath(name)) {
    if (!isTable(cur)) return undefined;
    const next: GoValue = cur[part];
    if (!(part in cur) || !isTable(next)) return undefined;
    cur = next;
  }
  return isTable(cur) ? cur : undefined;
}

export function pathValue(v: GoMap, path: string): { ok: true; value: GoValue } | { ok: false } {
  if (path === '') return { ok: false };
  const parts = parsePath(path);
  if (parts.length === 1) {
    const k = parts[0]!;
    if (k in v && !isTable(v[k])) return { ok: true, value: v[k] };
    return { ok: false };
  }
  const key = parts.pop()!;
  const t = table(v, parts.join('.'));
  if (!t) return { ok: false };
  if (key in t && !isTable(t[key])) return { ok: true, value: t[key] };
  return { ok: false };
}

function pathToMap(path: string, data: GoMap): GoMap {
  if (path === '.') return data;
  const parts = path.split('.').filter((p) => p !== '');
  let cur = data;
  for (let i = parts.length - 1; i >= 0; i--) cur = newMap([[parts[i]!, cur]]);
  return cur;
}

// --------------------------------------------------------------------------------------------
// Dependencies: enabled (tags, conditions, aliases) and import-values

function isCompatibleRange(constraint: string, version: string): boolean {
  return satisfies(version, constraint);
}

function getAliasDependency(charts: Chart[], dep: ChartDependency): Chart | undefined {
  for (const c of charts) {
    if (c.name() !== dep.name) continue;
    if (!isCompatibleRange(dep.version, c.metadata.version)) continue;
    return dep.alias ? c.withName(dep.alias) : c.withName(c.name());
  }
  return undefined;
}

function processDependencyTags(reqs: ChartDependency[], cvals: GoMap, warn: Warn): void {
  const vt = table(cvals, 'tags');
  if (!vt) return;
  for (const r of reqs) {
    let hasTrue = false;
    let hasFalse = false;
    for (const k of r.tags) {
      if (k in vt) {
        const b = vt[k];
        if (typeof b === 'boolean') {
          if (b) hasTrue = true;
          else hasFalse = true;
        } else warn(`Warning: Tag '${k}' for chart ${r.name} returned non-bool value`);
      }
    }
    if (!hasTrue && hasFalse) r.enabled = false;
    else if (hasTrue || !hasFalse) r.enabled = true;
  }
}

function processDependencyConditions(reqs: ChartDependency[], cvals: GoMap, cpath: string, warn: Warn): void {
  for (const r of reqs) {
    for (const c of r.condition.trim().split(',')) {
      if (c.length === 0) continue;
      const pv = pathValue(cvals, cpath + c);
      if (pv.ok) {
        if (typeof pv.value === 'boolean') {
          r.enabled = pv.value;
          break;
        }
        warn(`Warning: Condition path '${c}' for chart ${r.name} returned non-bool value`);
      }
    }
  }
}

function processDependencyEnabled(c: Chart, v: GoMap, path: string, warn: Warn): void {
  if (c.metadata.dependencies.length === 0 && !c.metadata.dependencies) return;
  const chartDependencies: Chart[] = [];
  outer: for (const existing of c.dependencies) {
    for (const req of c.metadata.dependencies) {
      if (existing.name() === req.name && isCompatibleRange(req.version, existing.metadata.version)) continue outer;
    }
    chartDependencies.push(existing);
  }
  for (const req of c.metadata.dependencies) {
    const dep = getAliasDependency(c.dependencies, req);
    if (dep) chartDependencies.push(dep);
    if (req.alias) req.name = req.alias;
  }
  c.dependencies = chartDependencies;
  for (const d of c.dependencies) d.parent = c;
  for (const lr of c.metadata.dependencies) lr.enabled = true;
  const cvals = coalesceValues(c, v, warn);
  processDependencyTags(c.metadata.dependencies, cvals, warn);
  processDependencyConditions(c.metadata.dependencies, cvals, path, warn);
  const rm = new Set(c.metadata.dependencies.filter((r) => !r.enabled).map((r) => r.name));
  const cd = c.dependencies.filter((n) => !rm.has(n.name()));
  const cdMetadata = c.metadata.dependencies.filter((n) => !rm.has(n.name));
  for (const t of cd) processDependencyEnabled(t, cvals, path + t.name() + '.', warn);
  c.metadata.dependencies = cdMetadata;
  c.dependencies = cd;
}

function processImportValues(c: Chart, merge: boolean, warn: Warn): void {
  if (c.metadata.dependencies.length === 0) return;
  let cvals = merge ? mergeValues(c, undefined, warn) : coalesceValues(c, undefined, warn);
  let b = newMap();
  for (const r of c.metadata.dependencies) {
    const outiv: unknown[] = [];
    for (const riv of r.importValues) {
      if (riv !== null && typeof riv === 'object' && !Array.isArray(riv)) {
        const iv = riv as Record<string, unknown>;
        const child = String(iv.child ?? '');
        const parent = String(iv.parent ?? '');
        outiv.push({ child, parent });
        const vv = table(cvals, `${r.name}.${child}`);
        if (!vv) {
          warn(`Warning: ImportValues missing table from chart ${r.name}: ${child}`);
          continue;
        }
        const m = pathToMap(parent, deepCopy(vv));
        b = merge ? mergeTables(b, m, warn) : coalesceTables(b, m, warn);
      } else if (typeof riv === 'string') {
        const child = 'exports.' + riv;
        outiv.push({ child, parent: '.' });
        const vm = table(cvals, `${r.name}.${child}`);
        if (!vm) {
          warn(`Warning: ImportValues missing table: ${child}`);
          continue;
        }
        b = merge ? mergeTables(b, deepCopy(vm), warn) : coalesceTables(b, deepCopy(vm), warn);
      }
    }
    r.importValues = outiv;
  }
  if (merge) {
    cvals = deepCopy(cvals);
    c.values = mergeTables(cvals, b, warn);
  } else {
    cvals = trimNilValues(cvals);
    c.values = coalesceTables(cvals, b, warn);
  }
}

function trimNilValues(v: GoMap): GoMap {
  const out = newMap();
  for (const k of Object.keys(v)) {
    const val = v[k];
    if (val === null || val === undefined) continue;
    out[k] = isTable(val) ? trimNilValues(val) : val;
  }
  return out;
}

function processDependencyImportValues(c: Chart, merge: boolean, warn: Warn): void {
  for (const d of c.dependencies) processDependencyImportValues(d, merge, warn);
  processImportValues(c, merge, warn);
}

/**
 * Helm's ProcessDependenciesWithMerge: decide which subcharts are enabled (tags, conditions), apply
 * aliases, and import values. Mutates the chart tree (call on a fresh load or a cloneChartTree copy).
 */
export function processDependencies(chart: Chart, vals: GoMap, warn: Warn = () => {}): void {
  processDependencyEnabled(chart, vals, '', warn);
  processDependencyImportValues(chart, true, warn);
}

/** A copy of a chart tree whose metadata, dependency lists and values can be mutated by processDependencies. */
export function cloneChartTree(chart: Chart, parent?: Chart): Chart {
  const copy = chart.withName(chart.name());
  copy.metadata = { ...chart.metadata, dependencies: chart.metadata.dependencies.map((d) => ({ ...d, tags: [...d.tags], importValues: [...d.importValues] })) };
  copy.parent = parent;
  copy.dependencies = chart.dependencies.map((d) => cloneChartTree(d, copy));
  return copy;
}
