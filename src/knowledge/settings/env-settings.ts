// Settings as key/value pairs, wherever configuration lives — env files, compose `environment:`,
// container `env:`, ConfigMap `data:`, Dockerfile `ENV`/`ARG`, Helm values — each with the path
// of its value node; plus the env-var conventions rules judge them by: TLS switches and minimum
// versions, certificate verification switches, rate-limit switches, public URLs and internal hosts.

import type { DocPath, DockerfileData, EnvData, SourceDocument } from '../../model/types.js';
import { memo, type Project } from '../../model/project.js';
import { composeEnvironment, type ComposeService } from '../compose/compose.js';
import { containerEnv, type ContainerRef, type K8sObject } from '../kubernetes/kubernetes.js';
import { asDict, identifierWords, isDict, isTruthy, scalarText } from '../data/values.js';

/**
 * `name.ns.svc.<cluster domain>`: `/\.svc\.[a-z0-9.-]+$/` on a lower-case host, read in one pass
 * (as a RegExp it is quadratic on a long host of repeated `.svc.` labels, and RE2 cost a compose
 * run the load of re2js for this one question). The domain is the longest tail of `[a-z0-9.-]`;
 * a `.svc.` inside it with something after it matches, and the first one is the one to try.
 */
function isSvcHost(host: string): boolean {
  let tail = host.length;
  while (tail > 0 && isDomainChar(host.charCodeAt(tail - 1))) tail--;
  const svc = host.indexOf('.svc.', tail);
  return svc !== -1 && svc + 5 < host.length;
}

function isDomainChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}

type SettingSource = 'env-file' | 'compose' | 'container' | 'configmap' | 'dockerfile-env' | 'dockerfile-arg' | 'values' | 'platform';

export interface Setting {
  doc: SourceDocument;
  key: string;
  /** Literal value; undefined when there is none (`- KEY` in compose, `valueFrom`, `ARG NAME`). */
  value?: string;
  /** Path of the value node (or of the entry when there is no value node). */
  path: DocPath;
  source: SettingSource;
  /** Helm values: the dotted path of the key (`auth.rootPassword`). */
  keyPath?: string;
}

/** Env file entries, the last definition of each key (as dotenv loaders read them). */
export function envFileSettings(doc: SourceDocument<EnvData>): Setting[] {
  const last = new Map<string, number>();
  doc.data.entries.forEach((e, i) => last.set(e.key, i));
  return [...last.entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([key, i]) => ({ doc: doc as SourceDocument, key, value: doc.data.entries[i]!.value, path: ['entries', i, 'value'], source: 'env-file' as const }));
}

/** A compose service's `environment:` entries. */
export function composeSettings(service: ComposeService): Setting[] {
  return composeEnvironment(service).map((e) => ({ doc: service.doc, key: e.key, value: e.value, path: e.path, source: 'compose' as const }));
}

/** The rules that read containers' settings: listed once for them, dropped when the last one ends. */
const CONTAINER_SETTINGS_READERS = ['no-debug-in-production', 'no-default-credentials', 'no-plaintext-secrets', 'no-tls-verification-disabled', 'require-modern-tls'];

/** A container's `env:` entries (valueFrom entries have no value); listed once per container (callers do not mutate them). */
export function containerSettings(project: Project, c: ContainerRef): Setting[] {
  const containerSettingsCache = memo(project, 'settings.containers', () => new WeakMap<ContainerRef, Setting[]>(), { readers: CONTAINER_SETTINGS_READERS });
  let settings = containerSettingsCache.get(c);
  if (!settings) {
    settings = containerEnv(c).map((e) => ({ doc: c.workload.doc, key: e.name, value: e.value, path: e.valuePath, source: 'container' as const }));
    containerSettingsCache.set(c, settings);
  }
  return settings;
}

/** A ConfigMap's `data:` entries. */
export function configMapSettings(o: K8sObject): Setting[] {
  return Object.entries(asDict(o.data.data) ?? {}).map(([key, v]) => ({
    doc: o.doc,
    key,
    value: scalarText(v),
    path: [...o.path, 'data', key],
    source: 'configmap' as const,
  }));
}

