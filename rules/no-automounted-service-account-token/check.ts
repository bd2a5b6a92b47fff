import { defineCheck, type Problem } from '../../src/engine/api.js';
import { judgedWorkloads } from '../../src/rule-support/targets.js';
import { bindingsOfServiceAccount, serviceAccountName, serviceAccountObject } from '../../src/knowledge/kubernetes/kubernetes.js';
import type { DocPath } from '../../src/model/types.js';
import { asDict, isFalsy } from '../../src/knowledge/data/values.js';

const isSet = (v: unknown) => v !== undefined && v !== null;

/**
 * Heuristic for "calls the Kubernetes API": the workload's ServiceAccount is bound (RoleBinding /
 * ClusterRoleBinding in the repository) — such workloads are not judged. Any other workload gets
 * nothing from its token but discovery, and is judged: the pod spec's
 * `automountServiceAccountToken` wins; when unset, its ServiceAccount's (same repository) applies.
 */
export default defineCheck({
  kinds: ['kubernetes'],
  acrossUnits: ['ServiceAccounts: name, namespace, automountServiceAccountToken', 'RoleBindings and ClusterRoleBindings: their ServiceAccount subjects'],
  check(ctx) {
    for (const { w, name, target } of judgedWorkloads(ctx)) {
      const podValue = w.podSpec.automountServiceAccountToken;
      if (isSet(podValue) && isFalsy(podValue)) {
        ctx.pass(target);
        continue;
      }
      const account = serviceAccountName(w);
      const sa = serviceAccountObject(ctx.project, w);
      const saValue = sa?.data.automountServiceAccountToken;
      if (!isSet(podValue) && isSet(saValue) && isFalsy(saValue)) {
        ctx.pass(target);
        continue;
      }
      const bindings = bindingsOfServiceAccount(ctx.project, w);
      if (bindings.length > 0) {
        const via = bindings.map((b) => `${b.kind}/${b.name}`).join(', ');
        ctx.notApplicable(target, `ServiceAccount ${account} is bound by ${via}: the workload may call the Kubernetes API`);
        continue;
      }
      const path: DocPath = [...w.podSpecPath, 'automountServiceAccountToken'];
      const problem: Problem = isSet(podValue)
        ? { messageId: 'enabled', data: { workload: name, account }, path }
        : { messageId: 'notDisabled', data: { workload: name, account }, path };
      if (sa && asDict(sa.data)) {
        problem.related = [
          {
            doc: sa.doc,
            path: isSet(saValue) ? [...sa.path, 'automountServiceAccountToken'] : [...sa.path, 'metadata', 'name'],
            message: `or set automountServiceAccountToken to false on ServiceAccount ${account}`,
          },
        ];
      }
      ctx.fail(target, problem);
    }
  },
});
