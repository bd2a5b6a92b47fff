import { defineCheck } from '../../src/engine/api.js';
import type { DocPath } from '../../src/model/types.js';
import {
  isStatelessService,
  replicaCount,
  replicaWording,
  SINGLETON_COMPONENT,
  valuesComponentIsStateful,
  workloadTargetName,
} from '../../src/knowledge/kubernetes/availability.js';
import { isPatchFragment, productionReplicaPatch, singletonReason } from '../../src/knowledge/kubernetes/availability.js';
import { workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { chartNameOf, datastoreOfValuesPath, findValuesKeys, productionOverride, valuesDocuments } from '../../src/knowledge/charts/helm-values.js';
import { asDict, getPath, isTruthy, intOf } from '../../src/knowledge/data/values.js';
import { PLATFORM_NAMES, platformServices } from '../../src/knowledge/platforms/platforms.js';

export default defineCheck<'require-replicas'>({
  kinds: ['kubernetes', 'helm-values', 'platform'],
  acrossUnits: [
    'autoscalers: minReplicas of the workload',
    'kustomize patches: replica counts of production overlays',
    'chart values files: replica keys and production overrides',
  ],
  check(ctx) {
    const min = ctx.options.minReplicas;

    // K: stateless services (Deployments & co. that run no datastore).
    for (const w of workloads(ctx.project)) {
      const name = workloadTargetName(w);
      const target = { doc: w.doc, path: w.path, name };
      if (isPatchFragment(w)) {
        // A patch that sets replicas is judged (its base is, when it is not a stateless service).
        const base = workloads(ctx.project).find((o) => o !== w && o.kind === w.kind && o.name === w.name && !isPatchFragment(o));
        if (asDict(w.data.spec)?.replicas === undefined || (base && !isStatelessService(base))) {
          ctx.notApplicable(target, 'a Kustomize patch; judged through its base');
          continue;
        }
      }
      if (w.batch) {
        ctx.notApplicable(target, `${w.kind} runs to completion`);
        continue;
      }
      const singleton = singletonReason(w);
      if (singleton) {
        ctx.notApplicable(target, singleton);
        continue;
      }
      if (!isStatelessService(w)) {
        ctx.notApplicable(target, `${w.kind} is not a stateless service`);
        continue;
      }
      const patch = productionReplicaPatch(ctx.project, w, ctx.environmentOf);
      if (patch) {
        ctx.notApplicable(target, `replicas set for production in ${patch.doc.file.path}`);
        continue;
      }
      const r = replicaCount(ctx.project, w);
      if (r.count === undefined || r.count === 0) {
        ctx.notApplicable(target, r.count === 0 ? 'scaled to zero on purpose' : 'replica count not known');
        continue;
      }
      if (r.count >= min) {
        ctx.pass(target);
        continue;
      }
      if (r.autoscaler) {
        ctx.fail(target, {
          messageId: 'autoscalerFloor',
          data: { workload: name, autoscaler: `${r.autoscaler.kind}/${r.autoscaler.object.name}`, count: r.count, min, replicas: replicaWording(ctx.project, w).replicas },
          doc: r.autoscaler.object.doc,
          path: r.path,
        });
      } else if (r.source === 'default') {
        ctx.fail(target, { messageId: 'defaultOne', data: { workload: name, min }, path: r.path });
      } else {
        ctx.fail(target, { messageId: 'tooFew', data: { workload: name, count: r.count, min }, path: r.path });
      }
    }

    // P: platform services (Render web and private services and workers, Fly.io apps, Railway services).
    for (const s of platformServices(ctx.project)) {
      const target = { doc: s.doc, path: s.path, name: s.name };
      if (s.role === 'cron' || s.role === 'static') {
        ctx.notApplicable(target, s.role === 'cron' ? 'a cron job runs to completion' : 'a static site is served by the platform');
        continue;
      }
      if (s.singleInstance) {
        ctx.notApplicable(target, s.singleInstance);
        continue;
      }
      if (s.spinsDown) {
        ctx.fail(target, { messageId: 'spinsDown', data: { workload: s.name, why: s.spinsDown.why, min }, path: s.spinsDown.path });
        continue;
      }
      if (s.autoscaling) {
        const floor = s.autoscaling.min ?? 1;
        if (floor >= min) ctx.pass(target);
        else
          ctx.fail(target, {
            messageId: 'platformFloor',
            data: { workload: s.name, count: floor, min },
            path: s.autoscaling.min === undefined ? s.autoscaling.path : s.autoscaling.minPath,
          });
        continue;
      }
      if (!s.instances) {
        ctx.notApplicable(target, `the instance count is set outside the ${PLATFORM_NAMES[s.platform]} file`);
        continue;
      }
      if (s.instances.count === 0) ctx.notApplicable(target, 'scaled to zero on purpose');
      else if (s.instances.count >= min) ctx.pass(target);
      else if (s.instances.defaulted) ctx.fail(target, { messageId: 'platformDefaultOne', data: { workload: s.name, min }, path: s.instances.path });
      else ctx.fail(target, { messageId: 'tooFew', data: { workload: s.name, count: s.instances.count, min }, path: s.instances.path });
    }

    // H: replica values (`replicaCount`, `<component>.replicaCount`, `replicas`) of services, not datastores.
    for (const doc of valuesDocuments(ctx.project)) {
      if (ctx.environmentOf(doc) === 'test') continue; // chart CI values
      const matches = [...findValuesKeys(doc.data, 'replicaCount', 1), ...findValuesKeys(doc.data, 'replicas', 1)];
      for (const m of matches) {
        const count = intOf(m.value);
        if (count === undefined) continue;
        const parent: DocPath = m.path.slice(0, -1);
        if (datastoreOfValuesPath(ctx.project, doc, m.path)) continue;
        const key = m.path.join('.');
        const target = { doc, path: m.path, name: `values ${key}` };
        const component = asDict(getPath(doc.data, parent)) ?? {};
        const chart = chartNameOf(ctx.project, doc) ?? '';
        if (SINGLETON_COMPONENT.test(parent.join('.')) || (parent.length === 0 && SINGLETON_COMPONENT.test(chart)) || valuesComponentIsStateful(component)) {
          ctx.notApplicable(target, 'a singleton or stateful component');
          continue;
        }
        if (count === 0) {
          ctx.notApplicable(target, 'scaled to zero on purpose');
          continue;
        }
        if (productionOverride(ctx.project, doc, m.path, ctx.environmentOf)) {
          ctx.notApplicable(target, 'overridden by a production values file');
          continue;
        }
        const scaling = asDict(getPath(doc.data, [...parent, 'autoscaling'])) ?? asDict(getPath(doc.data, [...parent, 'hpa']));
        if (scaling && isTruthy(scaling.enabled)) {
          const floor = scaling.minReplicas === undefined ? undefined : intOf(scaling.minReplicas);
          if (floor === undefined || floor >= min) ctx.pass(target);
          else {
            const scalingKey = asDict(getPath(doc.data, [...parent, 'autoscaling'])) ? 'autoscaling' : 'hpa';
            const at: DocPath = [...parent, scalingKey, 'minReplicas'];
            ctx.fail(target, { messageId: 'valuesTooFew', data: { key: at.join('.'), count: floor, min }, path: at });
          }
          continue;
        }
        if (count >= min) ctx.pass(target);
        else ctx.fail(target, { messageId: 'valuesTooFew', data: { key, count, min }, path: m.path });
      }
    }
  },
});
