import { judgedWorkloads } from '../../src/rule-support/targets.js';
import { defineCheck, type Problem } from '../../src/engine/api.js';
import type { DocPath } from '../../src/model/types.js';
import { intOrPercent, mountsClaim, replicaCount, SINGLETON_COMPONENT, valuesComponentIsStateful, workloadDatastore } from '../../src/knowledge/kubernetes/availability.js';
import { isSingletonWorkload } from '../../src/knowledge/kubernetes/availability.js';
import { chartNameOf, datastoreOfValuesPath, findValuesKeys, productionOverride, valuesDocuments } from '../../src/knowledge/charts/helm-values.js';
import { asDict, getPath, scalarText } from '../../src/knowledge/data/values.js';
import { platformServices, PROTECTED_BRANCH } from '../../src/knowledge/platforms/platforms.js';

export default defineCheck({
  kinds: ['kubernetes', 'helm-values', 'platform'],
  check(ctx) {
    // P: how a platform service takes a new version (Render): migrations belong in the one-off
    // pre-deploy step, and production deploys automatically only from a protected branch.
    for (const s of platformServices(ctx.project)) {
      if (!s.rollout) continue;
      const target = { doc: s.doc, path: s.path, name: s.name };
      const problems: Problem[] = [];
      const migration = s.rollout.migrationOnStart;
      if (migration) problems.push({ messageId: 'migrationOnStart', data: { service: s.name, tool: migration.tool }, path: migration.path });
      const auto = s.rollout.autoDeployBranch;
      if (auto && ctx.environmentOf(s.doc, s.path) === 'production' && !PROTECTED_BRANCH.test(auto.branch)) {
        problems.push({ messageId: 'autoDeployBranch', data: { service: s.name, branch: auto.branch }, path: auto.path });
      }
      if (problems.length) ctx.fail(target, ...problems);
      else ctx.pass(target);
    }
    for (const { w, name, target } of judgedWorkloads(ctx)) {
      if (w.batch || w.kind === 'Pod' || w.kind === 'ReplicaSet' || w.kind === 'ReplicationController') {
        ctx.notApplicable(target, `${w.kind} has no rollout strategy`);
        continue;
      }
      const spec = asDict(w.data.spec) ?? {};
      const specPath: DocPath = [...w.path, 'spec'];
      const problems: Problem[] = [];
      if (w.kind === 'Deployment') {
        const strategy = asDict(spec.strategy) ?? {};
        const type = scalarText(strategy.type);
        const stateful = workloadDatastore(w) !== undefined || mountsClaim(w) || isSingletonWorkload(w);
        if (type === 'Recreate' && !stateful) {
          problems.push({ messageId: 'recreate', data: { workload: name }, path: [...specPath, 'strategy', 'type'] });
        }
        if (type !== 'Recreate') {
          const raw = asDict(strategy.rollingUpdate)?.maxUnavailable;
          const v = intOrPercent(raw);
          const count = replicaCount(ctx.project, w).count;
          if (v && (v.percent ? v.value >= 100 : count !== undefined && count > 0 && v.value >= count)) {
            problems.push({
              messageId: 'allUnavailable',
              data: { workload: name, value: scalarText(raw) ?? '', count: count ?? '?' },
              path: [...specPath, 'strategy', 'rollingUpdate', 'maxUnavailable'],
            });
          }
        }
      }
      if (w.kind === 'DaemonSet') {
        const raw = asDict(asDict(spec.updateStrategy)?.rollingUpdate)?.maxUnavailable;
        const v = intOrPercent(raw);
        if (v?.percent && v.value >= 100) {
          problems.push({
            messageId: 'allUnavailable',
            data: { workload: name, value: scalarText(raw) ?? '', count: 'all' },
            path: [...specPath, 'updateStrategy', 'rollingUpdate', 'maxUnavailable'],
          });
        }
      }
      const history = spec.revisionHistoryLimit;
      if (history === 0 || history === '0') {
        problems.push({ messageId: 'noHistory', data: { workload: name }, path: [...specPath, 'revisionHistoryLimit'] });
      }
      if (problems.length) ctx.fail(target, ...problems);
      else ctx.pass(target);
    }

    // H: strategy and history values of a service chart.
    for (const doc of valuesDocuments(ctx.project)) {
      if (ctx.environmentOf(doc) === 'test') continue; // chart CI values
      const checks: { path: DocPath; bad: boolean; messageId: string }[] = [];
      for (const m of [...findValuesKeys(doc.data, 'strategy', 1), ...findValuesKeys(doc.data, 'updateStrategy', 1), ...findValuesKeys(doc.data, 'deploymentStrategy', 1)]) {
        const type = scalarText(asDict(m.value)?.type);
        if (type === undefined) continue;
        checks.push({ path: [...m.path, 'type'], bad: type === 'Recreate', messageId: 'valuesRecreate' });
      }
      for (const m of findValuesKeys(doc.data, 'revisionHistoryLimit', 1)) {
        if (scalarText(m.value) === undefined) continue;
        checks.push({ path: m.path, bad: scalarText(m.value) === '0', messageId: 'valuesNoHistory' });
      }
      for (const c of checks) {
        if (datastoreOfValuesPath(ctx.project, doc, c.path)) continue;
        // Singletons (compactors, operators, Pushgateway) and components with a volume need Recreate.
        const componentPath = c.path.slice(0, c.messageId === 'valuesRecreate' ? -2 : -1);
        const component = asDict(getPath(doc.data, componentPath)) ?? {};
        const chart = chartNameOf(ctx.project, doc) ?? '';
        if (
          c.bad &&
          (SINGLETON_COMPONENT.test(componentPath.join('.')) || (componentPath.length === 0 && SINGLETON_COMPONENT.test(chart)) || valuesComponentIsStateful(component))
        ) {
          ctx.notApplicable({ doc, path: c.path, name: `values ${c.path.join('.')}` }, 'singleton or stateful component');
          continue;
        }
        const key = c.path.join('.');
        const target = { doc, path: c.path, name: `values ${key}` };
        if (!c.bad) {
          ctx.pass(target);
          continue;
        }
        if (productionOverride(ctx.project, doc, c.path, ctx.environmentOf)) {
          ctx.notApplicable(target, 'overridden by a production values file');
          continue;
        }
        ctx.fail(target, { messageId: c.messageId, data: { key }, path: c.path });
      }
    }
  },
});
