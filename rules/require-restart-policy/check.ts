import { defineCheck } from '../../src/engine/api.js';
import type { DocPath } from '../../src/model/types.js';
import { longRunningServices } from '../../src/rule-support/targets.js';
import { asDict, scalarText } from '../../src/knowledge/data/values.js';
import { platformServices } from '../../src/knowledge/platforms/platforms.js';

/** `deploy` keys only Docker Swarm acts on. */
const SWARM_KEYS = ['mode', 'placement', 'update_config', 'rollback_config', 'endpoint_mode', 'replicas'];

export default defineCheck({
  kinds: ['compose', 'platform'],
  check(ctx) {
    // P: Railway restarts on failure by default; `restartPolicyType: NEVER` leaves a crashed
    // long-running service down (a cron job is meant to exit).
    for (const s of platformServices(ctx.project)) {
      if (s.platform !== 'railway' || s.role === 'cron') continue;
      const target = { doc: s.doc, path: s.path, name: s.name };
      const policy = scalarText(asDict(asDict(s.doc.data)?.deploy)?.restartPolicyType);
      if (policy !== undefined && policy.toUpperCase() === 'NEVER')
        ctx.fail(target, { messageId: 'disabled', data: { service: s.name, value: policy }, path: ['deploy', 'restartPolicyType'] });
      else ctx.pass(target);
    }
    for (const { s, target } of longRunningServices(ctx)) {
      const restart = scalarText(s.data.restart);
      if (restart !== undefined) {
        if (restart.toLowerCase() === 'no') ctx.fail(target, { messageId: 'disabled', data: { service: s.name, value: restart }, path: [...s.path, 'restart'] });
        else ctx.pass(target);
        continue;
      }
      const policy = asDict(asDict(s.data.deploy)?.restart_policy);
      if (policy) {
        const condition = scalarText(policy.condition);
        if (condition?.toLowerCase() === 'none') {
          ctx.fail(target, { messageId: 'disabled', data: { service: s.name, value: condition }, path: [...s.path, 'deploy', 'restart_policy', 'condition'] });
        } else ctx.pass(target);
        continue;
      }
      // A Swarm stack (`docker stack deploy`): services restart by default (condition: any).
      const deploy = asDict(s.data.deploy);
      if (deploy && SWARM_KEYS.some((k) => deploy[k] !== undefined)) {
        ctx.pass(target);
        continue;
      }
      ctx.fail(target, { messageId: 'missing', data: { service: s.name }, path: [...s.path, 'restart'] as DocPath });
    }
  },
});
