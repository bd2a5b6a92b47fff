// Compose knowledge: services with their paths, environment in list or map form (with the path of
// each entry), build → Dockerfile resolution, one-shot service detection, published ports.

import { posix } from 'node:path';
import type { DocPath, DockerfileData, Environment, SourceDocument, SourceFile } from '../../model/types.js';
import { environmentNamed } from '../../model/environments.js';
import { memo, type Project } from '../../model/project.js';
import { asArray, asDict, isDict, isTruthy, scalarText, type Dict } from '../data/values.js';
import { execFormArgs, finalStage, stageChain, stageInstructions } from '../dockerfile/dockerfile.js';

export interface ComposeService {
  doc: SourceDocument;
  name: string;
  /** ['services', name] */
  path: DocPath;
  data: Dict;
}

// Asked for by most rules, and by serviceRole for every service it judges (quadratic per file when
// listed again each time): listed once per document. Callers only read the lists.
const servicesOf = new WeakMap<SourceDocument, ComposeService[]>();
const environmentOf = new WeakMap<ComposeService, ComposeEnvEntry[]>();

export function composeServices(doc: SourceDocument): ComposeService[] {
  let services = servicesOf.get(doc);
  if (!services) servicesOf.set(doc, (services = listServices(doc)));
  return services;
}

function listServices(doc: SourceDocument): ComposeService[] {
  const services = asDict(asDict(doc.data)?.services);
  if (!services) return [];
  return Object.entries(services).map(([name, data]) => ({
    doc,
    name,
    path: ['services', name],
    data: isDict(data) ? data : {},
  }));
}

export interface ComposeEnvEntry {
  key: string;
  /** Undefined for `- KEY` / `KEY:` with no value (taken from the shell environment). */
  value?: string;
  /** Path of the node holding the value: the list item (`- KEY=value`) or the map value. */
  path: DocPath;
  form: 'list' | 'map';
}

/** `environment:` entries of a service, in either form (listed once per service; callers only read them). */
export function composeEnvironment(service: ComposeService): ComposeEnvEntry[] {
  let entries = environmentOf.get(service);
  if (!entries) environmentOf.set(service, (entries = listEnvironment(service)));
  return entries;
}

function listEnvironment(service: ComposeService): ComposeEnvEntry[] {
  const env = service.data.environment;
  const base = [...service.path, 'environment'];
  if (Array.isArray(env)) {
    return env.flatMap((item, i) => {
      const text = scalarText(item);
      if (text === undefined) return [];
      const eq = text.indexOf('=');
      const key = (eq >= 0 ? text.slice(0, eq) : text).trim();
      if (!key) return [];
      return [{ key, value: eq >= 0 ? text.slice(eq + 1) : undefined, path: [...base, i], form: 'list' as const }];
    });
  }
  const map = asDict(env);
  if (!map) return [];
  return Object.entries(map).map(([key, v]) => ({
    key,
    value: v === null || v === undefined ? undefined : (scalarText(v) ?? JSON.stringify(v)),
    path: [...base, key],
    form: 'map' as const,
  }));
}

/** Compose interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`, `$VAR`. */
interface Interpolation {
  variable: string;
  /** The fallback written after `:-` / `-`. */
  fallback?: string;
}

export function interpolations(value: string): Interpolation[] {
  const out: Interpolation[] = [];
  // A default stops at the next `$` as well as at `}`: `[^}]*` rescanned the rest of the value
  // for every unclosed `${A-`, quadratic on a long value (a nested default is not read).
  const re = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}$]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    if (m.index > 0 && value[m.index - 1] === '$') continue; // $$ escapes
    if (m[4]) out.push({ variable: m[4] });
    else out.push({ variable: m[1]!, fallback: m[2] && m[2].endsWith('-') ? m[3] : undefined });
  }
  return out;
}

interface BuildInfo {
  /** POSIX path of the build context, relative to the run (as SourceFile paths are). */
  context: string;
  /** POSIX path of the Dockerfile. */
  dockerfilePath: string;
  target?: string;
  /** The parsed Dockerfile document, when the project holds it. */
  dockerfile?: SourceDocument<DockerfileData>;
  /** Path of the `build` node in the compose document. */
  path: DocPath;
}

