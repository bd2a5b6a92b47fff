import { defineCheck, type Problem } from '../../src/engine/api.js';
import { containersOf, containerTargetName, workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { composeServices } from '../../src/knowledge/compose/compose.js';
import { capabilityList, isDangerousCapability } from '../../src/knowledge/containers/container-security.js';
import { asDict } from '../../src/knowledge/data/values.js';
import { ecsContainers, ecsField, ecsPath } from '../../src/knowledge/platforms/platforms.js';

export default defineCheck({
  kinds: ['kubernetes', 'compose', 'platform'],
  check(ctx) {
    // K: securityContext.capabilities.drop holds ALL; add holds no dangerous capability.
    for (const w of workloads(ctx.project)) {
      for (const c of containersOf(w, ['container', 'init'])) {
        const target = { doc: w.doc, path: c.path, name: containerTargetName(c) };
        const caps = asDict(asDict(c.data.securityContext)?.capabilities);
        const base = [...c.path, 'securityContext', 'capabilities'];
        const problems: Problem[] = [];
        if (!capabilityList(caps?.drop).some((x) => x.name === 'ALL')) {
          problems.push({ messageId: 'k8sNoDrop', data: { container: c.name }, path: [...base, 'drop'] });
        }
        for (const add of capabilityList(caps?.add)) {
          if (isDangerousCapability(add.name)) {
            problems.push({ messageId: 'k8sDangerousAdd', data: { container: c.name, capability: add.name }, path: [...base, 'add', add.index] });
          }
        }
        if (problems.length) ctx.fail(target, ...problems);
        else ctx.pass(target);
      }
    }
    // P: ECS container definitions: linuxParameters.capabilities.drop / add.
    for (const c of ecsContainers(ctx.project)) {
      const target = { doc: c.doc, path: c.path, name: c.name };
      const base = [...c.path, ...ecsPath(c, ['linuxParameters', 'capabilities'])];
      const caps = asDict(asDict(ecsField(c, 'linuxParameters').value)?.[c.pascal ? 'Capabilities' : 'capabilities']);
      const [dropKey, addKey] = ecsPath(c, ['drop', 'add']);
      const problems: Problem[] = [];
      if (!capabilityList(caps?.[dropKey!]).some((x) => x.name === 'ALL'))
        problems.push({ messageId: 'ecsNoDrop', data: { container: c.containerName }, path: [...base, dropKey!] });
      for (const add of capabilityList(caps?.[addKey!])) {
        if (isDangerousCapability(add.name))
          problems.push({ messageId: 'ecsDangerousAdd', data: { container: c.containerName, capability: add.name }, path: [...base, addKey!, add.index] });
      }
      if (problems.length) ctx.fail(target, ...problems);
      else ctx.pass(target);
    }
    // C: cap_drop holds ALL; cap_add holds no dangerous capability.
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) {
        const target = { doc, path: s.path, name: `service ${s.name}` };
        const problems: Problem[] = [];
        if (!capabilityList(s.data.cap_drop).some((x) => x.name === 'ALL')) {
          problems.push({ messageId: 'composeNoDrop', data: { service: s.name }, path: [...s.path, 'cap_drop'] });
        }
        for (const add of capabilityList(s.data.cap_add)) {
          if (isDangerousCapability(add.name)) {
            problems.push({ messageId: 'composeDangerousAdd', data: { service: s.name, capability: add.name }, path: [...s.path, 'cap_add', add.index] });
          }
        }
        if (problems.length) ctx.fail(target, ...problems);
        else ctx.pass(target);
      }
    }
  },
});
