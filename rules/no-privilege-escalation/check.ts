import { defineCheck } from '../../src/engine/api.js';
import { containersOf, containerTargetName, workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { asDict, isFalsy } from '../../src/knowledge/data/values.js';

export default defineCheck({
  kinds: ['kubernetes'],
  check(ctx) {
    for (const w of workloads(ctx.project)) {
      for (const c of containersOf(w, ['container', 'init'])) {
        const target = { doc: w.doc, path: c.path, name: containerTargetName(c) };
        const path = [...c.path, 'securityContext', 'allowPrivilegeEscalation'];
        const value = asDict(c.data.securityContext)?.allowPrivilegeEscalation;
        if (value === undefined || value === null) ctx.fail(target, { messageId: 'missing', data: { container: c.name }, path });
        else if (isFalsy(value)) ctx.pass(target);
        else ctx.fail(target, { messageId: 'enabled', data: { container: c.name }, path });
      }
    }
  },
});
