// Helm values knowledge for rules that judge values files before (or without) rendering: which
// chart a values file belongs to, which keys configure a datastore subchart, and how values files
// layer (`values.yaml` + `values-prod.yaml`: the production overlay wins for the keys it sets).
//
// Decisions:
// - A values key path belongs to a datastore when one of its segments is a datastore chart name
//   (`postgresql.primary.persistence`, `redis.master.…`) or when the chart itself is a datastore
//   chart (its Chart.yaml `name`).
// - A base `values.yaml` (environment unknown) is overridden for a key when a production or
//   staging values file of the same chart sets that key: the base default is then not what
//   production runs and is not judged.
// - A key inside a block switched off by its sibling `enabled: false` (or `enable: false`), at any
//   level above it (`smtp: {enabled: false, password: …}`), configures a feature the chart does
//   not render. The switch's effective value follows Helm's layering: an overlay's own switch, else
//   its chart's base `values.yaml`; for a base file, a production/staging overlay that sets the
//   switch decides (one that turns the feature on makes the key judged again).

import { posix } from 'node:path';
import type { DocPath, SourceDocument } from '../../model/types.js';
import { memo, type Project } from '../../model/project.js';
import { datastoreForChart, type Datastore } from '../datastores/datastores.js';
import { asDict, getPath, isDict, isFalsy, isTruthy, scalarText } from '../data/values.js';

/**
 * Helm values documents the value-based checks judge: those of charts that were not rendered.
 * Once a chart renders into Kubernetes documents (`origin.chart`), the rendered objects are
 * judged instead and its values files would only repeat the same findings.
 */
export function valuesDocuments(project: Project): SourceDocument[] {
  return valuesIndex(project).judged;
}

interface ValuesIndex {
  /** valuesDocuments(): the values files of charts that were not rendered. */
  judged: SourceDocument[];
  /** Of those, by chart root. */
  judgedByChart: Map<string, SourceDocument[]>;
  /** Every chart's base values.yaml, by chart root. */
  baseByChart: Map<string, SourceDocument>;
}

// Built once per project: rules ask these questions per values key, and a scan of the project
// per question made large repositories quadratic.

/** Chart.yaml documents by path (the first of each). */
function chartFiles(project: Project): Map<string, SourceDocument> {
  return memo(project, 'charts.chartFiles', () => {
    const files = new Map<string, SourceDocument>();
    for (const d of project.ofKind('helm-chart')) if (!files.has(d.file.path)) files.set(d.file.path, d);
    return files;
  });
}

function valuesIndex(project: Project): ValuesIndex {
  return memo(project, 'charts.valuesIndex', () => buildValuesIndex(project));
}

function buildValuesIndex(project: Project): ValuesIndex {
  const index: ValuesIndex = { judged: [], judgedByChart: new Map(), baseByChart: new Map() };
  const rendered = new Set<string>();
  for (const d of project.ofKind('kubernetes')) if (d.origin) rendered.add(d.origin.chart);
  for (const doc of project.ofKind('helm-values')) {
    const root = doc.file.chartRoot;
    if (root !== undefined && isBaseValues(doc) && !index.baseByChart.has(root)) index.baseByChart.set(root, doc);
    const judged =
      rendered.size === 0 ||
      root === undefined ||
      (!rendered.has(root === '' ? '.' : root) && !rendered.has(root) && !rendered.has(posix.basename(root)) && !rendered.has(chartNameOf(project, doc) ?? '\u0000'));
    if (!judged) continue;
    index.judged.push(doc);
    if (root !== undefined) {
      const list = index.judgedByChart.get(root);
      if (list) list.push(doc);
      else index.judgedByChart.set(root, [doc]);
    }
  }
  return index;
}

/** The chart name (Chart.yaml `name`, else the chart folder name) a values file belongs to. */
export function chartNameOf(project: Project, doc: SourceDocument): string | undefined {
  const root = doc.file.chartRoot;
  if (root === undefined) return undefined;
  const chartDoc = chartFiles(project).get(posix.join(root, 'Chart.yaml'));
  return scalarText(asDict(chartDoc?.data)?.name) ?? posix.basename(root);
}

/** The datastore a chart is (by Chart.yaml name), if any. */
function chartDatastore(project: Project, doc: SourceDocument): Datastore | undefined {
  return datastoreForChart(chartNameOf(project, doc));
}

/** The datastore a values key path configures: a segment naming a datastore chart, else the chart itself. */
export function datastoreOfValuesPath(project: Project, doc: SourceDocument, path: DocPath): Datastore | undefined {
  for (const seg of path) {
    if (typeof seg !== 'string') continue;
    const ds = datastoreForChart(seg);
    if (ds) return ds;
  }
  return chartDatastore(project, doc);
}