/** Split Dockerfile instruction arguments the way the builder does: whitespace outside quotes. */
export function shellWords(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let any = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      any = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      cur += text[++i];
      any = true;
    } else if (/\s/.test(ch)) {
      if (cur || any) out.push(cur);
      cur = '';
      any = false;
    } else {
      cur += ch;
      any = true;
    }
  }
  if (cur || any) out.push(cur);
  return out;
}

/** `ENV K=V K2=V2`, `ENV K V` and `ARG K[=V]` of every stage, pointing at the argument token. */
export function dockerfileSettings(doc: SourceDocument<DockerfileData>): Setting[] {
  const out: Setting[] = [];
  doc.data.instructions.forEach((ins, i) => {
    if (ins.keyword !== 'ENV' && ins.keyword !== 'ARG') return;
    const source = ins.keyword === 'ENV' ? ('dockerfile-env' as const) : ('dockerfile-arg' as const);
    const tokenPath = (key: string): DocPath => {
      const j = ins.arguments.findIndex((a) => a.value === key || a.value.startsWith(key + '='));
      return j >= 0 ? ['instructions', i, 'arguments', j] : ['instructions', i];
    };
    const words = shellWords(ins.argsText);
    if (ins.keyword === 'ENV' && words.length >= 2 && !words[0]!.includes('=')) {
      // legacy form: ENV KEY value with spaces
      const key = words[0]!;
      const j = ins.arguments.length > 1 ? 1 : 0;
      out.push({ doc: doc as SourceDocument, key, value: words.slice(1).join(' '), path: ['instructions', i, 'arguments', j], source });
      return;
    }
    for (const w of words) {
      const eq = w.indexOf('=');
      const key = eq >= 0 ? w.slice(0, eq) : w;
      if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) continue;
      out.push({ doc: doc as SourceDocument, key, value: eq >= 0 ? w.slice(eq + 1) : undefined, path: tokenPath(key), source });
    }
  });
  return out;
}

/**
 * The rules that read values settings: each values file's settings (every scalar leaf, with its path
 * and dotted key) are listed once for them and dropped when the last of them ends, not kept next to
 * every document until the rules are done (on the corpus with Helm on, the largest index the rules
 * made).
 */
const VALUES_SETTINGS_READERS = ['no-debug-in-production', 'no-default-credentials', 'no-plaintext-secrets', 'require-rate-limiting'];

const SWITCH_LEAVES = new Set(['enabled', 'enable', 'disabled', 'disable', 'active', 'on', 'value']);

/**
 * Every scalar leaf of a values tree as a setting. A switch leaf (`enabled`, `disabled` …) takes
 * its parent's name as prefix, so `rateLimit.enabled` reads as `rateLimit_enabled`; `{name, value}`
 * items of env lists read as `name`.
 */
