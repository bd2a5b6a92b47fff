import { judgedWorkloads } from '../../src/rule-support/targets.js';
import { defineCheck } from '../../src/engine/api.js';
import type { DocPath } from '../../src/model/types.js';
import { workloadDatastore } from '../../src/knowledge/kubernetes/availability.js';
import { servicesSelecting } from '../../src/knowledge/kubernetes/kubernetes.js';
import { chartNameOf, datastoreOfValuesPath, findValuesKeys, productionOverride, valuesDocuments } from '../../src/knowledge/charts/helm-values.js';
import { misdirectedServiceMonitors, prometheusConfigs, scrapeEvidence } from '../../src/knowledge/monitoring/monitoring.js';
import { asDict, isFalsy, isTruthy } from '../../src/knowledge/data/values.js';

export default defineCheck({
  kinds: ['kubernetes', 'helm-values'],
  acrossUnits: [
    'Services, ServiceMonitors and PodMonitors: selectors, namespaces, ports and annotations',
    'Prometheus scrape configurations: their jobs and the pods or Services they scrape',
    'chart values files: metrics keys and production overrides',
  ],
  check(ctx) {
    // K/P: workloads a Service routes traffic to are scraped.
    for (const { w, name, target } of judgedWorkloads(ctx)) {
      if (w.batch) {
        ctx.notApplicable(target, `${w.kind} runs to completion`);
        continue;
      }
      if (workloadDatastore(w)) {
        ctx.notApplicable(target, 'a datastore (its metrics come from an exporter, judged with the datastore chart)');
        continue;
      }
      const services = servicesSelecting(ctx.project, w);
      if (services.length === 0) {
        ctx.notApplicable(target, 'no Service routes traffic to it');
        continue;
      }
      if (scrapeEvidence(ctx.project, w)) {
        ctx.pass(target);
        continue;
      }
      const misdirected = misdirectedServiceMonitors(ctx.project, w)[0];
      if (misdirected) {
        const { monitor, service } = misdirected;
        ctx.fail(target, {
          messageId: 'monitorMismatch',
          data: { workload: name, monitor: `${monitor.kind}/${monitor.name}`, service: service.name },
          doc: service.doc,
          path: [...service.path, 'metadata', 'labels'],
          key: true,
          related: [{ doc: monitor.doc, path: [...monitor.path, 'spec', 'selector'], message: 'this selector is matched against Service labels', key: true }],
        });
        continue;
      }
      const annotations: DocPath = w.kind === 'Pod' ? [...w.path, 'metadata', 'annotations'] : [...w.podSpecPath.slice(0, -1), 'metadata', 'annotations'];
      // Say what was read, and which Prometheus configurations select other workloads only.
      const configs = prometheusConfigs(ctx.project).map((c) => c.where);
      const searched = configs.length
        ? `read: pod and Service annotations, monitors, exporters, metrics env, and the scrape jobs of ${configs.slice(0, 3).join(', ')}${configs.length > 3 ? ' …' : ''}, which select other targets`
        : 'read: pod and Service annotations, monitors, exporters, metrics env; no Prometheus scrape_configs in the repository';
      ctx.fail(target, { messageId: 'missing', data: { workload: name, service: services[0]!.name, searched }, path: annotations, key: true });
    }

    // H: `metrics.enabled: false` of a service chart (datastore subcharts and exporters aside). A disabled
    // ServiceMonitor / PodMonitor alone is not reported: charts commonly scrape through Service
    // annotations instead (every prometheus-community exporter chart does).
    for (const doc of valuesDocuments(ctx.project)) {
      if (ctx.environmentOf(doc) === 'test') continue;
      const chart = chartNameOf(ctx.project, doc) ?? '';
      for (const m of findValuesKeys(doc.data, 'metrics', 1)) {
        const v = asDict(m.value);
        if (!v || v.enabled === undefined) continue;
        if (datastoreOfValuesPath(ctx.project, doc, m.path)) continue;
        if (/exporter/i.test(chart) || m.path.some((p) => /exporter/i.test(String(p)))) continue;
        const enabledPath: DocPath = [...m.path, 'enabled'];
        const target = { doc, path: m.path, name: `values ${m.path.join('.')}` };
        if (isTruthy(v.enabled)) ctx.pass(target);
        else if (isFalsy(v.enabled)) {
          if (productionOverride(ctx.project, doc, enabledPath, ctx.environmentOf)) ctx.notApplicable(target, 'overridden by a production values file');
          else ctx.fail(target, { messageId: 'valuesDisabled', data: { key: enabledPath.join('.') }, path: enabledPath });
        }
      }
    }
  },
});
