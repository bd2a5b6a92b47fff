// Monitoring knowledge: how a workload's metrics get scraped (Prometheus annotations, Prometheus
// Operator ServiceMonitor / PodMonitor, Google PodMonitoring, VictoriaMetrics VMServiceScrape /
// VMPodScrape, Datadog autodiscovery, push via OpenTelemetry) and where alerting is defined
// (PrometheusRule, AlertmanagerConfig, VMRule, rule files in ConfigMaps, chart values, compose
// services running Alertmanager).

import type { DocPath, SourceDocument } from '../model/types.js';
import type { Project } from '../model/project.js';
import { composeServices, composeEnvironment } from './compose.js';
import { parseImageRef } from './images.js';
import { containerEnv, containersOf, kubernetesObjects, readSelector, sameNamespace, selectorMatches, servicesSelecting, type K8sObject, type LabelSelector, type Workload } from './kubernetes.js';
import { asArray, asDict, getPath, isDict, isFalsy, isTruthy, scalarText } from './values.js';
import { linearRegExp } from './linear-regex.js';

// A Prometheus rule (`- alert: Name`) in a ConfigMap value; on RE2: over blank lines it was cubic.
const ALERT_RULE = linearRegExp(/(^|\n)\s*-?\s*alert:\s*\S/);

/** Annotations that ask a scraper to collect metrics from the pod or Service. */
export function hasScrapeAnnotations(annotations: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(annotations)) {
    if (/(^|\.)prometheus\.io\/scrape$/.test(k) && isTruthy(v)) return true;
    if (/^ad\.datadoghq\.com\/.+\.(checks|check_names)$/.test(k) && /openmetrics|prometheus/i.test(v)) return true;
  }
  return false;
}

const SERVICE_SCRAPERS = new Set(['ServiceMonitor', 'VMServiceScrape']);
const POD_SCRAPERS = new Set(['PodMonitor', 'PodMonitoring', 'ClusterPodMonitoring', 'VMPodScrape']);

function namespaceAllowed(monitor: K8sObject, namespace: string | undefined): boolean {
  const ns = asDict(asDict(monitor.data.spec)?.namespaceSelector);
  if (ns) {
    if (isTruthy(ns.any)) return true;
    const names = asArray(ns.matchNames).map((n) => scalarText(n));
    if (names.length) return namespace === undefined || names.includes(namespace);
  }
  return monitor.kind.startsWith('Cluster') || sameNamespace(monitor.namespace, namespace);
}

const scraperCache = new WeakMap<Project, { o: K8sObject; sel: LabelSelector }[]>();

/** Scrape configurations (ServiceMonitor, PodMonitor, …) with their selectors, once per project. */
function scrapersOf(project: Project): { o: K8sObject; sel: LabelSelector }[] {
  let cached = scraperCache.get(project);
  if (!cached) {
    cached = [];
    for (const o of kubernetesObjects(project)) {
      if (!SERVICE_SCRAPERS.has(o.kind) && !POD_SCRAPERS.has(o.kind)) continue;
      const sel = readSelector(asDict(o.data.spec)?.selector);
      if (sel) cached.push({ o, sel });
    }
    scraperCache.set(project, cached);
  }
  return cached;
}

export interface ScrapeEvidence {
  how: string;
  object?: K8sObject;
}

/** How a workload's metrics are collected, if at all. */
export function scrapeEvidence(project: Project, w: Workload): ScrapeEvidence | undefined {
  const podAnnotations = (() => {
    const path = w.kind === 'Pod' ? ['metadata', 'annotations'] : [...w.podSpecPath.slice(w.path.length, -1), 'metadata', 'annotations'];
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(asDict(getPath(w.data, path)) ?? {})) {
      const t = scalarText(v);
      if (t !== undefined) out[k] = t;
    }
    return out;
  })();
  if (hasScrapeAnnotations(podAnnotations)) return { how: 'pod annotations' };
  const services = servicesSelecting(project, w);
  for (const s of services) if (hasScrapeAnnotations(s.annotations)) return { how: `Service/${s.name} annotations`, object: s };
  for (const { o, sel } of scrapersOf(project)) {
    if (SERVICE_SCRAPERS.has(o.kind)) {
      const hit = services.find((s) => namespaceAllowed(o, s.namespace) && selectorMatches(sel, s.labels));
      if (hit) return { how: `${o.kind}/${o.name}`, object: o };
    } else if (namespaceAllowed(o, w.namespace) && selectorMatches(sel, w.podLabels)) {
      return { how: `${o.kind}/${o.name}`, object: o };
    }
  }
  for (const c of containersOf(w, ['container', 'init'])) {
    if (/exporter/i.test(parseImageRef(c.image ?? '')?.shortName ?? '')) return { how: `exporter sidecar ${c.name}` };
    for (const e of containerEnv(c)) if (metricsEnvEnabled(e.name, e.value)) return { how: `env ${e.name}` };
  }
  return undefined;
}

