// Monitoring knowledge: how a workload's metrics get scraped (Prometheus annotations, Prometheus
// Operator ServiceMonitor / PodMonitor, Google PodMonitoring, VictoriaMetrics VMServiceScrape /
// VMPodScrape, Datadog autodiscovery, push via OpenTelemetry) and where alerting is defined
// (PrometheusRule, AlertmanagerConfig, VMRule, rule files in ConfigMaps, chart values, compose
// services running Alertmanager).

import type { DocPath, SourceDocument } from '../../model/types.js';
import { memo, type Project } from '../../model/project.js';
import { composeServices, composeEnvironment } from '../compose/compose.js';
import { parseImageRef } from '../containers/images.js';
import {
  containerEnv,
  containersOf,
  kubernetesObjects,
  readSelector,
  sameNamespace,
  selectorMatches,
  servicesSelecting,
  type K8sObject,
  type LabelSelector,
  type Workload,
} from '../kubernetes/kubernetes.js';
import { asArray, asDict, getPath, isDict, isFalsy, isTruthy, scalarText } from '../data/values.js';
import { linearRegExp } from '../../parsers/linear-regex.js';
import { parseDocument } from 'yaml';
import { findExcessiveNesting, MAX_NESTING } from '../../parsers/yaml.js';

// A Prometheus rule (`- alert: Name`) in a ConfigMap value; on RE2: over blank lines it was cubic.
const ALERT_RULE = linearRegExp(/(^|\n)\s*-?\s*alert:\s*\S/, 'alert:');

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

/** A monitor's namespace selector, read once: does it look at a namespace? */
function namespaceAllowedBy(monitor: K8sObject): (namespace: string | undefined) => boolean {
  const ns = asDict(asDict(monitor.data.spec)?.namespaceSelector);
  if (ns) {
    if (isTruthy(ns.any)) return () => true;
    const names = asArray(ns.matchNames).map((n) => scalarText(n));
    if (names.length) return (namespace) => namespace === undefined || names.includes(namespace);
  }
  const clusterwide = monitor.kind.startsWith('Cluster');
  return (namespace) => clusterwide || sameNamespace(monitor.namespace, namespace);
}

interface Scraper {
  o: K8sObject;
  sel: LabelSelector;
  /** A ServiceMonitor / VMServiceScrape: selects Services by their labels (else pods). */
  selectsServices: boolean;
  namespaceAllowed: (namespace: string | undefined) => boolean;
}

/** Scrape configurations (ServiceMonitor, PodMonitor, …) with their selectors, once per project (asked per workload). */
function scrapersOf(project: Project): Scraper[] {
  return memo(
    project,
    'monitoring.scrapers',
    () => {
      const scrapers: Scraper[] = [];
      for (const o of kubernetesObjects(project)) {
        if (!SERVICE_SCRAPERS.has(o.kind) && !POD_SCRAPERS.has(o.kind)) continue;
        const sel = readSelector(asDict(o.data.spec)?.selector);
        if (sel) scrapers.push({ o, sel, selectsServices: SERVICE_SCRAPERS.has(o.kind), namespaceAllowed: namespaceAllowedBy(o) });
      }
      return scrapers;
    },
    { scope: 'rule' },
  );
}

interface ScrapeEvidence {
  how: string;
  object?: K8sObject;
}

// ---------------------------------------------------------------------------------------------
// Prometheus's own configuration (`scrape_configs`), carried in a ConfigMap or Secret of the
// repository: static targets naming a Service (`api:8080`, `api.shop.svc:8080`) and Kubernetes
// service discovery, either keeping everything it finds or filtered by relabelling on the
// `prometheus.io/scrape` annotation or on labels.

/** A `kubernetes_sd_configs` scrape job, reduced to what selects workloads. */
interface DiscoveryJob {
  job: string;
  role: string;
  /** `namespaces.names`; undefined: every namespace. */
  namespaces?: string[];
  /** `keep` relabellings: a meta label (`__meta_kubernetes_pod_annotation_prometheus_io_scrape`) and the regex it must match. */
  keeps: { label: string; regex: string }[];
  /** A relabelling this reading does not model (drop, keep on several labels …): the job's selection is unknown. */
  opaque: boolean;
}

