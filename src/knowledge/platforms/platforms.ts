// Platform deployment files mapped into what the checklist rules already judge: services (with an
// image or a build, instance counts, autoscaling, health checks, env settings), containers (ECS
// security and resource fields), managed datastores (exposure, backups) and response headers.
// Each rule reads these shapes once for every platform; the per-platform reading lives here.
//
// Decisions (from each platform's documentation):
// - Render: `numInstances` defaults to 1; `scaling` replaces it; a `free` plan spins the service
//   down when idle. A `web` service is health-checked only with `healthCheckPath`. `envVars`
//   entries with `value` are literals; `sync: false`, `fromDatabase`, `fromService`,
//   `generateValue` and `fromGroup` are references. A database with no `ipAllowList` accepts
//   connections from anywhere (with its credentials); an empty list means private only. Free
//   databases have no backups; paid plans (the default when `plan` is left out) are backed up.
// - ECS: a container's `environment` holds literals, `secrets` references (valueFrom). Task
//   definitions say nothing about how many tasks run (that is the service's desiredCount).
// - Fly.io: checks live under `[[services.*checks]]`, `[[http_service.checks]]` or `[checks]`;
//   `auto_stop_machines` with `min_machines_running = 0` stops every machine when idle. An app
//   that runs a datastore keeps its data on a `[[mounts]]` volume (the Machine's own disk is
//   replaced on every deploy); volumes are snapshotted daily and kept 5 days by default.
// - Railway: `deploy.healthcheckPath`, `deploy.numReplicas`, `deploy.restartPolicyType`.
// - Vercel: `headers` (source + headers), `env` / `build.env` literals.

import type { DocPath, SourceDocument } from '../../model/types.js';
import { memo, type Project } from '../../model/project.js';
import { DATASTORES, datastoreById, datastoreForImage, type Datastore } from '../datastores/datastores.js';
import { SINGLETON_COMPONENT } from '../kubernetes/availability.js';
import type { Setting } from '../settings/env-settings.js';
import { asArray, asDict, getPath, intOf, isFalsy, isTruthy, scalarText, type Dict } from '../data/values.js';

export type Platform = 'render' | 'ecs' | 'vercel' | 'fly' | 'railway';

export const PLATFORM_NAMES: Readonly<Record<Platform, string>> = {
  render: 'Render',
  ecs: 'ECS',
  vercel: 'Vercel',
  fly: 'Fly.io',
  railway: 'Railway',
};

export function platformOf(doc: SourceDocument): Platform | undefined {
  if (doc.kind !== 'platform') return undefined;
  switch (doc.file.kind) {
    case 'render':
      return 'render';
    case 'ecs-task-definition':
      return 'ecs';
    case 'vercel':
      return 'vercel';
    case 'fly':
      return 'fly';
    case 'railway':
      return 'railway';
    default:
      return undefined;
  }
}

export function platformDocuments(project: Project, platform?: Platform): SourceDocument<Dict>[] {
  return project.ofKind<Dict>('platform').filter((d) => (platform ? platformOf(d) === platform : platformOf(d) !== undefined));
}

// ---------------------------------------------------------------------------------------------
// Services

type ServiceRole = 'web' | 'private' | 'worker' | 'cron' | 'static';

interface PlatformService {
  platform: Platform;
  doc: SourceDocument;
  path: DocPath;
  /** Target name, e.g. `Render web service api`. */
  name: string;
  service: string;
  role: ServiceRole;
  /** A fixed instance count (set, or the platform's default when `defaulted`). */
  instances?: { count: number; path: DocPath; defaulted: boolean };
  /** An autoscaling floor and ceiling. */
  autoscaling?: { min?: number; max?: number; path: DocPath; minPath: DocPath };
  /** Why the service cannot run more than one instance (a Render service with a disk). */
  singleInstance?: string;
  /** Why the service stops when idle (a free plan, auto-stop with no minimum). */
  spinsDown?: { path: DocPath; why: string };
  /** Health check: where it is, or where it is missing. Undefined when the platform has none for this role. */
  health?: { present: true; path: DocPath } | { present: false; path: DocPath };
  /** Environment settings; `value` undefined for references. */
  settings: Setting[];
  image?: { ref: string; path: DocPath };
  /** How a new version reaches the service (Render). */
  rollout?: {
    /** Pushes to this branch deploy automatically (`branch` set, auto-deploy not turned off). */
    autoDeployBranch?: { branch: string; path: DocPath };
    /** The start command runs database migrations (every instance, on every start). */
    migrationOnStart?: { tool: string; path: DocPath };
    /** A `preDeployCommand` runs once per deploy, before the new version takes traffic. */
    preDeploy?: DocPath;
  };
}

