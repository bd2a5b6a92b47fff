import { defineCheck } from '../../src/engine/api.js';
import { kubernetesObjects, readSelector, sameNamespace, selectorMatches, workloads, type K8sObject, type Workload } from '../../src/knowledge/kubernetes.js';
import { asDict } from '../../src/knowledge/values.js';

/**
 * Does a policy object select the workload's pods? Kubernetes NetworkPolicy (podSelector, {} = all
 * pods of the namespace), Cilium (endpointSelector; clusterwide policies count for every pod) and
 * Calico (selectors in its own expression language: taken as covering the namespace).
 */
function selects(o: K8sObject, w: Workload): boolean {
  if (o.kind === 'CiliumClusterwideNetworkPolicy' || o.kind === 'GlobalNetworkPolicy') return true;
  if (!sameNamespace(o.namespace, w.namespace)) return false;
  if (o.kind === 'NetworkPolicy') {
    if (/projectcalico\.org/.test(o.apiVersion)) return true;
    return selectorMatches(readSelector(asDict(o.data.spec)?.podSelector) ?? {}, w.podLabels);
  }
  if (o.kind === 'CiliumNetworkPolicy') return selectorMatches(readSelector(asDict(o.data.spec)?.endpointSelector) ?? {}, w.podLabels);
  return false;
}

const POLICY_KINDS = new Set(['NetworkPolicy', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'GlobalNetworkPolicy']);

export default defineCheck({
  kinds: ['kubernetes'],
  check(ctx) {
    const policies = kubernetesObjects(ctx.project).filter((o) => POLICY_KINDS.has(o.kind));
    for (const w of workloads(ctx.project)) {
      const target = { doc: w.doc, path: w.path, name: `${w.kind}/${w.name}` };
      if (policies.some((p) => selects(p, w))) ctx.pass(target);
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
