import { judgedWorkloads } from '../../src/knowledge/availability.js';
import { defineCheck } from '../../src/engine/api.js';
import type { DocPath } from '../../src/model/types.js';
import { replicaCount } from '../../src/knowledge/availability.js';
import { datastoreOfValuesPath, findValuesKeys, productionOverride, valuesDocuments } from '../../src/knowledge/helm-values.js';
import { asArray, asDict, getPath, isTruthy, scalarText, intOf } from '../../src/knowledge/values.js';

const REPLICATED = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];


function hasAntiAffinity(affinity: unknown): boolean {
  const anti = asDict(asDict(affinity)?.podAntiAffinity);
  if (!anti) return false;
  return (
    asArray(anti.requiredDuringSchedulingIgnoredDuringExecution).length > 0 ||
    asArray(anti.preferredDuringSchedulingIgnoredDuringExecution).length > 0
  );
}

export default defineCheck({
  kinds: ['kubernetes', 'helm-values'],
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
      const spread = asArray(w.podSpec.topologySpreadConstraints).length > 0;
      if (spread || hasAntiAffinity(w.podSpec.affinity)) ctx.pass(target);
      else ctx.fail(target, { messageId: 'missing', data: { workload: name, count }, path: [...w.podSpecPath, 'topologySpreadConstraints'] as DocPath });
    }

    // H: a chart exposing `topologySpreadConstraints` left empty, with no anti-affinity, for 2+ replicas.
    for (const doc of valuesDocuments(ctx.project)) {
      if (ctx.environmentOf(doc) === 'test') continue; // chart CI values
      for (const m of findValuesKeys(doc.data, 'topologySpreadConstraints', 1)) {
        if (datastoreOfValuesPath(ctx.project, doc, m.path)) continue;
        const parent = m.path.slice(0, -1);
        const scaling = asDict(getPath(doc.data, [...parent, 'autoscaling']));
        const replicas =
          scaling && isTruthy(scaling.enabled)
            ? intOf(scaling.maxReplicas)
            : intOf(getPath(doc.data, [...parent, 'replicaCount']) ?? getPath(doc.data, [...parent, 'replicas']));
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
        ctx.fail(target, { messageId: 'valuesEmpty', data: { count: replicas }, path: m.path });
      }
    }
  },
});
