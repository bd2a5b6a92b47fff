import { replicaWording, valuesReplicaWording } from '../../src/knowledge/kubernetes/availability.js';
import { judgedWorkloads } from '../../src/rule-support/targets.js';
import { defineCheck } from '../../src/engine/api.js';
import type { DocPath } from '../../src/model/types.js';
import { replicaCount } from '../../src/knowledge/kubernetes/availability.js';
import { termSelectsOwnPods, type TermSelection, type Workload } from '../../src/knowledge/kubernetes/kubernetes.js';
import type { Project } from '../../src/model/project.js';
import { datastoreOfValuesPath, findValuesKeys, productionOverride, valuesDocuments } from '../../src/knowledge/charts/helm-values.js';
import { asArray, asDict, getPath, isTruthy, scalarText, intOf } from '../../src/knowledge/data/values.js';

const REPLICATED = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

/** Values side: any anti-affinity rule (the chart's pod labels are not known from values alone). */
function hasAntiAffinity(affinity: unknown): boolean {
  const anti = asDict(asDict(affinity)?.podAntiAffinity);
  if (!anti) return false;
  return asArray(anti.requiredDuringSchedulingIgnoredDuringExecution).length > 0 || asArray(anti.preferredDuringSchedulingIgnoredDuringExecution).length > 0;
}

/**
 * Every spreading term of the pod template — topology spread constraints, required and preferred
 * pod anti-affinity terms — with whether it counts the workload's own pods, as the scheduler reads it.
 */
function spreadingTerms(project: Project, w: Workload): { what: string; selection: TermSelection }[] {
  const out: { what: string; selection: TermSelection }[] = [];
  asArray(w.podSpec.topologySpreadConstraints).forEach((c, i) => {
    const term = asDict(c);
    const path: DocPath = [...w.podSpecPath, 'topologySpreadConstraints', i];
    if (term) out.push({ what: 'topologySpreadConstraints entry', selection: termSelectsOwnPods(project, w, term, path, { spread: true }) });
  });
  const anti = asDict(asDict(w.podSpec.affinity)?.podAntiAffinity);
  const base: DocPath = [...w.podSpecPath, 'affinity', 'podAntiAffinity'];
  asArray(anti?.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
    const term = asDict(t);
    const path: DocPath = [...base, 'requiredDuringSchedulingIgnoredDuringExecution', i];
    if (term) out.push({ what: 'required podAntiAffinity term', selection: termSelectsOwnPods(project, w, term, path) });
  });
  asArray(anti?.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
    const term = asDict(asDict(t)?.podAffinityTerm);
    const path: DocPath = [...base, 'preferredDuringSchedulingIgnoredDuringExecution', i, 'podAffinityTerm'];
    if (term) out.push({ what: 'preferred podAntiAffinity term', selection: termSelectsOwnPods(project, w, term, path) });
    else out.push({ what: 'preferred podAntiAffinity term', selection: { ownPods: false, reason: 'has no podAffinityTerm', path: path.slice(0, -1) } });
  });
  return out;
}

export default defineCheck({
  kinds: ['kubernetes', 'helm-values'],
  acrossUnits: ['autoscalers: minReplicas of the workload (its replica count)', 'chart values files: topology keys and production overrides'],
  check(ctx) {
    for (const { w, name, target } of judgedWorkloads(ctx)) {
      if (w.batch || !REPLICATED.includes(w.kind)) {
        ctx.notApplicable(target, `${w.kind} is not a replicated workload`);
        continue;
      }
      const r = replicaCount(ctx.project, w);
      const max = r.autoscaler?.max;
      const count = Math.max(r.count ?? 0, max ?? 0);
      if (count < 2) {
        ctx.notApplicable(target, 'single replica');
        continue;
      }
      const terms = spreadingTerms(ctx.project, w);
      if (terms.some((t) => t.selection.ownPods)) {
        ctx.pass(target);
        continue;
      }
      const data = { workload: name, ...replicaWording(ctx.project, w) };
      const miss = terms[0];
      if (miss) ctx.fail(target, { messageId: 'notOwnPods', data: { ...data, term: miss.what, reason: miss.selection.reason ?? '' }, path: miss.selection.path });
      else ctx.fail(target, { messageId: 'missing', data, path: [...w.podSpecPath, 'topologySpreadConstraints'] as DocPath });
    }

    // H: a chart exposing `topologySpreadConstraints` left empty, with no anti-affinity, for 2+ replicas.
    for (const doc of valuesDocuments(ctx.project)) {
      if (ctx.environmentOf(doc) === 'test') continue; // chart CI values
      for (const m of findValuesKeys(doc.data, 'topologySpreadConstraints', 1)) {
        if (datastoreOfValuesPath(ctx.project, doc, m.path)) continue;
        const parent = m.path.slice(0, -1);
        const scaling = asDict(getPath(doc.data, [...parent, 'autoscaling']));
        const replicas =
          scaling && isTruthy(scaling.enabled) ? intOf(scaling.maxReplicas) : intOf(getPath(doc.data, [...parent, 'replicaCount']) ?? getPath(doc.data, [...parent, 'replicas']));
        if (replicas === undefined || replicas < 2) continue;
        const target = { doc, path: m.path, name: `values ${m.path.join('.')}` };
        const preset = scalarText(getPath(doc.data, [...parent, 'podAntiAffinityPreset']));
        const ok = asArray(m.value).length > 0 || hasAntiAffinity(getPath(doc.data, [...parent, 'affinity'])) || preset === 'soft' || preset === 'hard';
        if (ok) {
          ctx.pass(target);
          continue;
        }
        if (productionOverride(ctx.project, doc, m.path, ctx.environmentOf)) {
          ctx.notApplicable(target, 'overridden by a production values file');
          continue;
        }
        ctx.fail(target, { messageId: 'valuesEmpty', data: valuesReplicaWording(doc.data, parent), path: m.path });
      }
    }
  },
});