/** Env settings that turn metrics on or push them (OpenTelemetry). */
export function metricsEnvEnabled(key: string, value: string | undefined): boolean {
  const k = key.toUpperCase();
  if (value === undefined) return false;
  if (/^OTEL_EXPORTER_OTLP(_METRICS)?_ENDPOINT$/.test(k)) return value.trim() !== '';
  if (k === 'OTEL_METRICS_EXPORTER') return value.trim() !== '' && value.trim().toLowerCase() !== 'none';
  if (/(^|_)(METRICS|PROMETHEUS)(_ENABLED|_ENABLE)?$/.test(k) || /^(ENABLE|EXPOSE)_(METRICS|PROMETHEUS)$/.test(k)) return isTruthy(value);
  return false;
}

// ---------------------------------------------------------------------------------------------
// Alerting

const ALERT_KINDS = new Set(['PrometheusRule', 'AlertmanagerConfig', 'Alertmanager', 'VMRule', 'VMAlert', 'VMAlertmanager', 'Rules', 'GlobalRules', 'AlertRule']);

export interface AlertingEvidence {
  doc: SourceDocument;
  path: DocPath;
  what: string;
}

/** Alerting defined in the project, and explicit "alerting off" switches in values files. */
export function alertingEvidence(project: Project): { present: AlertingEvidence[]; disabled: AlertingEvidence[] } {
  const present: AlertingEvidence[] = [];
  const disabled: AlertingEvidence[] = [];
  for (const o of kubernetesObjects(project)) {
    if (ALERT_KINDS.has(o.kind)) present.push({ doc: o.doc, path: o.path, what: `${o.kind}/${o.name}` });
    else if (o.kind === 'ConfigMap' || o.kind === 'Secret') {
      for (const [k, v] of Object.entries(asDict(o.data.data) ?? asDict(o.data.stringData) ?? {})) {
        const text = scalarText(v) ?? '';
        if (/alertmanager\.ya?ml$/i.test(k) || (ALERT_RULE.test(text) && /\bexpr:/.test(text))) {
          present.push({ doc: o.doc, path: [...o.path, 'data', k], what: `${o.kind}/${o.name} ${k}` });
        }
      }
    }
  }
  for (const doc of project.ofKind('helm-values')) {
    const visit = (node: unknown, path: DocPath): void => {
      if (!isDict(node) || path.length > 4) return;
      for (const [k, v] of Object.entries(node)) {
        const p = [...path, k];
        if (/^(prometheusRule|prometheusRules|alertmanager|alerting|alertRules|rules)$/i.test(k) && isDict(v)) {
          const flag = v.enabled !== undefined ? 'enabled' : v.create !== undefined ? 'create' : undefined;
          if (flag && isTruthy(v[flag])) present.push({ doc, path: [...p, flag], what: `values ${p.join('.')}` });
          else if (flag && isFalsy(v[flag]) && k.toLowerCase() !== 'rules') disabled.push({ doc, path: [...p, flag], what: `values ${p.join('.')}` });
        }
        if (/^(alertingRules|alerting_rules\.ya?ml|additionalPrometheusRules|additionalPrometheusRulesMap)$/.test(k) && (isDict(v) ? Object.keys(v).length > 0 : asArray(v).length > 0)) {
          present.push({ doc, path: p, what: `values ${p.join('.')}` });
        }
        visit(v, p);
      }
    };
    visit(doc.data, []);
  }
  for (const doc of project.ofKind('compose')) {
    for (const s of composeServices(doc)) {
      const image = parseImageRef(scalarText(s.data.image) ?? '')?.shortName ?? '';
      if (/^(alertmanager|vmalert|karma)$/.test(image)) present.push({ doc, path: s.path, what: `service ${s.name}` });
      else if (composeEnvironment(s).some((e) => /^GF_UNIFIED_ALERTING_ENABLED$/.test(e.key) && isTruthy(e.value))) {
        present.push({ doc, path: s.path, what: `service ${s.name}` });
      }
    }
  }
  return { present, disabled };
}

/**
 * ServiceMonitors that were meant for the workload but select nothing: their selector matches the
 * pods' labels (or a Service's own selector) rather than the labels of a Service in front of them —
 * a ServiceMonitor selects *Services by their labels*.
 */
export function misdirectedServiceMonitors(project: Project, w: Workload): { monitor: K8sObject; service: K8sObject }[] {
  const services = servicesSelecting(project, w);
  const out: { monitor: K8sObject; service: K8sObject }[] = [];
  for (const { o, sel } of scrapersOf(project)) {
    if (!SERVICE_SCRAPERS.has(o.kind)) continue;
    if (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) continue;
    if (!selectorMatches(sel, w.podLabels)) continue;
    const service = services.find((s) => namespaceAllowed(o, s.namespace) && !selectorMatches(sel, s.labels));
    if (service) out.push({ monitor: o, service });
  }
  return out;
}
