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

import { posix } from 'node:path';
import type { DocPath, SourceDocument } from '../model/types.js';
import type { Project } from '../model/project.js';
import { datastoreForChart, type Datastore } from './datastores.js';
import { asDict, getPath, isDict, scalarText } from './values.js';

/**
 * Helm values documents the value-based checks judge: those of charts that were not rendered.
 * Once a chart renders into Kubernetes documents (`origin.chart`), the rendered objects are
 * judged instead and its values files would only repeat the same findings.
 */
export function valuesDocuments(project: Project): SourceDocument[] {
  const rendered = new Set<string>();
  for (const d of project.ofKind('kubernetes')) if (d.origin) rendered.add(d.origin.chart);
  if (rendered.size === 0) return project.ofKind('helm-values');
  return project.ofKind('helm-values').filter((doc) => {
    const root = doc.file.chartRoot;
    if (root === undefined) return true;
    return !rendered.has(root === '' ? '.' : root) && !rendered.has(root) && !rendered.has(posix.basename(root)) && !rendered.has(chartNameOf(project, doc) ?? '\u0000');
  });
}

/** The chart name (Chart.yaml `name`, else the chart folder name) a values file belongs to. */
export function chartNameOf(project: Project, doc: SourceDocument): string | undefined {
  const root = doc.file.chartRoot;
  if (root === undefined) return undefined;
  const chartFile = posix.join(root, 'Chart.yaml');
  const chartDoc = project.ofKind('helm-chart').find((d) => d.file.path === chartFile);
  return scalarText(asDict(chartDoc?.data)?.name) ?? posix.basename(root);
}

/** The datastore a chart is (by Chart.yaml name), if any. */
export function chartDatastore(project: Project, doc: SourceDocument): Datastore | undefined {
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
export function isBaseValues(doc: SourceDocument): boolean {
  const root = doc.file.chartRoot;
  return root !== undefined && (doc.file.path === posix.join(root, 'values.yaml') || doc.file.path === posix.join(root, 'values.yml'));
}

/**
 * For a base values file: the production/staging overlay of the same chart that sets the key
 * path, if any (the overlay decides what production runs, so the base default is not judged).
 */
export function productionOverride(
  project: Project,
  doc: SourceDocument,
  path: DocPath,
  environmentOf: (d: SourceDocument) => string,
): SourceDocument | undefined {
  if (!isBaseValues(doc)) return undefined;
  return valuesDocuments(project).find(
    (other) =>
      other !== doc &&
      other.file.chartRoot === doc.file.chartRoot &&
      (other.file.environment === 'production' || other.file.environment === 'staging') &&
      environmentOf(other) !== 'development' &&
      getPath(other.data, path) !== undefined,
  );
}

export interface ValuesMatch {
  path: DocPath;
  value: unknown;
}

/** Every mapping key named `key` (exact) in a values document, up to `maxDepth` parents deep. */
export function findValuesKeys(data: unknown, key: string | RegExp, maxDepth = 4): ValuesMatch[] {
  const out: ValuesMatch[] = [];
  const visit = (node: unknown, path: DocPath): void => {
    if (!isDict(node) || path.length > maxDepth) return;
    for (const [k, v] of Object.entries(node)) {
      const hit = typeof key === 'string' ? k === key : key.test(k);
      if (hit) out.push({ path: [...path, k], value: v });
      visit(v, [...path, k]);
    }
  };
  visit(data, []);
  return out;
}