export function valuesSettings(project: Project, doc: SourceDocument): Setting[] {
  // Several rules read the same values file: its settings are listed once (callers do not mutate them).
  const valuesSettingsCache = memo(project, 'settings.values', () => new WeakMap<SourceDocument, Setting[]>(), { readers: VALUES_SETTINGS_READERS });
  const cached = valuesSettingsCache.get(doc);
  if (cached) return cached;
  const out: Setting[] = [];
  const visit = (node: unknown, path: DocPath, keyPath: string[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        const d = asDict(item);
        const name = scalarText(d?.name);
        if (d && name !== undefined && 'value' in d && !isDict(d.value) && !Array.isArray(d.value)) {
          out.push({ doc, key: name, value: scalarText(d.value), path: [...path, i, 'value'], source: 'values', keyPath: [...keyPath, name].join('.') });
          return;
        }
        visit(item, [...path, i], keyPath);
      });
      return;
    }
    if (!isDict(node)) return;
    for (const [k, v] of Object.entries(node)) {
      if (isDict(v) || Array.isArray(v)) {
        visit(v, [...path, k], [...keyPath, k]);
        continue;
      }
      const parent = keyPath[keyPath.length - 1];
      const key = SWITCH_LEAVES.has(k.toLowerCase()) && parent ? `${parent}_${k}` : k;
      out.push({ doc, key, value: v === null || v === undefined ? undefined : scalarText(v), path: [...path, k], source: 'values', keyPath: [...keyPath, k].join('.') });
    }
  };
  visit(doc.data, [], []);
  valuesSettingsCache.set(doc, out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hosts and URLs

/** Hosts that never leave the machine, the cluster or a private network. */
export function isInternalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (!h) return true;
  if (h === 'localhost' || h === '0.0.0.0' || h === '::1' || h === '::' || h === 'host.docker.internal') return true;
  if (/^127\./.test(h) || /^10\./.test(h) || /^192\.168\./.test(h) || /^169\.254\./.test(h)) return true;
  if (/^172\.(1[6-9]|2\d|3[01])\./.test(h)) return true;
  if (/^(fc|fd)[0-9a-f]{2}:/.test(h) || /^fe80:/.test(h)) return true;
  if (!h.includes('.') && !h.includes(':')) return true; // a compose service or Kubernetes Service name
  if (/\.(local|localhost|internal|svc|cluster\.local|lan|home\.arpa|intranet|corp|test|example|invalid|localdomain|docker)$/.test(h)) return true;
  if (/(^|\.)example\.(com|org|net)$/.test(h)) return true;
  if (isSvcHost(h)) return true;
  return false;
}

interface ParsedUrl {
  scheme: string;
  host: string;
  port?: string;
  query: Record<string, string>;
}

/** Lenient URL parsing for connection strings (`postgres://u:p@h:5432/db?sslmode=disable`). */
function parseUrl(value: string): ParsedUrl | undefined {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#\s]*@)?(\[[^\]]+\]|[^:/?#\s,]*)(?::(\d+))?[^?#\s]*(?:\?([^#\s]*))?/i.exec(value.trim());
  if (!m) return undefined;
  const query: Record<string, string> = {};
  for (const part of (m[4] ?? '').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    query[(eq >= 0 ? part.slice(0, eq) : part).toLowerCase()] = eq >= 0 ? part.slice(eq + 1) : '';
  }
  return { scheme: m[1]!.toLowerCase(), host: m[2]!, port: m[3], query };
}

