import { judgedWorkloads } from '../../src/rule-support/targets.js';
import { defineCheck, type Problem } from '../../src/engine/api.js';
import type { DocPath } from '../../src/model/types.js';
import {
  autoscalersOf,
  isStatelessService,
  replicaWording,
  SINGLETON_COMPONENT,
  valuesComponentIsStateful,
  workloadNamePath,
} from '../../src/knowledge/kubernetes/availability.js';
import { singletonReason } from '../../src/knowledge/kubernetes/availability.js';
import { containersOf } from '../../src/knowledge/kubernetes/kubernetes.js';
import { datastoreOfValuesPath, findValuesKeys, productionOverride, valuesDocuments } from '../../src/knowledge/charts/helm-values.js';
import { asArray, asDict, getPath, isFalsy, isTruthy, scalarText, intOf } from '../../src/knowledge/data/values.js';
import { platformServices } from '../../src/knowledge/platforms/platforms.js';

/** Resources (cpu / memory) an HPA spec scales on by utilisation. autoscaling/v1 and a v2 HPA without metrics use CPU. */
function utilisationResources(spec: Record<string, unknown>): string[] {
  if (spec.targetCPUUtilizationPercentage !== undefined) return ['cpu'];
  const metrics = asArray(spec.metrics);
  if (spec.metrics === undefined) return ['cpu'];
  const out = new Set<string>();
  for (const m of metrics) {
    const md = asDict(m);
    const type = scalarText(md?.type);
    const res = type === 'Resource' ? asDict(md?.resource) : type === 'ContainerResource' ? asDict(md?.containerResource) : undefined;
    const name = scalarText(res?.name);
    const target = asDict(res?.target);
    const utilisation = target ? scalarText(target.type) === 'Utilization' || target.averageUtilization !== undefined : res?.targetAverageUtilization !== undefined;
    if (name && utilisation) out.add(name);
  }
  return [...out];
}

export default defineCheck({
  kinds: ['kubernetes', 'helm-values', 'platform'],
  acrossUnits: ['autoscalers (HorizontalPodAutoscalers, KEDA ScaledObjects): their target workload and namespace', 'chart values files: autoscaling keys and production overrides'],
  check(ctx) {
    // P: Render services scale with `scaling` (min/max instances on CPU or memory targets).
    for (const s of platformServices(ctx.project)) {
      if (s.platform !== 'render' || s.role === 'cron' || s.role === 'static') continue;
      const target = { doc: s.doc, path: s.path, name: s.name };
      if (s.singleInstance || s.spinsDown) {
        // A free instance cannot scale at all: require-replicas reports the plan.
        ctx.notApplicable(target, s.singleInstance ?? s.spinsDown!.why);
        continue;
      }
      const a = s.autoscaling;
      if (!a) ctx.fail(target, { messageId: 'platformMissing', data: { workload: s.name }, path: s.instances?.defaulted === false ? s.instances.path : s.path });
      else if (a.min !== undefined && a.max !== undefined && a.min >= a.max)
        ctx.fail(target, { messageId: 'platformNoRoom', data: { workload: s.name, min: a.min, max: a.max }, path: a.minPath });
      else ctx.pass(target);
    }

    for (const { w, name, target } of judgedWorkloads(ctx)) {
      const singleton = singletonReason(w);
      if (singleton) {
        ctx.notApplicable(target, singleton);
        continue;
      }
      if (!isStatelessService(w)) {
        ctx.notApplicable(target, 'not a stateless service');
        continue;
      }
      if (intOf(asDict(w.data.spec)?.replicas) === 0) {
        ctx.notApplicable(target, 'scaled to zero on purpose');
        continue;
      }
      const scalers = autoscalersOf(ctx.project, w);
      if (scalers.length === 0) {
        ctx.fail(target, { messageId: 'missing', data: { workload: name, replicas: replicaWording(ctx.project, w).replicas }, path: workloadNamePath(w) });
        continue;
      }
      const problems: Problem[] = [];
      for (const s of scalers) {
        const label = `${s.kind}/${s.object.name}`;
        if (s.min !== undefined && s.max !== undefined && s.min >= s.max) {
          problems.push({ messageId: 'noRoom', data: { autoscaler: label, min: s.min, max: s.max }, doc: s.object.doc, path: s.maxPath });
        }
        if (s.kind !== 'HorizontalPodAutoscaler') continue;
        for (const resource of utilisationResources(asDict(s.object.data.spec) ?? {})) {
          for (const c of containersOf(w)) {
            const requests = asDict(asDict(c.data.resources)?.requests);
            if (requests && requests[resource] !== undefined && requests[resource] !== null) continue;
            problems.push({
              messageId: 'noRequests',
              data: { autoscaler: label, workload: name, resource, container: c.name },
              path: [...c.path, 'resources', 'requests', resource] as DocPath,
            });
          }
        }
      }
      if (problems.length) ctx.fail(target, ...problems);
      else ctx.pass(target);
    }

    // H: `autoscaling.enabled` of a service chart (not a datastore subchart).
    for (const doc of valuesDocuments(ctx.project)) {
      if (ctx.environmentOf(doc) === 'test') continue; // chart CI values
      for (const m of findValuesKeys(doc.data, 'autoscaling', 1)) {
        const a = asDict(m.value);
        if (!a || a.enabled === undefined) continue;
        if (datastoreOfValuesPath(ctx.project, doc, m.path)) continue;
        const target = { doc, path: m.path, name: `values ${m.path.join('.')}` };
        const parent = m.path.slice(0, -1);
        const component = asDict(getPath(doc.data, parent)) ?? {};
        // Singletons, stateful components and reconcilers (`kustomizeController`) are not scaled on load.
        if (SINGLETON_COMPONENT.test(parent.join('.')) || /[a-z]Controller$/.test(String(parent[parent.length - 1] ?? '')) || valuesComponentIsStateful(component)) {
          ctx.notApplicable(target, 'a singleton, reconciler or stateful component');
          continue;
        }
        const enabledPath: DocPath = [...m.path, 'enabled'];
        if (isFalsy(a.enabled)) {
          if (productionOverride(ctx.project, doc, enabledPath, ctx.environmentOf)) {
            ctx.notApplicable(target, 'overridden by a production values file');
            continue;
          }
          ctx.fail(target, { messageId: 'valuesDisabled', data: { key: enabledPath.join('.') }, path: enabledPath });
          continue;
        }
        if (!isTruthy(a.enabled)) continue;
        const min = intOf(a.minReplicas);
        const max = intOf(a.maxReplicas);
        if (min !== undefined && max !== undefined && min >= max) {
          ctx.fail(target, { messageId: 'valuesNoRoom', data: { min, max }, path: [...m.path, 'maxReplicas'] });
        } else ctx.pass(target);
      }
    }
  },
});