/**
 * Migration commands of common frameworks and tools (`alembic upgrade head`, `prisma migrate
 * deploy`, `manage.py migrate`, `rails db:migrate`, `knex migrate:latest` …), package scripts
 * named for migrations (`npm run migration:run:prod`) and scripts whose name says they migrate
 * (`./db-migration-and-web-start.sh`).
 */
const MIGRATION_COMMAND =
  /\b(alembic\s+upgrade|prisma\s+migrate\s+deploy|manage\.py\s+migrate|django-admin\s+migrate|(?:rails|rake)\s+db:(?:migrate|prepare)|knex\s+migrate:latest|sequelize(?:-cli)?\s+db:migrate|typeorm(?:-ts-node-\w+)?\s+migration:run|flask\s+db\s+upgrade|php\s+artisan\s+migrate|diesel\s+migration\s+run|dbmate\s+(?:up|migrate)|goose\s+(?:\S+\s+)*up|mix\s+ecto\.migrate|drizzle-kit\s+migrate|(?:npm|yarn|pnpm|bun)\s+(?:run\s+)?[\w:.-]*migrat[\w:.-]*|[\w./-]*migrat[\w.-]*\.sh)/i;

/** The migration tool a command runs, if any. */
function migrationIn(command: string): string | undefined {
  return MIGRATION_COMMAND.exec(command)?.[1]?.replace(/\s+/g, ' ');
}

/**
 * Branches a team protects by convention (`main`, `master`, `production`, `release/*`, …). A
 * service deployed automatically from any other branch ships whatever is pushed there. Which
 * branches are protected on the Git host is not in the file: this is the file-only heuristic.
 */
export const PROTECTED_BRANCH = /^(main|master|trunk|prod|production|live|stable|release|releases?[/-].+|v?\d+(\.\d+)*(\.x)?)$/i;

/** Every service of every platform file, in file order. */
export function platformServices(project: Project): PlatformService[] {
  return memo(project, 'platforms.services', () => {
    const list: PlatformService[] = [];
    for (const doc of platformDocuments(project)) {
      const platform = platformOf(doc)!;
      if (platform === 'render') list.push(...renderServices(doc));
      else if (platform === 'fly') list.push(...flyServices(doc));
      else if (platform === 'railway') list.push(...railwayServices(doc));
      else if (platform === 'vercel') list.push(...vercelServices(doc));
    }
    return list;
  });
}

const RENDER_ROLES: Record<string, ServiceRole> = { web: 'web', pserv: 'private', worker: 'worker', cron: 'cron', static: 'static' };

/** Render `envVars` (a service's or an env group's) as settings. */
export function renderSettings(doc: SourceDocument, list: unknown, base: DocPath): Setting[] {
  const out: Setting[] = [];
  asArray(list).forEach((entry, i) => {
    const e = asDict(entry);
    const key = scalarText(e?.key);
    if (!e || key === undefined) return; // `fromGroup` entries: references
    const literal = 'value' in e && e.value !== null && typeof e.value !== 'object';
    out.push({ doc, key, value: literal ? scalarText(e.value) : undefined, path: literal ? [...base, i, 'value'] : [...base, i], source: 'platform' });
  });
  return out;
}

/**
 * Where a Blueprint lists resources: the root, `ungrouped` (resources of a grouped Blueprint that
 * belong to no project: the file's own environment), and each environment of each project
 * (`projects[].environments[]`, the grouped layout), with that environment's name.
 */
export function renderScopes(doc: SourceDocument): { path: DocPath; data: Dict; environment?: string }[] {
  const root = asDict(doc.data) ?? {};
  const out: { path: DocPath; data: Dict; environment?: string }[] = [{ path: [], data: root }];
  const ungrouped = asDict(root.ungrouped);
  if (ungrouped) out.push({ path: ['ungrouped'], data: ungrouped });
  asArray(root.projects).forEach((p, i) => {
    asArray(asDict(p)?.environments).forEach((e, j) => {
      const env = asDict(e);
      if (env) out.push({ path: ['projects', i, 'environments', j], data: env, environment: scalarText(env.name) });
    });
  });
  return out;
}

function renderServices(doc: SourceDocument<Dict>): PlatformService[] {
  const out: PlatformService[] = [];
  for (const scope of renderScopes(doc)) out.push(...renderScopeServices(doc, scope.data, scope.path));
  return out;
}

