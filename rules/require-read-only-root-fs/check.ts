import { defineCheck } from '../../src/engine/api.js';
import { containersOf, containerTargetName, workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { composeServices } from '../../src/knowledge/compose/compose.js';
import { asDict, isTruthy } from '../../src/knowledge/data/values.js';
import { ecsContainers, ecsField } from '../../src/knowledge/platforms/platforms.js';

export default defineCheck({
  kinds: ['kubernetes', 'compose', 'platform'],
  check(ctx) {
    // K: readOnlyRootFilesystem is a container-level field.
    for (const w of workloads(ctx.project)) {
      for (const c of containersOf(w, ['container', 'init'])) {
        const target = { doc: w.doc, path: c.path, name: containerTargetName(c) };
        const path = [...c.path, 'securityContext', 'readOnlyRootFilesystem'];
        const value = asDict(c.data.securityContext)?.readOnlyRootFilesystem;
        if (value === undefined || value === null) ctx.fail(target, { messageId: 'k8sMissing', data: { container: c.name }, path });
        else if (isTruthy(value)) ctx.pass(target);
        else ctx.fail(target, { messageId: 'k8sWritable', data: { container: c.name }, path });
      }
    }
    // P: ECS container definitions: `readonlyRootFilesystem`.
    for (const c of ecsContainers(ctx.project)) {
      const target = { doc: c.doc, path: c.path, name: c.name };
      const field = ecsField(c, 'readonlyRootFilesystem');
      if (field.value === undefined || field.value === null) ctx.fail(target, { messageId: 'ecsMissing', data: { container: c.containerName }, path: c.path });
      else if (isTruthy(field.value)) ctx.pass(target);
      else ctx.fail(target, { messageId: 'ecsWritable', data: { container: c.containerName }, path: field.path });
    }
    // C: read_only on each service.
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) {
        const target = { doc, path: s.path, name: `service ${s.name}` };
        const path = [...s.path, 'read_only'];
        const value = s.data.read_only;
        if (value === undefined || value === null) ctx.fail(target, { messageId: 'composeMissing', data: { service: s.name }, path });
        else if (isTruthy(value)) ctx.pass(target);
        else ctx.fail(target, { messageId: 'composeWritable', data: { service: s.name }, path });
      }
    }
  },
});
