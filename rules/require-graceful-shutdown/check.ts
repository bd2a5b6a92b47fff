import { defineCheck } from '../../src/engine/api.js';
import type { DocPath } from '../../src/model/types.js';
import { workloadTargetName } from '../../src/knowledge/availability.js';
import { containersOf, containerTargetName, workloads } from '../../src/knowledge/kubernetes.js';
import { asDict } from '../../src/knowledge/values.js';

export default defineCheck({
  kinds: ['kubernetes'],
  check(ctx) {
    for (const w of workloads(ctx.project)) {
      const grace = w.podSpec.terminationGracePeriodSeconds;
      const gracePath: DocPath = [...w.podSpecPath, 'terminationGracePeriodSeconds'];
      for (const c of containersOf(w)) {
        const target = { doc: w.doc, path: c.path, name: containerTargetName(c) };
        if (w.batch) {
          ctx.notApplicable(target, `${w.kind} runs to completion`);
          continue;
        }
        if (grace === 0 || grace === '0') {
          ctx.fail(target, { messageId: 'zero', data: { workload: workloadTargetName(w) }, path: gracePath });
          continue;
        }
        const preStop = asDict(asDict(c.data.lifecycle)?.preStop);
        if (preStop || (grace !== undefined && grace !== null)) ctx.pass(target);
        else {
          ctx.fail(target, {
            messageId: 'missing',
            data: { container: c.name, workload: workloadTargetName(w) },
            path: [...c.path, 'lifecycle', 'preStop'],
          });
        }
      }
    }
  },
});
