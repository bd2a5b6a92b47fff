import { defineCheck, type ProblemOf } from '../../src/engine/api.js';
import type { DocPath } from '../../src/model/types.js';
import { containersOf, containerTargetName, kubernetesObjects, sameNamespace, workloads, type K8sObject } from '../../src/knowledge/kubernetes/kubernetes.js';
import { composeServices } from '../../src/knowledge/compose/compose.js';
import { asArray, asDict, getPath, scalarText } from '../../src/knowledge/data/values.js';
import { ecsContainers, ecsField } from '../../src/knowledge/platforms/platforms.js';

/** Container defaults a LimitRange gives in a namespace: which of requests/limits × cpu/memory it fills. */
function limitRangeDefaults(ranges: K8sObject[], namespace: string | undefined): Set<string> {
  const filled = new Set<string>();
  for (const lr of ranges) {
    if (!sameNamespace(lr.namespace, namespace)) continue;
    for (const item of asArray(asDict(lr.data.spec)?.limits)) {
      const d = asDict(item);
      if (!d || (scalarText(d.type) ?? 'Container') !== 'Container') continue;
      for (const res of ['cpu', 'memory']) {
        if (asDict(d.default)?.[res] !== undefined) {
          filled.add(`limits.${res}`);
          filled.add(`requests.${res}`); // defaultRequest falls back to default
        }
        if (asDict(d.defaultRequest)?.[res] !== undefined) filled.add(`requests.${res}`);
      }
    }
  }
  return filled;
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && scalarText(v) !== '';
}

export default defineCheck<'require-resource-limits'>({
  kinds: ['kubernetes', 'compose', 'platform'],
  check(ctx) {
    const requireCpuLimit = ctx.options.requireCpuLimit;
    const limitRanges = kubernetesObjects(ctx.project).filter((o) => o.kind === 'LimitRange');
    // K: requests.cpu, requests.memory and limits.memory on every container (limits.cpu by option).
    for (const w of workloads(ctx.project)) {
      const defaults = limitRangeDefaults(limitRanges, w.namespace);
      // Regular containers and native sidecars (init containers with restartPolicy Always) run for the pod's lifetime.
      for (const c of containersOf(w, ['container', 'init']).filter((x) => x.role === 'container' || x.sidecar)) {
        const target = { doc: w.doc, path: c.path, name: containerTargetName(c) };
        const resources = c.data.resources;
        const needed = ['requests.cpu', 'requests.memory', 'limits.memory', ...(requireCpuLimit ? ['limits.cpu'] : [])];
        // A request left out while the limit for the same resource is set defaults to that limit
        // (Kubernetes copies it at admission), so it is set in effect.
        const isSet = (n: string) =>
          present(getPath(resources, n.split('.'))) || (n.startsWith('requests.') && present(getPath(resources, ['limits', n.slice('requests.'.length)])));
        const missing = needed.filter((n) => !isSet(n) && !defaults.has(n));
        if (missing.length === 0) {
          ctx.pass(target);
          continue;
        }
        const resPath: DocPath = [...c.path, 'resources'];
        if (asDict(resources) === undefined || Object.keys(asDict(resources)!).length === 0) {
          ctx.fail(target, { messageId: 'k8sNoResources', data: { container: c.name, missing: missing.join(', ') }, path: resPath });
          continue;
        }
        ctx.fail(
          target,
          ...missing.map((m): ProblemOf<'require-resource-limits'> => ({
            messageId: 'k8sMissing',
            data: { container: c.name, field: `resources.${m}` },
            path: [...resPath, ...m.split('.')],
          })),
        );
      }
    }
    // P: ECS container definitions: `memory` / `memoryReservation`, or the task's own size (Fargate).
    for (const c of ecsContainers(ctx.project)) {
      const target = { doc: c.doc, path: c.path, name: c.name };
      const task = (k: string) => present(c.task[c.pascal ? k[0]!.toUpperCase() + k.slice(1) : k]);
      const memory = present(ecsField(c, 'memory').value) || present(ecsField(c, 'memoryReservation').value) || task('memory');
      const cpu = present(ecsField(c, 'cpu').value) || task('cpu');
      const problems: ProblemOf<'require-resource-limits'>[] = [];
      if (!memory) problems.push({ messageId: 'ecsMemory', data: { container: c.containerName }, path: c.path });
      if (requireCpuLimit && !cpu) problems.push({ messageId: 'ecsCpu', data: { container: c.containerName }, path: c.path });
      if (problems.length) ctx.fail(target, ...problems);
      else ctx.pass(target);
    }
    // C: a memory limit (deploy.resources.limits.memory or mem_limit); cpus by option.
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) {
        const target = { doc, path: s.path, name: `service ${s.name}` };
        // Services of the merged compose models: a layer's limit counts (development layers never
        // reach production models).
        const limits = asDict(getPath(s.data, ['deploy', 'resources', 'limits']));
        const memory = present(limits?.memory) || present(s.data.mem_limit);
        const cpus = present(limits?.cpus) || present(s.data.cpus);
        const problems: ProblemOf<'require-resource-limits'>[] = [];
        if (!memory) {
          problems.push({
            messageId: 'composeMemory',
            data: { service: s.name },
            path: [...s.path, 'deploy', 'resources', 'limits', 'memory'],
          });
        }
        if (requireCpuLimit && !cpus) {
          problems.push({ messageId: 'composeCpus', data: { service: s.name }, path: [...s.path, 'deploy', 'resources', 'limits', 'cpus'] });
        }
        if (problems.length) ctx.fail(target, ...problems);
        else ctx.pass(target);
      }
    }
  },
});