/** Resolve `build: ./dir` / `build: {context, dockerfile, target}` relative to the compose file's folder. */
export function resolveBuild(project: Project, service: ComposeService): BuildInfo | undefined {
  // asked by ten rules for every service: resolved once per service (callers only read the result)
  const builds = memo(project, 'compose.builds', () => new Map<ComposeService, BuildInfo | undefined>());
  if (builds.has(service)) return builds.get(service);
  const build = resolveBuildOnce(project, service);
  builds.set(service, build);
  return build;
}

function resolveBuildOnce(project: Project, service: ComposeService): BuildInfo | undefined {
  const build = service.data.build;
  if (build === undefined || build === null) return undefined;
  let context: string;
  let dockerfile = 'Dockerfile';
  let target: string | undefined;
  if (typeof build === 'string') context = build;
  else if (isDict(build)) {
    context = scalarText(build.context) ?? '.';
    dockerfile = scalarText(build.dockerfile) ?? 'Dockerfile';
    target = scalarText(build.target);
    if (build.dockerfile_inline !== undefined) return { context, dockerfilePath: '', target, path: [...service.path, 'build'] };
  } else return undefined;
  const path: DocPath = [...service.path, 'build'];
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@')) return { context, dockerfilePath: '', target, path };
  const composeDir = posix.dirname(service.doc.file.path);
  const ctx = posix.normalize(posix.join(composeDir, context));
  const dockerfilePath = posix.normalize(posix.isAbsolute(dockerfile) ? dockerfile : posix.join(ctx, dockerfile));
  const wanted = stripDot(dockerfilePath);
  const doc = dockerfilesByPath(project).get(wanted);
  return { context: stripDot(ctx), dockerfilePath: wanted, target, dockerfile: doc, path };
}

const stripDot = (p: string): string => p.replace(/^\.\//, '');
/** Dockerfile documents by normalised path, the first of each path (once per project: asked per service). */
function dockerfilesByPath(project: Project): Map<string, SourceDocument<DockerfileData>> {
  return memo(
    project,
    'compose.dockerfilesByPath',
    () => {
      const index = new Map<string, SourceDocument<DockerfileData>>();
      for (const d of project.ofKind<DockerfileData>('dockerfile')) {
        const key = stripDot(posix.normalize(d.file.path));
        if (!index.has(key)) index.set(key, d);
      }
      return index;
    },
    { scope: 'rule' },
  );
}

/** Restart policy as written (`restart:` or `deploy.restart_policy.condition`), lower-case. */
export function restartPolicy(service: ComposeService): string | undefined {
  const r = scalarText(service.data.restart);
  if (r !== undefined) return r.toLowerCase();
  const cond = scalarText(asDict(asDict(asDict(service.data.deploy)?.restart_policy))?.condition);
  return cond?.toLowerCase();
}

function commandText(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => scalarText(v) ?? '').join(' ');
  return scalarText(value) ?? '';
}

const ONE_SHOT_WORDS =
  /(^|[^a-z])(migrat\w*|seed\w*|init|setup|bootstrap|provision\w*|create[-_]?buckets?|fixtures?|db[-_:]?upgrade|upgrade|install|wait[-_]for\w*|prestart|pre[-_]start)($|[^a-z])/i;

/** Test runners: a service running one runs the tests and exits. */
const TEST_RUNNER =
  /(^|[\s;&|(])((go|cargo|dotnet|mix|mvn|gradle|\.\/gradlew|\.\/mvnw) test|(npm|yarn|pnpm|bun)( run)? test(:\S*)?|python3? -m (pytest|unittest)|pytest|py\.test|tox|nox|jest|vitest run|mocha|rspec|bundle exec (rspec|rake test)|rails test|phpunit|vendor\/bin\/phpunit|playwright test|cypress run|behave|ctest)($|[\s;&|)])/i;

type ServiceRole = 'service' | 'job';