/** `http://` URL to a host outside the machine / cluster / private network. */
export function publicHttpUrl(value: string): ParsedUrl | undefined {
  if (!/^http:\/\//i.test(value.trim())) return undefined;
  if (/\$\{|\{\{/.test(value)) return undefined;
  const url = parseUrl(value);
  if (!url || isInternalHost(url.host)) return undefined;
  return url;
}

// ---------------------------------------------------------------------------------------------
// Switches

function words(key: string): readonly string[] {
  return identifierWords(key);
}

const TLS_WORDS = new Set(['TLS', 'SSL', 'HTTPS', 'STARTTLS']);
const ENABLE_WORDS = new Set(['ENABLED', 'ENABLE', 'USE', 'ON', 'REQUIRED', 'REQUIRE', 'FORCE', 'ACTIVE']);
const DISABLE_WORDS = new Set(['DISABLED', 'DISABLE', 'OFF', 'SKIP', 'NO']);
const NOT_A_SWITCH = new Set([
  'VERIFY',
  'VERIFICATION',
  'INSECURE',
  'REJECT',
  'CERT',
  'CERTS',
  'CERTIFICATE',
  'KEY',
  'CA',
  'MODE',
  'PORT',
  'VERSION',
  'MIN',
  'MAX',
  'PROTOCOLS',
  'CIPHERS',
  'FILE',
  'PATH',
  'DIR',
  'HOST',
  'URL',
  'REDIRECT',
  'PROXY',
  'TERMINATION',
  'OFFLOAD',
  'OFFLOADING',
]);

/**
 * Does the setting turn TLS off? `TLS_ENABLED=false`, `SSL=false`, `REDIS_TLS=false`,
 * `MAIL_USE_TLS=False`, `DISABLE_TLS=true`, `tls.enabled: false` (values).
 */
export function tlsSwitchedOff(key: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  const w = words(key);
  if (!w.some((x) => TLS_WORDS.has(x)) || w.some((x) => NOT_A_SWITCH.has(x))) return false;
  if (w.some((x) => DISABLE_WORDS.has(x))) return isTruthy(value);
  const last = w[w.length - 1]!;
  if (TLS_WORDS.has(last) || w.some((x) => ENABLE_WORDS.has(x))) return /^(false|no|off|0)$/i.test(value.trim());
  return false;
}

interface InsecureSetting {
  /** What it disables, for messages (never the value of a secret). */
  what: string;
}

const KNOWN_VERIFY_SWITCHES: Record<string, { off: RegExp; what: string }> = {
  NODE_TLS_REJECT_UNAUTHORIZED: { off: /^0$/, what: 'Node.js certificate verification' },
  PYTHONHTTPSVERIFY: { off: /^0$/, what: 'Python HTTPS certificate verification' },
  GIT_SSL_NO_VERIFY: { off: /^(1|true|yes)$/i, what: 'git certificate verification' },
  NPM_CONFIG_STRICT_SSL: { off: /^(false|0|no)$/i, what: 'npm certificate verification' },
  YARN_STRICT_SSL: { off: /^(false|0|no)$/i, what: 'yarn certificate verification' },
  PIP_TRUSTED_HOST: { off: /./, what: 'pip certificate verification for the trusted hosts' },
  CURL_INSECURE: { off: /^(1|true|yes)$/i, what: 'curl certificate verification' },
  PGSSLMODE: { off: /^(disable|allow|prefer)$/i, what: 'PostgreSQL TLS (sslmode)' },
  DOCKER_TLS_VERIFY: { off: /^(0|false)$/i, what: 'Docker client certificate verification' },
};

/**
 * Does the setting disable outgoing certificate verification (or TLS to a remote database)?
 * Known switches (`NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`, `GIT_SSL_NO_VERIFY=1`,
 * `PGSSLMODE=disable`), naming conventions (`*_SSL_VERIFY=false`, `*_INSECURE_SKIP_VERIFY=true`,
 * `*_REJECT_UNAUTHORIZED=false`) and connection URLs (`sslmode=disable` to a non-local host,
 * `tlsInsecure=true`, `tlsAllowInvalidCertificates=true`, `ssl_cert_reqs=none`,
 * `trustServerCertificate=true`).
 */
export function insecureTlsSetting(key: string, value: string | undefined): InsecureSetting | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().replace(/^['"]|['"]$/g, '');
  const known = KNOWN_VERIFY_SWITCHES[key.toUpperCase()];
  if (known) return known.off.test(v) ? { what: known.what } : undefined;
  const w = words(key);
  const has = (...xs: string[]) => xs.some((x) => w.includes(x));
  const tlsish = has('TLS', 'SSL', 'HTTPS', 'CERT', 'CERTS', 'CERTIFICATE', 'CERTIFICATES');
  if (tlsish && has('VERIFY', 'VERIFICATION', 'VALIDATE', 'VALIDATION', 'CHECK') && !has('SKIP', 'NO', 'DISABLE', 'DISABLED', 'INSECURE')) {
    if (/^(false|no|off|0|none)$/i.test(v)) return { what: 'certificate verification' };
  }
  if (has('REJECT') && has('UNAUTHORIZED') && /^(false|0|no)$/i.test(v)) return { what: 'certificate verification' };
  if ((tlsish || has('VERIFY')) && has('SKIP', 'NO', 'INSECURE', 'DISABLE', 'DISABLED') && !has('PORT', 'HOST', 'URL')) {
    if (/^(true|yes|on|1)$/i.test(v)) return { what: 'certificate verification' };
  }
  return insecureUrl(v);
}

/** Connection URL options that turn TLS or its verification off, towards a non-local host. */
function insecureUrl(value: string): InsecureSetting | undefined {
  const url = parseUrl(value);
  if (!url || /\$\{|\{\{/.test(url.host)) return undefined;
  const q = url.query;
  const flag = (name: string, re: RegExp) => q[name.toLowerCase()] !== undefined && re.test(decodeSafe(q[name.toLowerCase()]!));
  if (
    flag('tlsInsecure', /^true$/i) ||
    flag('tlsAllowInvalidCertificates', /^true$/i) ||
    flag('tlsAllowInvalidHostnames', /^true$/i) ||
    flag('sslInvalidHostNameAllowed', /^true$/i)
  ) {
    return { what: 'certificate verification of the connection' };
  }
  if (flag('ssl_cert_reqs', /^(none|cert_none)$/i) || flag('sslaccept', /^accept_invalid_certs$/i) || flag('trustServerCertificate', /^true$/i)) {
    return { what: 'certificate verification of the connection' };
  }
  if (flag('sslmode', /^(disable|allow|prefer)$/i) && !isInternalHost(url.host)) return { what: 'TLS of the database connection (sslmode)' };
  return undefined;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Protocol names below TLS 1.2: `TLSv1`, `TLSv1.1`, `1.0`, `TLS1_1`, `VersionTLS10`, `SSLv3`, `TLSV1_0`. */
export function weakTlsVersions(text: string): string[] {
  const found = new Set<string>();
  const re = /\b(?:SSLv[23]\b|TLS ?v?1(?:[._][01])?(?![._]?\d)|VersionTLS1[01]\b|TLS1[01]\b)|(?<![\d.])1\.[01](?![\d.])/gi;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const t = m[0];
    if (/1\.2|1\.3|1_2|1_3|12|13/.test(t)) continue;
    found.add(t);
  }
  return [...found];
}

/**
 * A minimum-version or protocol-list setting that allows TLS below 1.2: `TLS_MIN_VERSION=1.0`,
 * `SSL_PROTOCOLS=TLSv1 TLSv1.1 TLSv1.2`, `MIN_TLS_VERSION=TLSv1.1`, `NODE_OPTIONS=--tls-min-v1.0`.
 */
export function weakTlsMinimum(key: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  const node = /--tls-min-v1\.[01]\b/.exec(v);
  if (node) return node[0];
  const w = words(key);
  if (!w.some((x) => TLS_WORDS.has(x) || x === 'TLSV' || x === 'SSLV')) return undefined;
  if (!w.some((x) => ['MIN', 'MINIMUM', 'VERSION', 'VERSIONS', 'PROTOCOL', 'PROTOCOLS'].includes(x))) return undefined;
  if (w.includes('MAX') || w.includes('MAXIMUM')) return undefined;
  const weak = weakTlsVersions(v);
  return weak.length ? weak.join(', ') : undefined;
}

const RATE_WORDS = ['RATELIMIT', 'RATELIMITS', 'RATELIMITING', 'RATELIMITER', 'THROTTLE', 'THROTTLING', 'THROTTLER'];

/** Does the key name a rate-limiting setting (`RATE_LIMIT_ENABLED`, `rateLimit_enabled`, `THROTTLE`)? */
export function isRateLimitKey(key: string): boolean {
  const w = words(key);
  if (w.some((x) => RATE_WORDS.includes(x))) return true;
  for (let i = 0; i + 1 < w.length; i++) if (w[i] === 'RATE' && /^LIMIT/.test(w[i + 1]!)) return true;
  return false;
}

/** `RATE_LIMIT_ENABLED=false`, `RATE_LIMIT=off`, `DISABLE_RATE_LIMIT=true`, `rateLimit.enabled: false`. */
export function rateLimitSwitchedOff(key: string, value: string | undefined): boolean {
  if (value === undefined || !isRateLimitKey(key)) return false;
  const w = words(key);
  const v = value.trim();
  if (w.some((x) => DISABLE_WORDS.has(x) && x !== 'NO')) return /^(true|yes|on|1)$/i.test(v);
  if (w.some((x) => ENABLE_WORDS.has(x))) return /^(false|no|off|0)$/i.test(v);
  const last = w[w.length - 1]!;
  if (RATE_WORDS.includes(last) || /^LIMIT(S|ING|ER)?$/.test(last)) return /^(false|no|off)$/i.test(v);
  return false;
}