function renderScopeServices(doc: SourceDocument<Dict>, data: Dict, base: DocPath): PlatformService[] {
  const out: PlatformService[] = [];
  asArray(data.services).forEach((raw, i) => {
    const s = asDict(raw);
    if (!s) return;
    const path: DocPath = [...base, 'services', i];
    const type = (scalarText(s.type) ?? 'web').toLowerCase();
    if (type === 'redis' || type === 'keyvalue') return; // datastores (below)
    const role = RENDER_ROLES[type] ?? 'web';
    const service = scalarText(s.name) ?? `#${i + 1}`;
    const label = { web: 'web service', private: 'private service', worker: 'background worker', cron: 'cron job', static: 'static site' }[role];
    const runtime = (scalarText(s.runtime) ?? scalarText(s.env) ?? '').toLowerCase();
    const result: PlatformService = {
      platform: 'render',
      doc,
      path,
      name: `Render ${label} ${service}`,
      service,
      role,
      settings: renderSettings(doc, s.envVars, [...path, 'envVars']),
    };
    const scaling = asDict(s.scaling);
    if (scaling) {
      result.autoscaling = { min: intOf(scaling.minInstances), max: intOf(scaling.maxInstances), path: [...path, 'scaling'], minPath: [...path, 'scaling', 'minInstances'] };
    } else if (role !== 'cron' && role !== 'static') {
      const n = intOf(s.numInstances);
      result.instances = n === undefined ? { count: 1, path, defaulted: true } : { count: n, path: [...path, 'numInstances'], defaulted: false };
    }
    // Render attaches a persistent disk to one instance only: such a service cannot scale out.
    if (asDict(s.disk)) result.singleInstance = 'it has a persistent disk, which Render attaches to a single instance';
    // A scheduler (Celery beat) runs once by design: a second copy sends every job twice.
    else if (SINGLETON_COMPONENT.test(service) || /(^|[-_.])scheduler([-_.]|$)/i.test(service) || /\bcelery\b[^;&|]*\sbeat\b/.test(scalarText(s.startCommand) ?? '')) {
      result.singleInstance = 'a scheduler runs once by design';
    }
    const plan = (scalarText(s.plan) ?? '').toLowerCase();
    if (plan === 'free' && role !== 'static' && role !== 'cron') result.spinsDown = { path: [...path, 'plan'], why: 'its free plan spins it down when idle' };
    if (role === 'web')
      result.health = s.healthCheckPath !== undefined && scalarText(s.healthCheckPath) !== '' ? { present: true, path: [...path, 'healthCheckPath'] } : { present: false, path };
    const image = scalarText(asDict(s.image)?.url);
    if (image !== undefined && (runtime === 'image' || runtime === '')) result.image = { ref: image, path: [...path, 'image', 'url'] };
    if (role !== 'cron' && role !== 'static') {
      const rollout: NonNullable<PlatformService['rollout']> = {};
      // `autoDeploy: false` (older) or `autoDeployTrigger: off` (newer) turn automatic deploys off.
      const trigger = (scalarText(s.autoDeployTrigger) ?? '').toLowerCase();
      const branch = scalarText(s.branch);
      if (branch !== undefined && !isFalsy(s.autoDeploy ?? true) && trigger !== 'off') rollout.autoDeployBranch = { branch, path: [...path, 'branch'] };
      for (const key of ['startCommand', 'dockerCommand']) {
        const tool = migrationIn(scalarText(s[key]) ?? '');
        if (tool) {
          rollout.migrationOnStart = { tool, path: [...path, key] };
          break;
        }
      }
      if (scalarText(s.preDeployCommand)) rollout.preDeploy = [...path, 'preDeployCommand'];
      result.rollout = rollout;
    }
    out.push(result);
  });
  return out;
}