/**
 * Whether a compose service keeps running (a service) or runs once and exits (a job: a
 * migration, a seed, a test runner). Jobs need no healthcheck, restart policy, replicas or
 * backups; every rule that judges long-running services asks this one function. A service is a
 * job when:
 * - the model it belongs to serves tests (`docker-compose.test.yml`): its runners and its
 *   throw-away databases alike;
 * - its profiles all name the test environment (`profiles: [test]`);
 * - it never restarts (`restart: "no"`);
 * - another service waits for it to complete (`condition: service_completed_successfully`);
 * - its command or entrypoint runs a test runner (`go test`, `pytest`, `npm test` …);
 * - it does not restart always and its name, command or entrypoint says migrate / seed / init /
 *   setup / bootstrap / provision / create-buckets / upgrade.
 */
export function serviceRole(service: ComposeService, environment?: Environment): { role: ServiceRole; reason: string } {
  // Asked by five rules for every service: judged once per service and environment (callers only read it).
  let byEnvironment = roleOf.get(service);
  if (!byEnvironment) roleOf.set(service, (byEnvironment = new Map()));
  let role = byEnvironment.get(environment);
  if (!role) byEnvironment.set(environment, (role = judgeRole(service, environment)));
  return role;
}

const roleOf = new WeakMap<ComposeService, Map<Environment | undefined, { role: ServiceRole; reason: string }>>();

function judgeRole(service: ComposeService, environment?: Environment): { role: ServiceRole; reason: string } {
  const job = (reason: string) => ({ role: 'job' as const, reason });
  if (environment === 'test') return job('the compose model serves tests');
  const profiles = asArray(service.data.profiles).map((p) => scalarText(p));
  if (profiles.length > 0 && profiles.every((p) => p !== undefined && environmentNamed(p) === 'test')) return job(`profiles ${profiles.join(', ')}`);
  for (const other of composeServices(service.doc)) {
    if (other.name === service.name) continue;
    const dep = asDict(asDict(other.data.depends_on)?.[service.name]);
    if (scalarText(dep?.condition) === 'service_completed_successfully') return job(`service ${other.name} waits for it to complete`);
  }
  const restart = restartPolicy(service);
  if (restart === 'no') return job('restart: "no"');
  const run = `${commandText(service.data.command)} ${commandText(service.data.entrypoint)}`;
  const runner = TEST_RUNNER.exec(run);
  if (runner) return job(`runs ${runner[2]}`);
  if (restart === 'always' || restart === 'unless-stopped' || restart === 'any') return { role: 'service', reason: `restart: ${restart}` };
  // Process supervisors and flags are not tasks: `dumb-init -- node server.js`, s6 `/init`, `--init`.
  const task = run
    .split(/\s+/)
    .filter((t) => !/^--?[a-z]/i.test(t) && !/(^|\/)(dumb-init|tini|catatonit|s6-svscan|init)$/.test(t))
    .join(' ');
  const word = ONE_SHOT_WORDS.exec(`${service.name} ${task}`);
  if (word) return job(`a one-shot task (${word[2]})`);
  return { role: 'service', reason: 'nothing says it exits' };
}

/** All text of a service that can mention tools or other services: name, image, command, entrypoint, env values. */
export function serviceText(service: ComposeService): string {
  const env = composeEnvironment(service)
    .map((e) => `${e.key}=${e.value ?? ''}`)
    .join(' ');
  return [service.name, scalarText(service.data.image) ?? '', commandText(service.data.command), commandText(service.data.entrypoint), env].join(' ');
}

/** Names of the services this one depends on (list or map form). */
export function dependsOn(service: ComposeService): string[] {
  const d = service.data.depends_on;
  if (Array.isArray(d)) return d.flatMap((x) => (typeof x === 'string' ? [x] : []));
  return Object.keys(asDict(d) ?? {});
}

interface PublishedPort {
  /** Host IP the port binds to; undefined means all interfaces. */
  hostIp?: string;
  /** Host port or range; undefined when only the container port is given (ephemeral host port). */
  published?: string;
  /** Container port or range. */
  target: string;
  protocol?: string;
  /** Path of the port entry. */
  path: DocPath;
}

