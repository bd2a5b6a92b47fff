import { defineCheck } from '../../src/engine/api.js';
import { networkIsolationOf, workloads } from '../../src/knowledge/kubernetes/kubernetes.js';

/**
 * A workload's incoming traffic is restricted when a policy that selects its pods isolates it for
 * Ingress (Kubernetes `policyTypes` and their default, Cilium rule sections, Calico `types`): an
 * egress-only policy leaves every pod free to connect to it. Egress isolation is not required.
 */
export default defineCheck({
  kinds: ['kubernetes'],
  acrossUnits: ['NetworkPolicies: namespace and pod selector', 'Namespaces: labels'],
  check(ctx) {
    for (const w of workloads(ctx.project)) {
      const target = { doc: w.doc, path: w.path, name: `${w.kind}/${w.name}` };
      const isolation = networkIsolationOf(ctx.project, w);
      if (isolation.ingress.length > 0) {
        ctx.pass(target);
        continue;
      }
      const data = { kind: w.kind, name: w.name, namespace: w.namespace ? ` in namespace ${w.namespace}` : '' };
      const path = [...w.path, 'metadata', 'name'];
      if (isolation.selecting.length === 0) ctx.fail(target, { messageId: 'unselected', data, path });
      else {
        const policies = isolation.selecting.map((p) => `${p.kind} '${p.name}'`).join(', ');
        ctx.fail(target, { messageId: 'egressOnly', data: { ...data, policies }, path });
      }
    }
  },
});