interface PrometheusScrapeConfig {
  /** Where it lives: `ConfigMap/prometheus prometheus.yml`, or the file's path. */
  where: string;
  /** The ConfigMap or Secret key holding it; undefined for a configuration file of its own. */
  doc?: SourceDocument;
  path?: DocPath;
  /** Static targets, host and job: `api.shop.svc:8080` → host `api.shop.svc`. */
  staticTargets: { job: string; host: string }[];
  discovery: DiscoveryJob[];
  /** Namespace of the object carrying it (default namespace for unqualified static hosts). */
  namespace?: string;
}

/** Largest configuration text read (a Prometheus config is kilobytes). */
const PROMETHEUS_CONFIG_MAX = 1_000_000;

/** The Prometheus configuration in a text, or undefined when it is none (no `scrape_configs`) or does not parse. */
export function readPrometheusConfig(text: string): Omit<PrometheusScrapeConfig, 'where' | 'doc' | 'path' | 'namespace'> | undefined {
  if (text.length > PROMETHEUS_CONFIG_MAX || !text.includes('scrape_configs') || findExcessiveNesting(text, MAX_NESTING) >= 0) return undefined;
  let data: unknown;
  try {
    const parsed = parseDocument(text, { prettyErrors: false });
    if (parsed.errors.length > 0) return undefined;
    data = parsed.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
  const jobs = asArray(asDict(data)?.scrape_configs);
  if (jobs.length === 0) return undefined;
  const staticTargets: PrometheusScrapeConfig['staticTargets'] = [];
  const discovery: DiscoveryJob[] = [];
  for (const j of jobs) {
    const jd = asDict(j);
    if (!jd) continue;
    const job = scalarText(jd.job_name) ?? '';
    for (const sc of asArray(jd.static_configs)) {
      for (const t of asArray(asDict(sc)?.targets)) {
        const target = scalarText(t);
        if (!target) continue;
        const host = target
          .replace(/^[a-z]+:\/\//i, '')
          .split('/')[0]!
          .replace(/:\d+$/, '');
        staticTargets.push({ job, host: host.toLowerCase() });
      }
    }
    const relabels = asArray(jd.relabel_configs).map((r) => asDict(r) ?? {});
    const keeps: DiscoveryJob['keeps'] = [];
    let opaque = false;
    for (const r of relabels) {
      const action = (scalarText(r.action) ?? 'replace').toLowerCase();
      if (action !== 'keep' && action !== 'drop') continue;
      const sources = asArray(r.source_labels).map((x) => scalarText(x) ?? '');
      if (action === 'drop' || sources.length !== 1) {
        // A drop narrows what is kept in ways not modelled here; ignoring it could only over-count.
        opaque = true;
        continue;
      }
      keeps.push({ label: sources[0]!, regex: scalarText(r.regex) ?? '(.*)' });
    }
    for (const sd of asArray(jd.kubernetes_sd_configs)) {
      const sdd = asDict(sd);
      if (!sdd) continue;
      const names = asArray(asDict(sdd.namespaces)?.names).map((n) => scalarText(n) ?? '');
      discovery.push({ job, role: (scalarText(sdd.role) ?? '').toLowerCase(), namespaces: names.length ? names : undefined, keeps, opaque });
    }
  }
  return { staticTargets, discovery };
}

/** Prometheus configurations in ConfigMaps and Secrets of the project (keys holding `scrape_configs`) and in files of their own, once per project. */
export function prometheusConfigs(project: Project): PrometheusScrapeConfig[] {
  return memo(project, 'monitoring.prometheusConfigs', () => findPrometheusConfigs(project), { scope: 'rule' });
}

function findPrometheusConfigs(project: Project): PrometheusScrapeConfig[] {
  const cached: PrometheusScrapeConfig[] = [];
  // The same chart rendered for several environments carries the same configuration: parsed once.
  const read = new Map<string, ReturnType<typeof readPrometheusConfig>>();
  const readOnce = (text: string) => {
    if (!read.has(text)) read.set(text, readPrometheusConfig(text));
    return read.get(text);
  };
  for (const o of kubernetesObjects(project)) {
    if (o.kind !== 'ConfigMap' && o.kind !== 'Secret') continue;
    for (const field of ['data', 'stringData'] as const) {
      for (const [key, value] of Object.entries(asDict(o.data[field]) ?? {})) {
        let text = scalarText(value);
        if (text === undefined || !/\.ya?ml$/i.test(key)) continue;
        if (o.kind === 'Secret' && field === 'data') text = /^[A-Za-z0-9+/=\s]+$/.test(text) ? Buffer.from(text, 'base64').toString('utf8') : '';
        const config = readOnce(text);
        if (config) cached.push({ ...config, where: `${o.kind}/${o.name} ${key}`, doc: o.doc, path: [...o.path, field, key], namespace: o.namespace });
      }
    }
  }
  // Configuration files of their own (`prometheus/prometheus.yml`): no namespace of their own.
  for (const f of project.files) {
    if (f.kind !== 'prometheus-config') continue;
    const config = readPrometheusConfig(f.text);
    if (config) cached.push({ ...config, where: f.path });
  }
  return cached;
}

/** Prometheus's label-name sanitising: every character outside [a-zA-Z0-9_] becomes `_`. */
const sanitizeLabel = (name: string) => name.replace(/[^A-Za-z0-9_]/g, '_');

/**
 * The value of a Kubernetes discovery meta label for a pod (role pod) or the Service in front of it
 * (roles endpoints, endpointslice, service), or undefined when the label is not one read here.
 */
function metaLabelValue(
  label: string,
  role: string,
  pod: { labels: Record<string, string>; annotations: Record<string, string> },
  service: K8sObject | undefined,
  namespace: string | undefined,
): string | undefined {
  if (label === '__meta_kubernetes_namespace') return namespace ?? 'default';
  const meta = metaLabel(label);
  if (!meta) return undefined;
  const { owner, what, name } = meta;
  // The pod's own meta labels exist for roles pod, endpoints and endpointslice; the Service's for endpoints, endpointslice and service.
  const source = owner === 'pod' ? (role === 'service' ? undefined : pod) : role === 'pod' ? undefined : service && { labels: service.labels, annotations: service.annotations };
  if (!source) return '';
  const found = sanitizedLabels(what.startsWith('label') ? source.labels : source.annotations).get(name);
  if (what.endsWith('present')) return found !== undefined ? 'true' : '';
  return found ?? '';
}

interface MetaLabel {
  owner: string;
  what: string;
  name: string;
}

/** `__meta_kubernetes_pod_annotation_prometheus_io_scrape` read once (every workload is tested against the same jobs). */
const metaLabels = new Map<string, MetaLabel | null>();
function metaLabel(label: string): MetaLabel | undefined {
  let meta = metaLabels.get(label);
  if (meta === undefined) {
    const m = /^__meta_kubernetes_(pod|service)_(label|annotation|labelpresent|annotationpresent)_([A-Za-z0-9_]+)$/.exec(label);
    meta = m ? { owner: m[1]!, what: m[2]!, name: m[3]! } : null;
    // Bounded: a repository names a handful; a hostile one cannot grow this without end.
    if (metaLabels.size < 1000) metaLabels.set(label, meta);
  }
  return meta ?? undefined;
}

/** Labels or annotations by their sanitised names, the first of each name winning (as a search in order finds it); once per map. */
const sanitizedMaps = new WeakMap<Record<string, string>, Map<string, string>>();
function sanitizedLabels(map: Record<string, string>): Map<string, string> {
  let out = sanitizedMaps.get(map);
  if (!out) {
    out = new Map();
    for (const [k, v] of Object.entries(map)) {
      const name = sanitizeLabel(k);
      if (!out.has(name)) out.set(name, v);
    }
    sanitizedMaps.set(map, out);
  }
  return out;
}

/** Compiled `keep` regexes by source: every workload is tested against the same few jobs, and
 * compiling an RE2 program per test was a third of a whole-corpus lint. `null`: RE2 refused it. */
const keepPatterns = new Map<string, { test(text: string): boolean } | null>();
function keepPattern(regex: string): { test(text: string): boolean } | null {
  let compiled = keepPatterns.get(regex);
  if (compiled === undefined) {
    try {
      compiled = linearRegExp(new RegExp(`^(?:${regex})$`));
      compiled.test(''); // RE2 compiles on first use: refuse here, once
    } catch {
      compiled = null;
    }
    // Bounded: a repository names a handful; a hostile one cannot grow this without end.
    if (keepPatterns.size < 1000) keepPatterns.set(regex, compiled);
  }
  return compiled;
}

/** Does a discovery job keep the workload (through one of its Services, for Service-based roles)? */
const DISCOVERY_ROLES = new Set(['pod', 'endpoints', 'endpointslice', 'service']);
const POD_ROLE_CANDIDATES = [undefined];

function discoveryKeeps(d: DiscoveryJob, w: Workload, services: K8sObject[], pod: { labels: Record<string, string>; annotations: Record<string, string> }): boolean {
  if (!DISCOVERY_ROLES.has(d.role) || d.opaque) return false;
  if (d.namespaces && !d.namespaces.includes(w.namespace ?? 'default')) return false;
  const candidates = d.role === 'pod' ? POD_ROLE_CANDIDATES : services;
  return candidates.some((svc) =>
    d.keeps.every((k) => {
      const value = metaLabelValue(k.label, d.role, pod, svc, w.namespace);
      if (value === undefined) return false;
      return keepPattern(k.regex)?.test(value) ?? false; // a regex RE2 does not take: not judged as matching
    }),
  );
}

/** A scrape job of the repository's Prometheus configuration that scrapes the workload. */
function scrapeJobSelecting(project: Project, w: Workload, services: K8sObject[], podAnnotations: Record<string, string>): ScrapeEvidence | undefined {
  const pod = { labels: w.podLabels, annotations: podAnnotations };
  for (const c of prometheusConfigs(project)) {
    for (const t of c.staticTargets) {
      // `name`, `name.namespace`, `name.namespace.svc[.cluster.local]`: a Service's DNS names; other hosts are not Services here.
      const parts = t.host.split('.');
      if (parts.length > 2 && parts[2] !== 'svc') continue;
      const [name, ns] = parts;
      const svc = services.find((s) => s.name === name && (ns === undefined ? sameNamespace(s.namespace, c.namespace) : s.namespace === undefined || s.namespace === ns));
      if (svc) return { how: `static target ${t.host} of scrape job ${t.job} in ${c.where}`, object: svc };
    }
    for (const d of c.discovery) {
      if (discoveryKeeps(d, w, services, pod)) return { how: `Kubernetes discovery (role ${d.role}) of scrape job ${d.job} in ${c.where}` };
    }
  }
  return undefined;
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
  for (const { o, sel, selectsServices, namespaceAllowed } of scrapersOf(project)) {
    if (selectsServices) {
      const hit = services.find((s) => namespaceAllowed(s.namespace) && selectorMatches(sel, s.labels));
      if (hit) return { how: `${o.kind}/${o.name}`, object: o };
    } else if (namespaceAllowed(w.namespace) && selectorMatches(sel, w.podLabels)) {
      return { how: `${o.kind}/${o.name}`, object: o };
    }
  }
  const job = scrapeJobSelecting(project, w, services, podAnnotations);
  if (job) return job;
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

interface AlertingEvidence {
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
        if (
          /^(alertingRules|alerting_rules\.ya?ml|additionalPrometheusRules|additionalPrometheusRulesMap)$/.test(k) &&
          (isDict(v) ? Object.keys(v).length > 0 : asArray(v).length > 0)
        ) {
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
  for (const { o, sel, selectsServices, namespaceAllowed } of scrapersOf(project)) {
    if (!selectsServices) continue;
    if (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) continue;
    if (!selectorMatches(sel, w.podLabels)) continue;
    const service = services.find((s) => namespaceAllowed(s.namespace) && !selectorMatches(sel, s.labels));
    if (service) out.push({ monitor: o, service });
  }
  return out;
}
