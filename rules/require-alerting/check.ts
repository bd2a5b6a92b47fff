import { defineCheck, type Target } from '../../src/engine/api.js';
import { composeServices, serviceRole } from '../../src/knowledge/compose/compose.js';
import { workloadNamePath, workloadTargetName } from '../../src/knowledge/kubernetes/availability.js';
import { workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { alertingEvidence } from '../../src/knowledge/monitoring/monitoring.js';

export default defineCheck({
  kinds: ['kubernetes', 'helm-chart', 'helm-values', 'compose'],
  acrossUnits: [
    'project-wide: any alerting evidence (PrometheusRules, Alertmanager and Prometheus configs, chart values that enable alerts)',
    'project-wide: the production workloads and compose services it is judged against',
  ],
  check(ctx) {
    // The anchor: the first deployed thing, preferring non-development files.
    const candidates: { target: Target; what: string }[] = [];
    for (const w of workloads(ctx.project)) {
      if (w.batch) continue;
      candidates.push({ target: { doc: w.doc, path: workloadNamePath(w), name: 'project alerting' }, what: workloadTargetName(w) });
    }
    for (const doc of ctx.project.ofKind('helm-chart')) {
      candidates.push({ target: { doc, path: ['name'], name: 'project alerting' }, what: `the Helm chart in ${doc.file.chartRoot ?? '.'}` });
    }
    for (const doc of ctx.project.ofKind('compose')) {
      const longRunning = composeServices(doc).filter((s) => serviceRole(s, ctx.environmentOf(doc)).role === 'service');
      if (longRunning.length) candidates.push({ target: { doc, path: ['services'], name: 'project alerting' }, what: `compose services (${doc.file.path})` });
    }
    if (candidates.length === 0) return;
    const anchor = candidates.find((c) => ctx.environmentOf(c.target.doc) !== 'development' && ctx.environmentOf(c.target.doc) !== 'test');
    if (!anchor) {
      ctx.notApplicable(candidates[0]!.target, 'only development or test deployments');
      return;
    }
    const { present, disabled } = alertingEvidence(ctx.project);
    if (present.length) {
      ctx.pass(anchor.target);
      return;
    }
    const off = disabled.find((d) => ctx.environmentOf(d.doc) === 'production' || ctx.environmentOf(d.doc) === 'staging');
    if (off) {
      ctx.fail(anchor.target, { messageId: 'disabled', data: { key: off.path.join('.') }, doc: off.doc, path: off.path });
      return;
    }
    ctx.fail(anchor.target, { messageId: 'missing', data: { what: anchor.what }, key: anchor.target.path[0] === 'services' });
  },
});
