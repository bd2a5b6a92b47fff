import { defineCheck, type Problem } from '../../src/engine/api.js';
import { workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { composeServices } from '../../src/knowledge/compose/compose.js';
import { COMPOSE_HOST_NAMESPACE_FIELDS, isComposeHostNamespace, K8S_HOST_NAMESPACE_FIELDS } from '../../src/knowledge/containers/container-security.js';
import { isTruthy } from '../../src/knowledge/data/values.js';

const K8S_NAMESPACE: Record<string, string> = { hostNetwork: 'network', hostPID: 'PID', hostIPC: 'IPC' };
const COMPOSE_NAMESPACE: Record<string, string> = {
  network_mode: 'network',
  pid: 'PID',
  ipc: 'IPC',
  userns_mode: 'user',
  uts: 'UTS',
  cgroup: 'cgroup',
};

export default defineCheck({
  kinds: ['kubernetes', 'compose'],
  check(ctx) {
    // K: pod-level hostNetwork / hostPID / hostIPC; one target per workload.
    for (const w of workloads(ctx.project)) {
      const target = { doc: w.doc, path: w.podSpecPath, name: `${w.kind}/${w.name}` };
      const problems: Problem[] = K8S_HOST_NAMESPACE_FIELDS.filter((f) => isTruthy(w.podSpec[f])).map((field) => ({
        messageId: 'k8sHostNamespace',
        data: { kind: w.kind, name: w.name, namespace: K8S_NAMESPACE[field]!, field },
        path: [...w.podSpecPath, field],
      }));
      if (problems.length) ctx.fail(target, ...problems);
      else ctx.pass(target);
    }
    // C: network_mode / pid / ipc / userns_mode / uts / cgroup set to host.
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) {
        const target = { doc, path: s.path, name: `service ${s.name}` };
        const problems: Problem[] = COMPOSE_HOST_NAMESPACE_FIELDS.filter((f) => isComposeHostNamespace(s.data[f])).map((field) => ({
          messageId: 'composeHostNamespace',
          data: { service: s.name, namespace: COMPOSE_NAMESPACE[field]!, field },
          path: [...s.path, field],
        }));
        if (problems.length) ctx.fail(target, ...problems);
        else ctx.pass(target);
      }
    }
  },
});
