import { defineCheck } from '../../src/engine/api.js';
import { kubernetesObjects, networkPoliciesFor, readSelector, sameNamespace, selectorMatches, workloads, type Workload } from '../../src/knowledge/kubernetes.js';
import { asDict } from '../../src/knowledge/values.js';
import type { Project } from '../../src/model/project.js';

/** CNI-specific policies: Cilium (endpointSelector), Calico (selectors in its own expression language: taken as covering the namespace). */
function cniPolicyFor(project: Project, w: Workload): boolean {
  return kubernetesObjects(project).some((o) => {
    if (o.kind === 'CiliumClusterwideNetworkPolicy' || o.kind === 'GlobalNetworkPolicy') return true;
    if (!sameNamespace(o.namespace, w.namespace)) return false;
    if (o.kind === 'CiliumNetworkPolicy') {
      const sel = readSelector(asDict(o.data.spec)?.endpointSelector) ?? {};
      return selectorMatches(sel, w.podLabels);
    }
    return o.kind === 'NetworkPolicy' && /projectcalico\.org/.test(o.apiVersion);
  });
}

export default defineCheck({
  kinds: ['kubernetes'],
  check(ctx) {
    for (const w of workloads(ctx.project)) {
      const target = { doc: w.doc, path: w.path, name: `${w.kind}/${w.name}` };
      if (networkPoliciesFor(ctx.project, w).length > 0 || cniPolicyFor(ctx.project, w)) ctx.pass(target);
      else {
        ctx.fail(target, {
          messageId: 'unselected',
          data: { kind: w.kind, name: w.name, namespace: w.namespace ? ` in namespace ${w.namespace}` : '' },
          path: [...w.path, 'metadata', 'name'],
        });
      }
    }
  },
});