function flyServices(doc: SourceDocument<Dict>): PlatformService[] {
  const d = doc.data;
  const named = scalarText(d.app)?.trim();
  // `app = ""` and template names (`{APP_NAME}`) are filled in at deploy time: the file names it.
  const app = named && !/^[{<$]/.test(named) ? named : doc.file.path;
  const settings: Setting[] = Object.entries(asDict(d.env) ?? {}).map(([key, v]) => ({
    doc,
    key,
    value: typeof v === 'object' && v !== null ? undefined : scalarText(v),
    path: ['env', key],
    source: 'platform' as const,
  }));
  const http = asDict(d.http_service);
  const services = asArray(d.services);
  const result: PlatformService = {
    platform: 'fly',
    doc,
    path: http ? ['http_service'] : services.length ? ['services', 0] : [],
    name: `Fly.io app ${app}`,
    service: app,
    role: http || services.length ? 'web' : 'worker',
    settings,
  };
  // Health checks: `[[http_service.checks]]`, `[[services.http_checks]]` / `tcp_checks`, top-level `[checks]`.
  const checked =
    asArray(http?.checks).length > 0 ||
    services.some((s) => asArray(asDict(s)?.http_checks).length + asArray(asDict(s)?.tcp_checks).length + asArray(asDict(s)?.script_checks).length > 0) ||
    Object.keys(asDict(d.checks) ?? {}).length > 0;
  if (result.role === 'web') {
    const where: DocPath = http ? ['http_service', 'checks'] : asDict(d.checks) ? ['checks'] : ['services', 0, 'http_checks'];
    result.health = checked ? { present: true, path: where } : { present: false, path: result.path };
    // Machines stop when idle unless a minimum keeps some running.
    const blocks: [Dict, DocPath][] = http ? [[http, ['http_service']]] : services.flatMap((s, i) => (asDict(s) ? [[asDict(s)!, ['services', i]] as [Dict, DocPath]] : []));
    for (const [block, at] of blocks) {
      const stop = block.auto_stop_machines;
      const stops = stop === undefined ? false : isTruthy(stop) || /^(stop|suspend)$/i.test(scalarText(stop) ?? '');
      const min = intOf(block.min_machines_running) ?? 0;
      if (stops && min === 0) {
        result.spinsDown = { path: [...at, 'auto_stop_machines'], why: 'auto_stop_machines stops every machine when idle (min_machines_running is 0)' };
        break;
      }
      // Without auto-stop the minimum means nothing: `fly scale count` sets how many run.
      if (stops) result.autoscaling = { min, path: [...at, 'min_machines_running'], minPath: [...at, 'min_machines_running'] };
    }
  }
  const image = scalarText(asDict(d.build)?.image);
  if (image !== undefined) result.image = { ref: image, path: ['build', 'image'] };
  return [result];
}

/** Start commands that serve HTTP. */
const WEB_SERVER_COMMAND =
  /\$\{?PORT\b|\b(?:uvicorn|gunicorn|hypercorn|daphne|waitress-serve|puma|unicorn|rails\s+s(?:erver)?|next\s+start|nuxt\s+start|remix-serve|php\s+artisan\s+serve|manage\.py\s+runserver|npm\s+(?:run\s+)?start|yarn\s+start|pnpm\s+start|node\s+\S*server|bun\s+\S*server|serve\s+-s)\b/i;

function railwayServices(doc: SourceDocument<Dict>): PlatformService[] {
  const deploy = asDict(doc.data.deploy) ?? {};
  const dir = doc.file.path.includes('/') ? doc.file.path.slice(0, doc.file.path.lastIndexOf('/')) : '.';
  const result: PlatformService = { platform: 'railway', doc, path: doc.data.deploy ? ['deploy'] : [], name: `Railway service in ${dir}`, service: dir, role: 'web', settings: [] };
  // A cron schedule makes it a job. Railway health checks are HTTP: a service is judged as one only
  // when something says it serves HTTP (a health check path, a web server or $PORT in its start
  // command); `python main.py` may be a bot, a component of a datastore cluster runs no web server.
  const start = scalarText(deploy.startCommand) ?? '';
  if (deploy.cronSchedule !== undefined) result.role = 'cron';
  else if (deploy.healthcheckPath === undefined && !WEB_SERVER_COMMAND.test(start)) result.role = 'worker';
  const n = intOf(deploy.numReplicas);
  if (n !== undefined) result.instances = { count: n, path: ['deploy', 'numReplicas'], defaulted: false };
  if (deploy.sleepApplication !== undefined && isTruthy(deploy.sleepApplication))
    result.spinsDown = { path: ['deploy', 'sleepApplication'], why: 'sleepApplication stops it when idle' };
  if (result.role === 'web') {
    const hc = scalarText(deploy.healthcheckPath);
    result.health = hc !== undefined && hc !== '' ? { present: true, path: ['deploy', 'healthcheckPath'] } : { present: false, path: result.path };
  }
  return [result];
}

function vercelServices(doc: SourceDocument<Dict>): PlatformService[] {
  const settings: Setting[] = [];
  for (const base of [['env'], ['build', 'env']] as DocPath[]) {
    const env = asDict(base.length === 1 ? doc.data.env : asDict(doc.data.build)?.env);
    for (const [key, v] of Object.entries(env ?? {})) settings.push({ doc, key, value: scalarText(v), path: [...base, key], source: 'platform' });
  }
  if (settings.length === 0) return [];
  return [{ platform: 'vercel', doc, path: [], name: `Vercel project ${doc.file.path}`, service: doc.file.path, role: 'static', settings }];
}

/** Vercel's secret references (`@my-secret`) name a stored secret, not a value. */
export function isPlatformSecretReference(platform: Platform, value: string): boolean {
  return platform === 'vercel' && /^@[\w-]+$/.test(value);
}

// ---------------------------------------------------------------------------------------------
// Managed datastores (Render databases and key-value stores)

interface PlatformDatastore {
  platform: Platform;
  doc: SourceDocument;
  path: DocPath;
  name: string;
  datastore: Datastore;
  /** Open to the internet: where, and why. */
  exposed?: { path: DocPath; why: string };
  /**
   * The platform backs it up (a paid plan, volume snapshots), with the retention when the platform
   * keeps backups for a known time; otherwise where the missing backup shows.
   */
  backups: { managed: true; retention?: { days: number; path: DocPath } } | { managed: false; path: DocPath; why: string; fix?: string };
  /** Why exposure is not judged (a Fly.io app's ports are its own, not a managed allow list). */
  exposureNotJudged?: string;
  /**
   * For a datastore the platform runs as an app (Fly.io): the volume that keeps its data, or where
   * it is missing. Undefined for managed databases (the platform keeps their storage).
   */
  persistence?: { present: true; path: DocPath } | { present: false; path: DocPath };
}

export function platformDatastores(project: Project): PlatformDatastore[] {
  const out: PlatformDatastore[] = [];
  for (const doc of platformDocuments(project, 'render')) {
    for (const scope of renderScopes(doc)) out.push(...renderScopeDatastores(doc, scope.data, scope.path));
  }
  for (const doc of platformDocuments(project, 'fly')) {
    const ds = flyDatastore(doc);
    if (ds) out.push(ds);
  }
  return out;
}

/** Fly.io keeps daily volume snapshots this many days unless `snapshot_retention` says otherwise. */
const FLY_DEFAULT_SNAPSHOT_RETENTION_DAYS = 5;

/** Name tokens that say which datastore an app runs (`pg_data`, `my-redis`, `etcd_data`). */
function datastoreNamed(name: string | undefined): Datastore | undefined {
  for (const token of (name ?? '').toLowerCase().split(/[^a-z0-9]+/)) {
    if (token === '') continue;
    const ds = token === 'pg' ? datastoreById('postgres') : DATASTORES.find((d) => d.id === token || d.images.includes(token));
    if (ds) return ds;
  }
  return undefined;
}

/**
 * A Fly.io app that runs a datastore: by its `[build] image` (`flyio/redis`), or, when it keeps a
 * volume (`[[mounts]]`), by the app's or the volume's name (`postgres-ha-example`, `pg_data`).
 * A name alone without a volume says too little: not taken for a datastore.
 * Its volume is its persistence; Fly.io snapshots every volume daily and keeps the snapshots
 * 5 days (`snapshot_retention`, 1 to 60), unless `scheduled_snapshots = false`.
 */
function flyDatastore(doc: SourceDocument<Dict>): PlatformDatastore | undefined {
  const d = doc.data;
  const mountsRaw = d.mounts;
  const mounts: [Dict, DocPath][] = Array.isArray(mountsRaw)
    ? mountsRaw.flatMap((m, i) => (asDict(m) ? [[asDict(m)!, ['mounts', i]] as [Dict, DocPath]] : []))
    : asDict(mountsRaw)
      ? [[asDict(mountsRaw)!, ['mounts']]]
      : [];
  const image = scalarText(asDict(d.build)?.image);
  const datastore =
    datastoreForImage(image) ?? (mounts.length > 0 ? (datastoreNamed(scalarText(d.app)) ?? mounts.map(([m]) => datastoreNamed(scalarText(m.source))).find((x) => x)) : undefined);
  if (!datastore) return undefined;
  const named = scalarText(d.app)?.trim();
  const name = named && !/^[{<$]/.test(named) ? named : doc.file.path;
  const entry: PlatformDatastore = {
    platform: 'fly',
    doc,
    path: mounts[0]?.[1] ?? (image !== undefined ? ['build', 'image'] : []),
    name,
    datastore,
    backups: { managed: true },
    exposureNotJudged: 'a Fly.io app is reachable through its own services, not a managed allow list',
  };
  if (mounts.length === 0) {
    entry.persistence = { present: false, path: ['build', 'image'] };
    entry.backups = {
      managed: false,
      path: ['build', 'image'],
      why: 'without a volume there is nothing for Fly.io to snapshot',
      fix: 'mount a volume (`[[mounts]]`) and keep its daily snapshots',
    };
    return entry;
  }
  const [mount, at] = mounts[0]!;
  entry.persistence = { present: true, path: at };
  if (mount.scheduled_snapshots !== undefined && isFalsy(mount.scheduled_snapshots)) {
    entry.backups = {
      managed: false,
      path: [...at, 'scheduled_snapshots'],
      why: '`scheduled_snapshots = false` turns off the daily volume snapshots',
      fix: 'turn them back on or schedule your own dump',
    };
    return entry;
  }
  const retention = intOf(mount.snapshot_retention);
  entry.backups = {
    managed: true,
    retention: retention !== undefined ? { days: retention, path: [...at, 'snapshot_retention'] } : { days: FLY_DEFAULT_SNAPSHOT_RETENTION_DAYS, path: at },
  };
  return entry;
}

function renderScopeDatastores(doc: SourceDocument<Dict>, data: Dict, base: DocPath): PlatformDatastore[] {
  const out: PlatformDatastore[] = [];
  asArray(data.databases).forEach((raw, i) => {
    const db = asDict(raw);
    if (!db) return;
    const path: DocPath = [...base, 'databases', i];
    const name = scalarText(db.name) ?? `#${i + 1}`;
    const plan = (scalarText(db.plan) ?? '').toLowerCase();
    const entry: PlatformDatastore = {
      platform: 'render',
      doc,
      path,
      name,
      datastore: datastoreById('postgres'),
      // Without `plan`, Render creates a paid instance type (the spec's default), which is backed up.
      backups: plan === 'free' ? { managed: false, path: [...path, 'plan'], why: 'a free Render database has no backups' } : { managed: true },
    };
    const exposed = renderExposure(db, path, true);
    if (exposed) entry.exposed = exposed;
    out.push(entry);
  });
  asArray(data.services).forEach((raw, i) => {
    const s = asDict(raw);
    const type = (scalarText(s?.type) ?? '').toLowerCase();
    if (!s || (type !== 'redis' && type !== 'keyvalue')) return;
    const path: DocPath = [...base, 'services', i];
    // Key-value stores are caches or queues; Render persists them on paid plans (not judged as backups here).
    const entry: PlatformDatastore = { platform: 'render', doc, path, name: scalarText(s.name) ?? `#${i + 1}`, datastore: datastoreById('redis'), backups: { managed: true } };
    const exposed = renderExposure(s, path, false);
    if (exposed) entry.exposed = exposed;
    out.push(entry);
  });
  return out;
}

/** A Render `ipAllowList` that lets the whole internet connect. */
function renderExposure(d: Dict, path: DocPath, missingIsOpen: boolean): PlatformDatastore['exposed'] {
  if (!('ipAllowList' in d) || d.ipAllowList === null) {
    return missingIsOpen ? { path, why: 'has no ipAllowList, so Render accepts connections from any address' } : undefined;
  }
  const list = asArray(d.ipAllowList);
  const i = list.findIndex((e) => /^(0\.0\.0\.0\/0|::\/0)$/.test((scalarText(asDict(e)?.source) ?? '').trim()));
  return i === -1 ? undefined : { path: [...path, 'ipAllowList', i, 'source'], why: 'allows connections from 0.0.0.0/0 (the whole internet)' };
}

// ---------------------------------------------------------------------------------------------
// ECS container definitions (register-task-definition camelCase, CloudFormation PascalCase)

interface EcsContainer {
  doc: SourceDocument;
  path: DocPath;
  name: string;
  /** The container definition's own name (`name` is the target phrase `ECS container <name>`), for messages. */
  containerName: string;
  data: Dict;
  /** The task's own cpu/memory (Fargate sizes the task, not each container). */
  task: Dict;
  taskPath: DocPath;
  pascal: boolean;
}

/** A field by its camelCase name in either casing: its value and its path. */
export function ecsField(c: { data: Dict; path: DocPath; pascal: boolean }, camel: string): { value: unknown; path: DocPath } {
  const key = c.pascal ? camel[0]!.toUpperCase() + camel.slice(1) : camel;
  return { value: c.data[key], path: [...c.path, key] };
}

/** A nested field (e.g. ['linuxParameters', 'capabilities', 'drop']) in either casing. */
export function ecsPath(c: { pascal: boolean }, camel: readonly string[]): string[] {
  return camel.map((k) => (c.pascal ? k[0]!.toUpperCase() + k.slice(1) : k));
}

export function ecsContainers(project: Project): EcsContainer[] {
  const out: EcsContainer[] = [];
  for (const doc of platformDocuments(project, 'ecs')) {
    const tasks: [Dict, DocPath, boolean][] = [];
    const d = doc.data;
    if (Array.isArray(d.containerDefinitions)) tasks.push([d, [], false]);
    else if (asDict(d.taskDefinition) && Array.isArray(asDict(d.taskDefinition)!.containerDefinitions)) tasks.push([asDict(d.taskDefinition)!, ['taskDefinition'], false]);
    for (const [id, r] of Object.entries(asDict(d.Resources) ?? {})) {
      const res = asDict(r);
      const props = asDict(res?.Properties);
      if (scalarText(res?.Type) === 'AWS::ECS::TaskDefinition' && props && Array.isArray(props.ContainerDefinitions)) tasks.push([props, ['Resources', id, 'Properties'], true]);
    }
    for (const [task, taskPath, pascal] of tasks) {
      asArray(task[pascal ? 'ContainerDefinitions' : 'containerDefinitions']).forEach((raw, i) => {
        const data = asDict(raw);
        if (!data) return;
        const name = scalarText(data[pascal ? 'Name' : 'name']) ?? `#${i + 1}`;
        out.push({
          doc,
          path: [...taskPath, pascal ? 'ContainerDefinitions' : 'containerDefinitions', i],
          name: `ECS container ${name}`,
          containerName: name,
          data,
          task,
          taskPath,
          pascal,
        });
      });
    }
  }
  return out;
}

/** An ECS container's `environment` (literals) and `secrets` (references) as settings. */
export function ecsSettings(c: EcsContainer): Setting[] {
  const out: Setting[] = [];
  const env = ecsField(c, 'environment');
  asArray(env.value).forEach((raw, i) => {
    const e = asDict(raw);
    const key = scalarText(e?.[c.pascal ? 'Name' : 'name']);
    if (key === undefined) return;
    const valueKey = c.pascal ? 'Value' : 'value';
    const v = e?.[valueKey];
    out.push({ doc: c.doc, key, value: typeof v === 'object' && v !== null ? undefined : scalarText(v), path: [...env.path, i, valueKey], source: 'platform' });
  });
  const secrets = ecsField(c, 'secrets');
  asArray(secrets.value).forEach((raw, i) => {
    const key = scalarText(asDict(raw)?.[c.pascal ? 'Name' : 'name']);
    if (key !== undefined) out.push({ doc: c.doc, key, path: [...secrets.path, i], source: 'platform' });
  });
  return out;
}

/** `essential: false` sidecars may stop without stopping the task. */
export function ecsEssential(c: EcsContainer): boolean {
  return !isFalsy(ecsField(c, 'essential').value);
}

// ---------------------------------------------------------------------------------------------
// Response headers (Vercel `headers`)

interface PlatformHeader {
  doc: SourceDocument;
  /** Path of the header entry's value. */
  path: DocPath;
  /** The `source` pattern the header applies to. */
  source: string;
  key: string;
  value: string;
}

export function platformHeaders(project: Project): PlatformHeader[] {
  const out: PlatformHeader[] = [];
  for (const doc of platformDocuments(project, 'vercel')) {
    asArray(doc.data.headers).forEach((raw, i) => {
      const rule = asDict(raw);
      const source = scalarText(rule?.source) ?? '';
      asArray(rule?.headers).forEach((h, j) => {
        const key = scalarText(asDict(h)?.key);
        const value = scalarText(asDict(h)?.value);
        if (key !== undefined && value !== undefined) out.push({ doc, path: ['headers', i, 'headers', j, 'value'], source, key, value });
      });
    });
    // Legacy `routes` entries carry headers too.
    asArray(doc.data.routes).forEach((raw, i) => {
      const route = asDict(raw);
      const source = scalarText(route?.src) ?? '';
      for (const [key, v] of Object.entries(asDict(route?.headers) ?? {})) {
        const value = scalarText(v);
        if (value !== undefined) out.push({ doc, path: ['routes', i, 'headers', key], source, key, value });
      }
    });
  }
  return out;
}

/** Response headers that harden a browser's handling of the site (OWASP Secure Headers). */
const SECURITY_HEADER = /^(strict-transport-security|content-security-policy|x-frame-options|x-content-type-options|referrer-policy|permissions-policy)$/i;

interface SecurityHeaderSet {
  doc: SourceDocument;
  /** Where a missing header is reported: the file's `headers` (or `routes`) list. */
  path: DocPath;
  headers: PlatformHeader[];
}

/**
 * The response headers of each platform file that manages security headers itself: one that sets
 * at least one of them. A file that sets none (only caching headers, or none at all) is not
 * judged: the application may send them (Next.js `headers()`, a middleware), which is not here.
 * Headers count under any `source`: which paths a pattern matches is not judged.
 */
export function securityHeaderSets(project: Project): SecurityHeaderSet[] {
  const all = platformHeaders(project);
  const out: SecurityHeaderSet[] = [];
  for (const doc of platformDocuments(project, 'vercel')) {
    const headers = all.filter((h) => h.doc === doc);
    if (!headers.some((h) => SECURITY_HEADER.test(h.key))) continue;
    out.push({ doc, path: Array.isArray(doc.data.headers) ? ['headers'] : ['routes'], headers });
  }
  return out;
}

/** Whether a header set sends the header (by name, case-insensitive). */
export function headerNamed(set: SecurityHeaderSet, name: string): PlatformHeader[] {
  return set.headers.filter((h) => h.key.toLowerCase() === name.toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Dockerfiles a platform builds (the platform's own health check replaces HEALTHCHECK)

function joinRelative(dir: string, rel: string): string {
  const parts = dir === '' ? [] : dir.split('/');
  for (const seg of rel.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

/** The platform file that builds the Dockerfile at `path`, if any (`Render web service api`). */
export function platformBuildingDockerfile(project: Project, path: string): string | undefined {
  // Asked per Dockerfile: the platform files are read once per project.
  return memo(project, 'platforms.builtDockerfiles', () => builtDockerfiles(project), { scope: 'rule' }).get(path);
}

/** Dockerfile path → what builds it; the first platform file and service (in file order) wins. */
function builtDockerfiles(project: Project): Map<string, string> {
  const built = new Map<string, string>();
  const add = (path: string, what: string) => {
    if (!built.has(path)) built.set(path, what);
  };
  for (const doc of platformDocuments(project)) {
    const dir = doc.file.path.includes('/') ? doc.file.path.slice(0, doc.file.path.lastIndexOf('/')) : '';
    const platform = platformOf(doc)!;
    if (platform === 'render') {
      for (const s of renderServices(doc)) {
        const raw = asDict(getPath(doc.data, s.path)) ?? {};
        const runtime = (scalarText(raw.runtime) ?? scalarText(raw.env) ?? '').toLowerCase();
        if (runtime !== 'docker') continue;
        // Render resolves dockerfilePath from the repository root; rootDir prefixes the default.
        const dockerfile = scalarText(raw.dockerfilePath) ?? joinRelative(scalarText(raw.rootDir) ?? '', 'Dockerfile');
        add(joinRelative(dir, dockerfile), `built by ${s.name}`);
        add(joinRelative('', dockerfile), `built by ${s.name}`);
      }
    } else if (platform === 'fly' || platform === 'railway') {
      const build = asDict(doc.data.build) ?? {};
      const dockerfile = scalarText(build.dockerfile) ?? scalarText(build.dockerfilePath) ?? 'Dockerfile';
      add(joinRelative(dir, dockerfile), `built by ${PLATFORM_NAMES[platform]} (${doc.file.path})`);
    }
  }
  return built;
}

const STATIC_EXTENSIONS = new Set(['woff', 'woff2', 'ttf', 'otf', 'eot', 'svg', 'png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'ico', 'css', 'js', 'mjs', 'map', 'wasm']);

/**
 * A header rule's `source` that matches only static files (`/:file*.woff2`, `/(.*)\\.(js|css)`):
 * a wildcard origin there is how public assets are shared across sites, not an open API.
 */
export function isStaticAssetSource(source: string): boolean {
  const dot = source.lastIndexOf('.');
  if (dot === -1) return false;
  const alternatives = source
    .slice(dot + 1)
    .replace(/[()$]/g, '')
    .toLowerCase()
    .split('|');
  return alternatives.length > 0 && alternatives.every((ext) => STATIC_EXTENSIONS.has(ext));
}
