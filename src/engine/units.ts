// The units a run judges and could release one at a time (issue 18): a chart (its files and
// renderings), a compose model (its chain of files), a kustomize build, a kustomization with the
// patch files judged through it, or else one file. A rule that reads only the unit it judges
// records the same on each unit alone as on the whole project; the others declare what they read
// across units (RuleCheck.acrossUnits), measured by scripts/rule-scope.mjs.

import { posix } from 'node:path';
import type { Project } from '../model/project.js';
import type { SourceDocument } from '../model/types.js';

/** The project's documents grouped by unit, units in the order their first document comes. */
export function unitsOf(project: Project): Map<string, SourceDocument[]> {
  const unitOf = unitNamer(project);
  const units = new Map<string, SourceDocument[]>();
  for (const doc of project.documents) {
    const key = unitOf(doc);
    let list = units.get(key);
    if (!list) units.set(key, (list = []));
    list.push(doc);
  }
  return units;
}

/** Names the unit a document is judged in. */
export function unitNamer(project: Project): (doc: SourceDocument) => string {
  // A kustomization's patch files are judged through it (knowledge/kubernetes kustomizePatchFiles):
  // one unit with the kustomization's own file.
  const kustomizationUnitOf = new Map<string, string>();
  for (const doc of project.ofKind<Record<string, unknown>>('kubernetes')) {
    const data = doc.data;
    if (data?.kind !== 'Kustomization' || typeof data.apiVersion !== 'string' || !data.apiVersion.startsWith('kustomize.config.k8s.io')) continue;
    const dir = posix.dirname(doc.file.path);
    const unit = `kustomization ${dir}`;
    kustomizationUnitOf.set(doc.file.path, unit);
    const add = (p: unknown) => {
      if (typeof p === 'string' && !p.includes('\n') && /\.ya?ml$|\.json$/i.test(p)) kustomizationUnitOf.set(posix.normalize(posix.join(dir, p)), unit);
    };
    const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
    list(data.patchesStrategicMerge).forEach(add);
    for (const field of ['patches', 'patchesJson6902']) list(data[field]).forEach((p) => add((p as { path?: unknown } | null)?.path));
  }
  return (doc) => {
    if (doc.origin) return `chart ${doc.origin.chart}`;
    if (doc.file.chartRoot !== undefined) return `chart ${doc.file.chartRoot === '' ? '.' : doc.file.chartRoot}`;
    if (doc.composeModel) return `compose ${doc.composeModel.files.join(' + ')} (${doc.composeModel.environment})`;
    if (doc.kustomize) return `kustomize ${doc.kustomize.root}`;
    return kustomizationUnitOf.get(doc.file.path) ?? `file ${doc.file.path}`;
  };
}