/** Is this the base values file of its chart (`<chart>/values.yaml`)? */
function isBaseValues(doc: SourceDocument): boolean {
  const root = doc.file.chartRoot;
  return root !== undefined && (doc.file.path === posix.join(root, 'values.yaml') || doc.file.path === posix.join(root, 'values.yml'));
}

/** For a base values file: the production/staging overlays of the same chart (they win over it). */
function productionOverlays(project: Project, doc: SourceDocument, environmentOf: (d: SourceDocument) => string): SourceDocument[] {
  if (!isBaseValues(doc)) return [];
  return (valuesIndex(project).judgedByChart.get(doc.file.chartRoot!) ?? []).filter(
    (other) => other !== doc && (other.file.environment === 'production' || other.file.environment === 'staging') && environmentOf(other) !== 'development',
  );
}

/**
 * For a base values file: the production/staging overlay of the same chart that sets the key
 * path, if any (the overlay decides what production runs, so the base default is not judged).
 */
export function productionOverride(project: Project, doc: SourceDocument, path: DocPath, environmentOf: (d: SourceDocument) => string): SourceDocument | undefined {
  return productionOverlays(project, doc, environmentOf).find((other) => getPath(other.data, path) !== undefined);
}

/** The base `values.yaml` of the chart an overlay values file belongs to. */
function baseValuesOf(project: Project, doc: SourceDocument): SourceDocument | undefined {
  if (doc.file.chartRoot === undefined || isBaseValues(doc)) return undefined;
  return valuesIndex(project).baseByChart.get(doc.file.chartRoot);
}

const FEATURE_SWITCHES = ['enabled', 'enable'];

/**
 * For one values document: a function giving, for a key path, the path of the `enabled: false`
 * switch that turns off the feature the key belongs to, or undefined when no enclosing block is
 * switched off (see the decisions above for layering). Built once per document: finding its
 * overlays walks the project.
 */
export function disabledFeatureSwitches(project: Project, doc: SourceDocument, environmentOf: (d: SourceDocument) => string): (path: DocPath) => DocPath | undefined {
  const overlays = productionOverlays(project, doc, environmentOf);
  const base = baseValuesOf(project, doc);
  return (path) => {
    // Rules ask this of every setting of a values file: each tree is walked along the path once,
    // and a switch is read from the block it is in (as getPath(tree, [...block, name]) would).
    const own = blocksAlong(doc.data, path);
    const inBase = base ? blocksAlong(base.data, path) : undefined;
    const inOverlays = overlays.map((o) => blocksAlong(o.data, path));
    const switchedOff = (depth: number, name: string): boolean => {
      let set = false;
      let off = false;
      for (const blocks of inOverlays) {
        const v = switchIn(blocks[depth], name);
        if (v === undefined) continue;
        if (isTruthy(v)) return false;
        set = true;
        off ||= isFalsy(v);
      }
      if (set) return off;
      return isFalsy(switchIn(own[depth], name) ?? (inBase ? switchIn(inBase[depth], name) : undefined));
    };
    // Every enclosing block, innermost first; the root's own switch is not a feature's.
    for (let depth = path.length - 1; depth >= 1; depth--) {
      for (const name of FEATURE_SWITCHES) {
        if (depth === path.length - 1 && path[depth] === name) continue; // the key is the switch itself
        if (switchedOff(depth, name)) return [...path.slice(0, depth), name];
      }
    }
    return undefined;
  };
}

/** The nodes at each prefix of a path in a tree (index d: the node at path.slice(0, d)), read as getPath reads them. */
function blocksAlong(root: unknown, path: DocPath): unknown[] {
  const nodes: unknown[] = [root];
  let cur: unknown = root;
  for (const seg of path) {
    cur = typeof seg === 'number' ? (Array.isArray(cur) ? cur[seg] : undefined) : isDict(cur) ? cur[seg] : undefined;
    nodes.push(cur);
  }
  return nodes;
}

/** A switch's value in a block: getPath(block, [name]). */
const switchIn = (block: unknown, name: string): unknown => (isDict(block) ? block[name] : undefined);

interface ValuesMatch {
  path: DocPath;
  value: unknown;
}

/** Every mapping key named `key` (exact) in a values document, up to `maxDepth` parents deep. */
export function findValuesKeys(data: unknown, key: string | RegExp, maxDepth = 4): ValuesMatch[] {
  const out: ValuesMatch[] = [];
  // Rules ask several keys of every values document: one path stack, copied only for a match.
  const path: string[] = [];
  const visit = (node: unknown): void => {
    if (!isDict(node) || path.length > maxDepth) return;
    for (const k in node) {
      const v = node[k];
      const hit = typeof key === 'string' ? k === key : key.test(k);
      if (hit) out.push({ path: [...path, k], value: v });
      path.push(k);
      visit(v);
      path.pop();
    }
  };
  visit(data);
  return out;
}
