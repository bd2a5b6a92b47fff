// Pure classification: (path, text) → SourceFile kind, environment and chart root. No filesystem
// access, so the core lint() and tests can use it on in-memory files.

import { chartCiValuesEvidence, environmentFromPath, type EnvironmentEvidence } from '../model/environments.js';
import type { Environment, FileKind, SourceFile } from '../model/types.js';

export interface InputFile {
  path: string;
  text: string;
}

/** POSIX, relative, no leading `./`. */
export function normalizePath(p: string): string {
  let s = p.replace(/\\/g, '/');
  while (s.startsWith('./')) s = s.slice(2);
  return s.replace(/\/{2,}/g, '/');
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i === -1 ? '' : p.slice(0, i);
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function join(dir: string, rel: string): string {
  return dir === '' ? rel : `${dir}/${rel}`;
}

// ---------------------------------------------------------------------------------------------
// Environment (the words and rules live in model/environments.ts)

const CHART_KINDS: ReadonlySet<FileKind> = new Set(['helm-values', 'helm-chart', 'helm-template', 'helm-other']);

/** The environment of a file from its name and place, with the evidence that decided it. */
export function environmentEvidenceOf(path: string, kind?: FileKind, chartRoot?: string): EnvironmentEvidence {
  const p = normalizePath(path);
  return environmentFromPath(p, {
    compose: kind === 'compose',
    ciPipeline: kind === 'ci-config',
    // Inside a chart, the chart's own folder names (`local-path-provisioner`, `test-runner`,
    // `templates/`) say nothing about the environment: only the folders above the chart do.
    folder: chartRoot !== undefined && kind !== undefined && CHART_KINDS.has(kind) ? dirname(chartRoot) : undefined,
  });
}

export function environmentOf(path: string, kind?: FileKind, chartRoot?: string): Environment {
  return environmentEvidenceOf(path, kind, chartRoot).environment;
}

// ---------------------------------------------------------------------------------------------
// Kinds by name

const CODE_EXTENSIONS = new Set([
  'js',
  'mjs',
  'cjs',
  'ts',
  'mts',
  'cts',
  'jsx',
  'tsx',
  'json',
  'json5',
  'py',
  'rb',
  'go',
  'rs',
  'java',
  'kt',
  'php',
  'sh',
  'bash',
  'zsh',
  'fish',
  'ps1',
  'bat',
  'cmd',
  'yaml',
  'yml',
  'toml',
  'md',
  'html',
  'css',
  'scss',
  'vue',
  'svelte',
  'swift',
  'cs',
  'lua',
  'pl',
  'lock',
  'log',
  'xml',
  'map',
  'envsh',
  'nix',
  'tf',
  'hcl',
  'gradle',
  'properties',
  'dart',
  'ex',
  'exs',
  'r',
  'c',
  'h',
  'cpp',
  'cc',
  'hpp',
  'zip',
  'gz',
  'tgz',
  'gpg',
  'asc',
  'age',
  'enc',
  'swp',
]);

const TEMPLATE_TOKENS = new Set(['example', 'examples', 'sample', 'samples', 'template', 'tmpl', 'tpl', 'dist', 'defaults', 'default']);

/** 'env' | 'env-template' | undefined for an env file name. */
export function envKindOf(name: string): 'env' | 'env-template' | undefined {
  const lower = name.toLowerCase();
  let parts: string[];
  if (lower === '.env') return 'env';
  if (lower.startsWith('.env.')) parts = lower.slice(5).split('.');
  else if (lower.endsWith('.env') && lower.length > 4) parts = lower.slice(0, -4).split('.');
  else if (/^env\.(example|sample|template|dist|defaults|tmpl)$/.test(lower)) return 'env-template';
  else {
    // `app.env.example`, `db.env.sample.local`: an env file name followed by template tokens.
    const segs = lower.split('.');
    const i = segs.indexOf('env');
    if (i > 0 && i < segs.length - 1 && segs.slice(i + 1).some((t) => TEMPLATE_TOKENS.has(t))) {
      return segs.slice(i + 1).every((t) => !CODE_EXTENSIONS.has(t)) ? 'env-template' : undefined;
    }
    return undefined;
  }
  const last = lower.slice(lower.lastIndexOf('.') + 1);
  if (lower.startsWith('.env.') && CODE_EXTENSIONS.has(last)) return undefined;
  if (parts.some((t) => TEMPLATE_TOKENS.has(t))) return 'env-template';
  return 'env';
}

const NOT_DOCKERFILE_EXT = new Set([
  'template',
  'tmpl',
  'tpl',
  'j2',
  'jinja',
  'jinja2',
  'erb',
  'in',
  'm4',
  'mustache',
  'hbs',
  'ejs',
  'gotmpl',
  'md',
  'txt',
  'bak',
  'orig',
  'old',
  'swp',
  'rej',
  'json',
  'yaml',
  'yml',
  'sh',
  'ps1',
  'py',
  'js',
  'ts',
  'lock',
  'log',
  'html',
  'patch',
  'diff',
  'example',
  'sample',
]);

function isTemplateText(text: string): boolean {
  return text.includes('{{');
}

/** True for a Dockerfile name (not yet checking template content). */
export function isDockerfileName(name: string): boolean {
  const lower = name.toLowerCase();
  let ext: string;
  if (lower === 'dockerfile' || lower === 'containerfile') return true;
  if (/^(?:dockerfile|containerfile)[._-]/.test(lower)) {
    const dot = lower.indexOf('.');
    ext = dot === -1 ? '' : lower.slice(lower.lastIndexOf('.') + 1);
    // Dockerfile.template, Dockerfile-template, Dockerfile.prod.tmpl, Dockerfile.md … are not Dockerfiles.
    const parts = lower.split(/[._-]/).slice(1);
    if (parts.some((t) => NOT_DOCKERFILE_EXT.has(t)) || CODE_EXTENSIONS.has(ext)) return false;
    return ext !== 'dockerignore';
  }
  if (lower.endsWith('.dockerfile') || lower.endsWith('.containerfile')) {
    const parts = lower.split('.').slice(0, -1);
    return !parts.some((t) => t === 'template' || t === 'tmpl' || t === 'tpl');
  }
  return false;
}

const COMPOSE_NAME = /^(?:docker-compose[^/]*|compose(?:[.-][^/]*)?|[^/]+\.compose)\.ya?ml$/i;

function isComposeName(name: string): boolean {
  if (!COMPOSE_NAME.test(name)) return false;
  // `compose.yaml`, `compose.prod.yaml`, `docker-compose.override.yml`, `api.compose.yaml`;
  // not `composer.yaml` (PHP) – the regex requires a delimiter after "compose".
  return true;
}

function isYamlName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

function ciKind(path: string): boolean {
  const name = basename(path);
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return true;
  if (name === '.gitlab-ci.yml' || name === '.gitlab-ci.yaml') return true;
  if (/(^|\/)\.circleci\/config\.ya?ml$/.test(path)) return true;
  if (name === 'Jenkinsfile' || /^Jenkinsfile\.[^/]+$/.test(name)) return true;
  if (name === 'azure-pipelines.yml' || name === 'azure-pipelines.yaml') return true;
  if (name === 'bitbucket-pipelines.yml' || name === 'bitbucket-pipelines.yaml') return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Private keys

/** Names that are private keys whatever they hold (SSH keys, PKCS#12 bundles, PuTTY keys). */
const KEY_BY_NAME = /^id_(?:rsa|dsa|ecdsa|ed25519|ecdsa_sk|ed25519_sk)$|\.(?:p12|pfx|ppk)$/i;
/** Names that hold a private key, a certificate or a public key: the header decides. */
const KEY_BY_CONTENT = /\.(?:pem|key)$/i;
/** A PEM private key header followed by a body line (an empty envelope is a placeholder). */
const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[ \t]*\r?\n[ \t]*(?!-----END)\S/;

/** How much of a `.pem`/`.key` file is read to find a private key header (a key after a long certificate chain is missed). */
export const PRIVATE_KEY_SNIFF_CHARS = 16 * 1024;

/** 'name' when the name alone says private key, 'content' when its first bytes must say so. */
export function privateKeyNameKind(name: string): 'name' | 'content' | undefined {
  if (KEY_BY_NAME.test(name)) return 'name';
  if (KEY_BY_CONTENT.test(name)) return 'content';
  return undefined;
}

/** A private key file, from its name and (for .pem/.key) the start of its text. */
export function isPrivateKeyFile(name: string, head: string): boolean {
  const by = privateKeyNameKind(name);
  if (by === 'name') return true;
  return by === 'content' && PEM_PRIVATE_KEY.test(head.slice(0, PRIVATE_KEY_SNIFF_CHARS));
}

// ---------------------------------------------------------------------------------------------
// Content sniffing (cheap: regular expressions over the text, no parse)

const K8S_API_VERSION = /^["']?apiVersion["']?[ \t]*:/m;
const K8S_KIND = /^["']?kind["']?[ \t]*:/m;

/** YAML/JSON with top-level `apiVersion` and `kind` in one of its documents. */
export function looksLikeKubernetes(text: string, name: string): boolean {
  if (/\.json$/i.test(name)) {
    const t = text.trimStart();
    if (!t.startsWith('{')) return false;
    return /"apiVersion"\s*:/.test(text) && /"kind"\s*:/.test(text);
  }
  if (!K8S_API_VERSION.test(text) || !K8S_KIND.test(text)) return false;
  const docs = text.split(/^---[ \t]*(?:#.*)?$/m);
  if (docs.length === 1) return true;
  return docs.some((d) => K8S_API_VERSION.test(d) && K8S_KIND.test(d));
}

const COMPOSE_SERVICES = /^services[ \t]*:[ \t]*(?:#.*)?$/m;
const COMPOSE_SERVICE_FIELD = /^[ \t]+(?:image|build)[ \t]*:/m;

/** A top-level `services:` mapping whose entries have `image:` or `build:`. */
export function looksLikeCompose(text: string): boolean {
  const m = COMPOSE_SERVICES.exec(text);
  if (!m) return false;
  return COMPOSE_SERVICE_FIELD.test(text.slice(m.index));
}

// ---------------------------------------------------------------------------------------------
// Platform files (Render, ECS, Vercel, Fly.io, Railway): by name, ECS task definitions by content

/** The platform kind a file name gives, if any. */
export function platformKindByName(path: string): FileKind | undefined {
  const name = basename(path).toLowerCase();
  if (name === 'render.yaml' || name === 'render.yml') return 'render';
  // `fly.toml`, and per-environment copies deployed with `fly deploy -c fly.staging.toml`.
  if (name === 'fly.toml' || /^fly[.-][^/]+\.toml$/.test(name)) return 'fly';
  // `now.json` is the same file under Vercel's former name.
  if (name === 'vercel.json' || name === 'now.json') return 'vercel';
  if (name === 'railway.json' || name === 'railway.toml') return 'railway';
  if (UNSUPPORTED_PLATFORM_FILES.some((re) => re.test(path))) return 'platform-unsupported';
  return undefined;
}

/** Platform files readiness-lint knows by name but does not judge (a notice names each). */
const UNSUPPORTED_PLATFORM_FILES: readonly RegExp[] = [
  /(^|\/)netlify\.toml$/i,
  /(^|\/)heroku\.ya?ml$/i,
  /(^|\/)\.do\/(app|deploy\.template)\.ya?ml$/i,
  /(^|\/)\.platform\.app\.yaml$/i,
  /(^|\/)koyeb\.ya?ml$/i,
];

/** The platform a known-but-unsupported file belongs to, for the notice. */
export function unsupportedPlatformName(path: string): string {
  const name = basename(path).toLowerCase();
  if (name.startsWith('netlify')) return 'Netlify';
  if (name.startsWith('heroku')) return 'Heroku';
  if (/(^|\/)\.do\//.test(path)) return 'DigitalOcean App Platform';
  if (name === '.platform.app.yaml') return 'Platform.sh';
  return 'Koyeb';
}

/** A Fly.io config under another name (`fly.production.toml` is by name): an `app = …` line and a Fly table. */
export function looksLikeFlyToml(text: string): boolean {
  return /^app[ \t]*=[ \t]*["']/m.test(text) && /^(?:\[http_service\]|\[\[services\]\]|\[\[vm\]\]|\[build\]|\[deploy\]|\[env\]|\[\[mounts\]\]|primary_region[ \t]*=)/m.test(text);
}

// Quoted anywhere (minified JSON as `aws ecs describe-task-definition` writes it), or a YAML key.
const ECS_CONTAINER_DEFINITIONS = /"containerDefinitions"\s*:|^[ \t]*containerDefinitions[ \t]*:/m;
const CFN_TASK_DEFINITION = /AWS::ECS::TaskDefinition/;
const CFN_CONTAINER_DEFINITIONS = /["']?ContainerDefinitions["']?[ \t]*:/;

/**
 * An ECS task definition as registered (`containerDefinitions`, the shape of
 * `aws ecs register-task-definition` and amazon-ecs-deploy-task-definition), or a CloudFormation
 * template with an `AWS::ECS::TaskDefinition` resource (PascalCase `ContainerDefinitions`).
 */
export function looksLikeEcsTaskDefinition(text: string): boolean {
  return ECS_CONTAINER_DEFINITIONS.test(text) || (CFN_TASK_DEFINITION.test(text) && CFN_CONTAINER_DEFINITIONS.test(text));
}

// ---------------------------------------------------------------------------------------------
// Helm layout

interface ChartRole {
  kind: FileKind;
  chartRoot: string;
  ciValues?: boolean;
}

function helmRole(path: string, chartSet: ReadonlySet<string>): ChartRole | undefined {
  // The path's folders from the root down, looked up in the set (not every chart per file): the
  // first chart found is the outermost, the last the innermost.
  let outer: string | undefined;
  let inner: string | undefined;
  const visit = (dir: string): void => {
    if (!chartSet.has(dir)) return;
    if (outer === undefined) outer = dir;
    inner = dir;
  };
  visit('');
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) visit(path.slice(0, i));
  if (outer === undefined || inner === undefined) return undefined;
  const rel = inner === '' ? path : path.slice(inner.length + 1);
  if (rel === 'Chart.yaml') return { kind: 'helm-chart', chartRoot: outer };
  if (rel.startsWith('templates/')) return { kind: 'helm-template', chartRoot: outer };
  if (!rel.includes('/') && /^values[^/]*\.ya?ml$/i.test(rel)) return { kind: 'helm-values', chartRoot: outer };
  if (/^ci\/[^/]*\.ya?ml$/i.test(rel)) return { kind: 'helm-values', chartRoot: outer, ciValues: true };
  if (
    rel === '.helmignore' ||
    rel === 'values.schema.json' ||
    rel === 'Chart.lock' ||
    rel === 'requirements.yaml' ||
    rel === 'requirements.lock' ||
    /^(crds|files|charts)\//.test(rel)
  ) {
    return { kind: 'helm-other', chartRoot: outer };
  }
  return undefined;
}

/** Values files kept beside chart folders: `helm/values-prod.yaml` next to `helm/mychart/`. */
function besideChart(path: string, chartDirs: readonly string[], chartSet: ReadonlySet<string>): string | undefined {
  const name = basename(path);
  if (!/^values[^/]*\.ya?ml$/i.test(name)) return undefined;
  const dir = dirname(path);
  if (chartSet.has(dir)) return undefined;
  const siblings = chartDirs.filter((c) => c !== '' && dirname(c) === dir);
  if (siblings.length === 0) return undefined;
  if (siblings.length === 1) return siblings[0];
  // Several charts side by side: the one whose folder name appears in the file name (longest).
  const lower = name.toLowerCase();
  let best: string | undefined;
  for (const c of siblings) {
    const chartName = basename(c).toLowerCase();
    if (lower.includes(chartName) && (!best || chartName.length > basename(best).length)) best = c;
  }
  return best ?? [...siblings].sort()[0];
}

// ---------------------------------------------------------------------------------------------

/** Decide kind, environment and chart root of each file; files of no known kind are dropped. */
export interface ClassifyOptions {
  /**
   * Chart folders known to exist although their Chart.yaml is not among the inputs (discovery
   * passes them when single files inside or beside a chart are linted).
   */
  chartDirs?: readonly string[];
}

export function classifyFiles(inputs: readonly InputFile[], options?: ClassifyOptions): SourceFile[] {
  const files = inputs.map((f) => ({
    path: normalizePath(f.path),
    text: f.text.charCodeAt(0) === 0xfeff ? f.text.slice(1) : f.text,
  }));
  const chartDirs = [
    ...new Set([
      ...files.filter((f) => basename(f.path) === 'Chart.yaml').map((f) => dirname(f.path)),
      ...(options?.chartDirs ?? []).map((d) => normalizePath(d).replace(/\/$/, '')).map((d) => (d === '.' ? '' : d)),
    ]),
  ].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const chartSet = new Set(chartDirs);

  const out: SourceFile[] = [];
  for (const f of files) {
    const sf = classifyOne(f.path, f.text, chartDirs, chartSet);
    if (sf) out.push(sf);
  }
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return out;
}

function classifyOne(path: string, text: string, chartDirs: readonly string[], chartSet: ReadonlySet<string>): SourceFile | undefined {
  const name = basename(path);
  const make = (kind: FileKind, extra?: { chartRoot?: string; evidence?: EnvironmentEvidence; beside?: boolean }): SourceFile => {
    const inChart = extra?.chartRoot !== undefined && !extra.beside;
    const evidence = extra?.evidence ?? environmentEvidenceOf(path, kind, inChart ? extra.chartRoot : undefined);
    const sf: SourceFile = { path, text, kind, environment: evidence.environment, environmentEvidence: evidence };
    if (extra?.chartRoot !== undefined) sf.chartRoot = extra.chartRoot;
    return sf;
  };

  if (chartDirs.length > 0) {
    const role = helmRole(path, chartSet);
    if (role) {
      return make(role.kind, { chartRoot: role.chartRoot, ...(role.ciValues ? { evidence: chartCiValuesEvidence() } : {}) });
    }
    const beside = besideChart(path, chartDirs, chartSet);
    if (beside !== undefined) return make('helm-values', { chartRoot: beside, beside: true });
  }

  // Never kept as text: a rule needs only that it exists (and must never print it).
  if (isPrivateKeyFile(name, text)) return { ...make('private-key'), text: '' };

  if (name === '.gitignore') return make('gitignore');
  if (name === '.dockerignore' || /\.dockerignore$/i.test(name)) return make('dockerignore');
  if (ciKind(path)) return make('ci-config');

  const envKind = envKindOf(name);
  if (envKind) return make(envKind);

  if (isScriptName(name)) return make('script');

  if (isDockerfileName(name)) return isTemplateText(text) ? undefined : make('dockerfile');

  // kustomization files need no apiVersion/kind; the kustomize stage builds them
  if (name === 'kustomization.yaml' || name === 'kustomization.yml' || name === 'Kustomization') return make('kubernetes');

  const platform = platformKindByName(path);
  // Never kept as text: only its name is reported.
  if (platform === 'platform-unsupported') return { ...make(platform), text: '' };
  if (platform) return make(platform);

  if (/\.toml$/i.test(name)) return looksLikeFlyToml(text) ? make('fly') : undefined;

  if (isYamlName(name) && isComposeName(name)) return make('compose');
  if (isYamlName(name) || /\.json$/i.test(name)) {
    if (looksLikeKubernetes(text, name)) return make('kubernetes');
    if (looksLikeEcsTaskDefinition(text)) return make('ecs-task-definition');
    if (isYamlName(name) && looksLikeCompose(text)) return make('compose');
    if (isYamlName(name) && PROMETHEUS_CONFIG.test(text)) return make('prometheus-config');
  }
  return undefined;
}

/** A Prometheus configuration: a top-level `scrape_configs:` key (one line, no backtracking across lines). */
const PROMETHEUS_CONFIG = /^scrape_configs:[ \t]*(#.*)?$/m;

/** Shell scripts: read as evidence of what a compose service or an image runs (`./backup.sh` bind-mounted or copied). */
export function isScriptName(name: string): boolean {
  return /\.(sh|bash)$/i.test(name);
}

export { join as joinPath, dirname as dirnamePosix, basename as basenamePosix };
