import { defineCheck } from '../../src/engine/api.js';
import { containersOf, containerTargetName, workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { composeServices } from '../../src/knowledge/compose/compose.js';
import { asDict, isTruthy } from '../../src/knowledge/data/values.js';
import { ecsContainers, ecsField } from '../../src/knowledge/platforms/platforms.js';

export default defineCheck({
  kinds: ['kubernetes', 'compose', 'platform'],
  check(ctx) {
    // K: securityContext.privileged of every container, init containers and sidecars included.
    for (const w of workloads(ctx.project)) {
      for (const c of containersOf(w, ['container', 'init', 'ephemeral'])) {
        const target = { doc: w.doc, path: c.path, name: containerTargetName(c) };
        const sc = asDict(c.data.securityContext);
        if (sc && isTruthy(sc.privileged)) {
          ctx.fail(target, { messageId: 'k8sPrivileged', data: { container: c.name }, path: [...c.path, 'securityContext', 'privileged'] });
        } else ctx.pass(target);
      }
    }
    // P: ECS container definitions: `privileged: true`.
    for (const c of ecsContainers(ctx.project)) {
      const target = { doc: c.doc, path: c.path, name: c.name };
      const privileged = ecsField(c, 'privileged');
      if (isTruthy(privileged.value)) ctx.fail(target, { messageId: 'ecsPrivileged', data: { container: c.containerName }, path: privileged.path });
      else ctx.pass(target);
    }
    // C: privileged: true on a service.
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) {
        const target = { doc, path: s.path, name: `service ${s.name}` };
        if (isTruthy(s.data.privileged)) {
          ctx.fail(target, { messageId: 'composePrivileged', data: { service: s.name }, path: [...s.path, 'privileged'] });
        } else ctx.pass(target);
      }
    }
  },
});
