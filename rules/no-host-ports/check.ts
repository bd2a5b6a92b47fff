import { defineCheck, type Problem } from '../../src/engine/api.js';
import { containersOf, containerTargetName, workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { asArray, asDict, intOf, isTruthy, scalarText } from '../../src/knowledge/data/values.js';

export default defineCheck({
  kinds: ['kubernetes'],
  check(ctx) {
    for (const w of workloads(ctx.project)) {
      const hostNetwork = isTruthy(w.podSpec.hostNetwork);
      for (const c of containersOf(w, ['container', 'init'])) {
        const target = { doc: w.doc, path: c.path, name: containerTargetName(c) };
        if (hostNetwork) {
          // With hostNetwork every containerPort is a host port; no-host-namespaces reports it once.
          ctx.notApplicable(target, 'the pod uses hostNetwork (judged by no-host-namespaces)');
          continue;
        }
        const problems: Problem[] = [];
        asArray(c.data.ports).forEach((p, i) => {
          const port = asDict(p);
          const hostPort = intOf(port?.hostPort);
          if (!port || hostPort === undefined || hostPort === 0) return; // 0 / unset: no host port
          problems.push({
            messageId: 'hostPort',
            data: { container: c.name, hostPort, containerPort: scalarText(port.containerPort) ?? '?' },
            path: [...c.path, 'ports', i, 'hostPort'],
          });
        });
        if (problems.length) ctx.fail(target, ...problems);
        else ctx.pass(target);
      }
    }
  },
});