/** Parse `ports:` (short syntax `[HOST_IP:][HOST:]CONTAINER[/PROTO]`, IPv6 `[::1]:80:80`, and long syntax). */
export function publishedPorts(service: ComposeService): PublishedPort[] {
  return asArray(service.data.ports).flatMap((p, i) => {
    const path: DocPath = [...service.path, 'ports', i];
    if (isDict(p)) {
      const target = scalarText(p.target);
      if (target === undefined) return [];
      return [
        {
          hostIp: scalarText(p.host_ip),
          published: scalarText(p.published),
          target,
          protocol: scalarText(p.protocol),
          path,
        },
      ];
    }
    const text = scalarText(p);
    if (text === undefined) return [];
    const parsed = parsePortSpec(text);
    return parsed ? [{ ...parsed, path }] : [];
  });
}

export function parsePortSpec(spec: string): Omit<PublishedPort, 'path'> | undefined {
  let rest = spec.trim();
  let protocol: string | undefined;
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1);
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return undefined;
    hostIp = rest.slice(1, close);
    rest = rest.slice(close + 1).replace(/^:/, '');
  }
  const parts = rest.split(':');
  if (parts.length === 3) {
    hostIp = parts[0];
    return { hostIp, published: parts[1] || undefined, target: parts[2]!, protocol };
  }
  if (parts.length === 2) return { hostIp, published: parts[0] || undefined, target: parts[1]!, protocol };
  if (parts.length === 1 && parts[0]) return { hostIp, target: parts[0], protocol };
  return undefined;
}

/** Container paths of the service's volumes (short `src:dst[:mode]` and long syntax), with their source. */
interface ServiceVolume {
  source?: string;
  target: string;
  type: 'volume' | 'bind' | 'tmpfs' | 'other';
  path: DocPath;
  /** Mounted read-only: long syntax `read_only: true`, short syntax mode `ro` (`src:dst:ro,z`). */
  readOnly: boolean;
}

/** A service's volumes, read once per service: asked by five rules and the environment evidence. */
export function serviceVolumes(service: ComposeService): readonly ServiceVolume[] {
  let volumes = volumesOf.get(service);
  if (!volumes) volumesOf.set(service, (volumes = listVolumes(service)));
  return volumes;
}

const volumesOf = new WeakMap<ComposeService, readonly ServiceVolume[]>();

function listVolumes(service: ComposeService): ServiceVolume[] {
  return asArray(service.data.volumes).flatMap((v, i): ServiceVolume[] => {
    const path: DocPath = [...service.path, 'volumes', i];
    if (isDict(v)) {
      const target = scalarText(v.target);
      if (!target) return [];
      const type = scalarText(v.type);
      return [{ source: scalarText(v.source), target, type: type === 'volume' || type === 'bind' || type === 'tmpfs' ? type : 'other', path, readOnly: isTruthy(v.read_only) }];
    }
    const text = scalarText(v);
    if (!text) return [];
    const parts = text.split(':');
    if (parts.length === 1) return [{ target: parts[0]!, type: 'volume' as const, path, readOnly: false }];
    const source = parts[0]!;
    const target = parts[1]!;
    const bind = /^[./~]/.test(source) || source.startsWith('$');
    const mode = parts.length >= 3 ? parts[parts.length - 1]! : '';
    return [{ source, target, type: bind ? ('bind' as const) : ('volume' as const), path, readOnly: mode.split(',').includes('ro') }];
  });
}

/** A script (or inline config) a compose service runs with: bind-mounted, given as a config, or copied into the image it builds. */
interface ServiceScript {
  text: string;
  /** How it reaches the service, for messages: `./backup.sh bind-mounted at /backup.sh`. */
  what: string;
  /** Where the compose file (or Dockerfile) brings it in. */
  doc: SourceDocument;
  path: DocPath;
  /** Names a command line runs it by: the mount target, the file name. */
  names: string[];
}

