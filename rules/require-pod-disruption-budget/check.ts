import { judgedWorkloads } from '../../src/rule-support/targets.js';
import { defineCheck, type Problem } from '../../src/engine/api.js';
import type { DocPath } from '../../src/model/types.js';
import { intOrPercent, replicaCount, replicaWording, valuesReplicaWording, workloadNamePath } from '../../src/knowledge/kubernetes/availability.js';
import { disruptionBudgetsFor } from '../../src/knowledge/kubernetes/kubernetes.js';
import { findValuesKeys, productionOverride, valuesDocuments } from '../../src/knowledge/charts/helm-values.js';
import { asDict, getPath, isFalsy, isTruthy, scalarText, intOf } from '../../src/knowledge/data/values.js';

const REPLICATED = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

export default defineCheck({
  kinds: ['kubernetes', 'helm-values'],
  acrossUnits: [
    'PodDisruptionBudgets: namespace and selector',
    'autoscalers: minReplicas of the workload (its replica count)',
    'chart values files: PDB and replica keys and production overrides',
  ],
  check(ctx) {
    // K/P: each multi-replica workload has a PDB that still allows an eviction.
    for (const { w, name, target } of judgedWorkloads(ctx)) {
      if (w.batch || !REPLICATED.includes(w.kind)) {
        ctx.notApplicable(target, `${w.kind} needs no PodDisruptionBudget`);
        continue;
      }
      const r = replicaCount(ctx.project, w);
      if (r.count === undefined || r.count < 2) {
        ctx.notApplicable(target, 'single replica');
        continue;
      }
      const pdbs = disruptionBudgetsFor(ctx.project, w);
      if (pdbs.length === 0) {
        ctx.fail(target, { messageId: 'missing', data: { workload: name, ...replicaWording(ctx.project, w) }, path: workloadNamePath(w) });
        continue;
      }
      const problems: Problem[] = [];
      for (const pdb of pdbs) {
        const spec = asDict(pdb.data.spec) ?? {};
        const field = spec.maxUnavailable !== undefined ? 'maxUnavailable' : spec.minAvailable !== undefined ? 'minAvailable' : undefined;
        if (!field) continue;
        const v = intOrPercent(spec[field]);
        if (!v) continue;
        const blocks = field === 'maxUnavailable' ? v.value === 0 : v.percent ? v.value >= 100 : v.value >= r.count;
        if (blocks) {
          const path: DocPath = [...pdb.path, 'spec', field];
          problems.push({
            messageId: 'blocksAll',
            data: { pdb: pdb.name, workload: name, field, value: scalarText(spec[field]) ?? '' },
            doc: pdb.doc,
            path,
          });
        }
      }
      if (problems.length) ctx.fail(target, ...problems);
      else ctx.pass(target);
    }

    // H: a chart's PDB switched off for a service that runs several replicas.
    for (const doc of valuesDocuments(ctx.project)) {
      if (ctx.environmentOf(doc) === 'test') continue; // chart CI values
      for (const key of ['podDisruptionBudget', 'pdb']) {
        for (const m of findValuesKeys(doc.data, key, 1)) {
          const pdb = asDict(m.value);
          if (!pdb) continue;
          const flag = pdb.enabled !== undefined ? 'enabled' : pdb.create !== undefined ? 'create' : undefined;
          const parent = m.path.slice(0, -1);
          const scaling = asDict(getPath(doc.data, [...parent, 'autoscaling']));
          const replicas = scaling && isTruthy(scaling.enabled) ? intOf(scaling.minReplicas) : intOf(getPath(doc.data, [...parent, 'replicaCount']));
          if (!flag || replicas === undefined || replicas < 2) continue;
          const flagPath: DocPath = [...m.path, flag];
          const target = { doc, path: m.path, name: `values ${m.path.join('.')}` };
          if (productionOverride(ctx.project, doc, flagPath, ctx.environmentOf)) {
            ctx.notApplicable(target, 'overridden by a production values file');
            continue;
          }
          if (isFalsy(pdb[flag])) {
            ctx.fail(target, { messageId: 'valuesDisabled', data: { key: flagPath.join('.'), ...valuesReplicaWording(doc.data, parent) }, path: flagPath });
          } else ctx.pass(target);
        }
      }
    }
  },
});
