// Prometheus scrape_configs of the repository as scraping evidence (issue 15, item 9).
import { describe, expect, it } from 'vitest';
import { readPrometheusConfig, scrapeEvidence } from '../../src/knowledge/monitoring/monitoring.js';
import { workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { projectOf } from './helpers.js';

const app = (name: string, ns: string, extra = '') => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata:
      labels: { app: ${name}, team: core }
${extra}
    spec:
      containers: [{ name: ${name}, image: "ghcr.io/acme/${name}:1.0.0" }]
---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns}, labels: { tier: backend } }
spec:
  selector: { app: ${name} }
  ports: [{ port: 8080 }]
`;

const configMap = (config: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: prometheus, namespace: monitoring }\ndata:\n  prometheus.yml: |\n${config
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n`;

function evidenceFor(config: string, name = 'api', ns = 'shop', extra = '') {
  const project = projectOf([{ path: 'k8s/all.yaml', kind: 'kubernetes', text: `${configMap(config)}---${app(name, ns, extra)}` }]);
  const w = workloads(project).find((x) => x.name === name)!;
  return scrapeEvidence(project, w)?.how;
}

describe('Prometheus scrape_configs', () => {
  it('reads static targets and discovery jobs, and nothing from other YAML', () => {
    const c = readPrometheusConfig('scrape_configs:\n  - job_name: a\n    static_configs: [{ targets: ["http://api.shop.svc:8080/metrics"] }]\n');
    expect(c?.staticTargets).toEqual([{ job: 'a', host: 'api.shop.svc' }]);
    expect(readPrometheusConfig('global: { scrape_interval: 15s }\n')).toBeUndefined();
    expect(readPrometheusConfig('scrape_configs: [\n')).toBeUndefined();
  });
  it.each([
    [
      'static target name.namespace',
      'scrape_configs:\n  - job_name: api\n    static_configs: [{ targets: ["api.shop:8080"] }]',
      /static target api\.shop of scrape job api in ConfigMap\/prometheus prometheus\.yml/,
    ],
    [
      'pods of the namespace, unfiltered',
      'scrape_configs:\n  - job_name: pods\n    kubernetes_sd_configs: [{ role: pod, namespaces: { names: [shop] } }]',
      /role pod\) of scrape job pods/,
    ],
    [
      'endpoints kept by a Service label',
      'scrape_configs:\n  - job_name: be\n    kubernetes_sd_configs: [{ role: endpoints }]\n    relabel_configs:\n      - { source_labels: [__meta_kubernetes_service_label_tier], action: keep, regex: back.* }',
      /scrape job be/,
    ],
    [
      'pods kept by a pod label',
      'scrape_configs:\n  - job_name: core\n    kubernetes_sd_configs: [{ role: pod }]\n    relabel_configs:\n      - { source_labels: [__meta_kubernetes_pod_label_team], action: keep, regex: core }',
      /scrape job core/,
    ],
  ])('%s counts', (_, config, how) => expect(evidenceFor(config)).toMatch(how));
  it.each([
    ['a static target in another namespace', 'scrape_configs:\n  - job_name: api\n    static_configs: [{ targets: ["api.other:8080"] }]'],
    ['an external host', 'scrape_configs:\n  - job_name: api\n    static_configs: [{ targets: ["api.shop.example.com:8080"] }]'],
    ['discovery in other namespaces', 'scrape_configs:\n  - job_name: pods\n    kubernetes_sd_configs: [{ role: pod, namespaces: { names: [jobs] } }]'],
    [
      'annotation-driven discovery of a pod without the annotation',
      'scrape_configs:\n  - job_name: pods\n    kubernetes_sd_configs: [{ role: pod }]\n    relabel_configs:\n      - { source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape], action: keep, regex: "true" }',
    ],
    [
      'a drop rule (not modelled: never over-counted)',
      'scrape_configs:\n  - job_name: pods\n    kubernetes_sd_configs: [{ role: pod }]\n    relabel_configs:\n      - { source_labels: [__meta_kubernetes_pod_label_team], action: drop, regex: other }',
    ],
    [
      'a label keep whose regex RE2 refuses',
      'scrape_configs:\n  - job_name: pods\n    kubernetes_sd_configs: [{ role: pod }]\n    relabel_configs:\n      - { source_labels: [__meta_kubernetes_pod_label_team], action: keep, regex: "(?=core)core" }',
    ],
  ])('%s does not count', (_, config) => expect(evidenceFor(config)).toBeUndefined());
  it('annotation-driven discovery keeps an annotated pod', () => {
    const config =
      'scrape_configs:\n  - job_name: annotated\n    kubernetes_sd_configs: [{ role: pod }]\n    relabel_configs:\n      - { source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape], action: keep, regex: "true" }';
    expect(evidenceFor(config, 'api', 'shop', '      annotations: { prometheus.io/scrape: "true" }')).toBe('pod annotations');
  });
});