/** Script files of the project at a path, or under it when it is a folder (`./scripts`), in file order. */
function scriptsAt(project: Project, path: string): SourceFile[] {
  const p = stripDot(posix.normalize(path)).replace(/\/$/, '');
  if (p === '' || p === '.' || p.startsWith('../')) return [];
  // Asked per volume, config and COPY of every service: a binary search over the scripts sorted by
  // path, not a scan of every file of the project each time (quadratic in a monorepo).
  const sorted = scriptsByPath(project);
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.file.path < p) lo = mid + 1;
    else hi = mid;
  }
  // Paths starting with `p` are contiguous: `p` itself, then siblings like `p.sh` and files under `p/`.
  const hits: { file: SourceFile; index: number }[] = [];
  for (let k = lo; k < sorted.length && sorted[k]!.file.path.startsWith(p); k++) {
    const f = sorted[k]!.file.path;
    if (f.length === p.length || f.charCodeAt(p.length) === 47 /* / */) hits.push(sorted[k]!);
  }
  return hits.sort((a, b) => a.index - b.index).map((h) => h.file);
}

/** The project's script files sorted by path (with their place in the file list), once per project. */
function scriptsByPath(project: Project): { file: SourceFile; index: number }[] {
  return memo(
    project,
    'compose.scriptsByPath',
    () =>
      project.files
        .map((file, index) => ({ file, index }))
        .filter((s) => s.file.kind === 'script')
        .sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : a.index - b.index)),
    { scope: 'rule' },
  );
}

/**
 * What a service runs besides its command line: scripts it bind-mounts (`./backup.sh:/backup.sh`,
 * `./cron:/etc/periodic/daily`), configs it is given (top-level `configs` with `file:` or inline
 * `content:`), and scripts its own build copies in (`COPY scripts/backup.sh /usr/local/bin/`, not
 * `COPY . .`: a whole context is not evidence of what runs). Only files the project read (shell
 * scripts, by name) are found.
 */
export function serviceScripts(project: Project, service: ComposeService): ServiceScript[] {
  const out: ServiceScript[] = [];
  const dir = posix.dirname(service.doc.file.path);
  for (const v of serviceVolumes(service)) {
    if (v.type !== 'bind' || !v.source || !/^\.{1,2}\//.test(v.source)) continue;
    for (const f of scriptsAt(project, posix.join(dir, v.source))) {
      const target =
        f.path === posix.normalize(posix.join(dir, v.source)).replace(/^\.\//, '')
          ? v.target
          : posix.join(v.target, posix.relative(stripDot(posix.normalize(posix.join(dir, v.source))), f.path));
      out.push({ text: f.text, what: `${f.path} bind-mounted at ${target}`, doc: service.doc, path: v.path, names: [target, posix.basename(f.path)] });
    }
  }
  const topConfigs = asDict(asDict(service.doc.data)?.configs) ?? {};
  asArray(service.data.configs).forEach((c, i) => {
    const name = typeof c === 'string' ? c : scalarText(asDict(c)?.source);
    const def = name ? asDict(topConfigs[name]) : undefined;
    if (!def) return;
    const path: DocPath = [...service.path, 'configs', i];
    const content = scalarText(def.content);
    const target = scalarText(asDict(c)?.target) ?? `/${name}`;
    if (content !== undefined) out.push({ text: content, what: `config ${name}`, doc: service.doc, path: ['configs', name!, 'content'], names: [target, posix.basename(target)] });
    const file = scalarText(def.file);
    if (file)
      for (const f of scriptsAt(project, posix.join(dir, file)))
        out.push({ text: f.text, what: `${f.path} given as config ${name}`, doc: service.doc, path, names: [target, posix.basename(f.path)] });
  });
  const build = resolveBuild(project, service);
  const dockerfile = build?.dockerfile;
  const stage = dockerfile ? finalStage(dockerfile.data, build.target) : undefined;
  if (dockerfile && stage) {
    for (const s of stageChain(dockerfile.data, stage)) {
      for (const { instruction, index } of stageInstructions(dockerfile.data, s)) {
        if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
        const args = execFormArgs(instruction.argsText) ?? instruction.arguments.map((a) => a.value);
        if (args.some((a) => a.startsWith('--from'))) continue;
        const sources = args.filter((a) => !a.startsWith('--')).slice(0, -1);
        for (const src of sources) {
          for (const f of scriptsAt(project, posix.join(build.context, src))) {
            out.push({
              text: f.text,
              what: `${f.path} copied into the image by ${dockerfile.file.path}`,
              doc: dockerfile,
              path: ['instructions', index],
              names: [posix.basename(f.path)],
            });
          }
        }
      }
    }
  }
  return out;
}
