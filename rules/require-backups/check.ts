import { posix } from 'node:path';
import { defineCheck, type ProblemOf, type Target } from '../../src/engine/api.js';
import type { DocPath, SourceDocument } from '../../src/model/types.js';
import { backupToolNamed, backupToolsIn, datastoreById, datastoreForImage, operatorBackup, operatorCluster, type Datastore } from '../../src/knowledge/datastores/datastores.js';
import {
  composeEnvironment,
  composeServices,
  serviceRole,
  dependsOn,
  resolveBuild,
  restartPolicy,
  serviceScripts,
  serviceText,
  serviceVolumes,
  type ComposeService,
} from '../../src/knowledge/compose/compose.js';
import {
  containerEnv,
  containersOf,
  kubernetesObjects,
  mountedConfigMapFiles,
  sameNamespace,
  servicesSelecting,
  workloads,
  type K8sObject,
  type Workload,
} from '../../src/knowledge/kubernetes/kubernetes.js';
import { finalStage } from '../../src/knowledge/dockerfile/dockerfile.js';
import { scalarOffsetLocation } from '../../src/parsers/embedded-config.js';
import { commandText, imageDefaultsToAof, redisPersistence } from '../../src/knowledge/datastores/persistence.js';
import { composeRedisUsage, redisCacheReason, type RedisUsage } from '../../src/knowledge/datastores/redis-usage.js';
import { asArray, asDict, durationDays, getPath, isTruthy, scalarText } from '../../src/knowledge/data/values.js';
import { PLATFORM_NAMES, platformDatastores } from '../../src/knowledge/platforms/platforms.js';

/** A datastore found in the project: one compose service or one Kubernetes workload / operator cluster. */
interface Found {
  target: Target;
  datastore: Datastore;
  origin: 'compose' | 'kubernetes';
  /** Where "no backup" points: the compose service key or the workload's name. */
  at: { doc: SourceDocument; path: DocPath; key?: boolean };
  /** Names other config can reach it by (service name, container_name, Service names, workload name). */
  names: string[];
  namespace?: string;
  folder: string;
  /** Compose volume sources, for generic volume backups. */
  volumes: string[];
  /** The operator resource (CloudNativePG Cluster, PerconaXtraDBCluster, …), when it is one. */
  operator?: K8sObject;
  /** Why a Redis-like datastore holds nothing to restore (a cache, a Sentinel); undefined when it holds data. */
  nothingToRestore?: string;
}

interface Mechanism {
  doc: SourceDocument;
  path: DocPath;
  origin: 'compose' | 'kubernetes';
  covers(ds: Found): boolean;
  retention?: { days: number; path: DocPath; doc: SourceDocument };
  /** What showed it is a backup, named in findings about the datastores it covers. */
  evidence?: Evidence;
}

interface Evidence {
  what: string;
  doc: SourceDocument;
  path: DocPath;
}

/** Compiled once per word: `covers` asks for every datastore against every mechanism. */
const wordPatterns = new Map<string, RegExp>();
const word = (text: string, w: string) => {
  let pattern = wordPatterns.get(w);
  if (!pattern) {
    pattern = new RegExp(`(^|[^A-Za-z0-9_-])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_-])`);
    // bounded: the words are datastore and workload names of one repository
    if (wordPatterns.size >= 10_000) wordPatterns.clear();
    wordPatterns.set(w, pattern);
  }
  return pattern.test(text);
};

function cmd(value: unknown): string {
  return Array.isArray(value) ? value.map((v) => scalarText(v) ?? '').join(' ') : (scalarText(value) ?? '');
}

/** Client tools that make a container a one-off dump job rather than the datastore server. */
const DUMP_JOB_TOOLS =
  /(^|[^a-z_])(pg_dump|pg_dumpall|pg_basebackup|mysqldump|mariadb-dump|mariabackup|mariadb-backup|xtrabackup|mydumper|mongodump|elasticdump|clickhouse-backup|restic|borg|kopia)($|[^a-z_])/i;
// `redis-cli … --rdb FILE` and `etcdctl … snapshot save` copy a snapshot off the server (bounded:
// one command line); a bare `etcdctl` is how etcd servers' own start scripts register members.
const SNAPSHOT_COPY = /redis-cli[^\n]{0,512}--rdb|etcdctl[^\n]{0,512}snapshot[ \t]{1,16}save/;
const DUMP_JOB = { test: (text: string) => DUMP_JOB_TOOLS.test(text) || SNAPSHOT_COPY.test(text) };

/**
 * Why a Redis holds nothing to restore: a Sentinel, or a cache by configuration, users or name
 * (shared with require-redis-persistence). With nothing configured, the image's default RDB
 * snapshots land on a volume at the data directory, so such a volume says the data is kept.
 */
function redisNothingToRestore(
  name: string,
  command: string,
  env: Record<string, string | undefined>,
  image: string | undefined,
  mounts: string[],
  dataVolume: boolean,
  usage?: RedisUsage,
): string | undefined {
  if (/sentinel/i.test(`${name} ${command}`)) return 'a Sentinel keeps no data';
  const configured = imageDefaultsToAof(image) ? 'aof' : redisPersistence(command, env, mounts);
  const cache = redisCacheReason(configured === 'default' && dataVolume ? 'rdb' : configured, usage, name);
  return cache && `a cache (${cache})`;
}

/** Retention from environment-like pairs and command lines: KEEP_DAYS=7, --keep-daily 7, RETENTION=14d … (the longest wins). */
function retentionOf(
  pairs: { key: string; value?: string; path: DocPath; doc: SourceDocument }[],
  commands: { text: string; path: DocPath; doc: SourceDocument; script?: boolean }[],
): Mechanism['retention'] {
  let best: Mechanism['retention'];
  const consider = (days: number | undefined, path: DocPath, doc: SourceDocument, script?: { text: string; offset: number }) => {
    if (days === undefined || !Number.isFinite(days)) return;
    // In a script, point at the line that sets it.
    if (!best || days > best.days) best = script ? { days, ...scalarOffsetLocation(doc, path, script.text, script.offset) } : { days, path, doc };
  };
  for (const p of pairs) {
    const k = p.key.toLowerCase().replace(/[^a-z]/g, '');
    if (!/keep|retention|maxage|ttl|prune/.test(k) || p.value === undefined) continue;
    const n = Number(p.value);
    if (/month/.test(k)) consider(Number.isFinite(n) ? n * 30 : undefined, p.path, p.doc);
    else if (/week/.test(k)) consider(Number.isFinite(n) ? n * 7 : undefined, p.path, p.doc);
    else if (/hour/.test(k)) consider(Number.isFinite(n) ? n / 24 : undefined, p.path, p.doc);
    else if (/day|retention|maxage|ttl|keep/.test(k)) consider(durationDays(p.value), p.path, p.doc);
  }
  for (const c of commands) {
    const re = /--keep-(daily|weekly|monthly|yearly|within|last)[= ]+(\S+)/g;
    for (let m = re.exec(c.text); m; m = re.exec(c.text)) {
      const n = Number(m[2]);
      const unit = m[1];
      const at = c.script ? { text: c.text, offset: lineStart(c.text, m.index) } : undefined;
      if (unit === 'within') consider(durationDays(m[2]), c.path, c.doc, at);
      else if (unit === 'daily') consider(n, c.path, c.doc, at);
      else if (unit === 'weekly') consider(n * 7, c.path, c.doc, at);
      else if (unit === 'monthly') consider(n * 30, c.path, c.doc, at);
      else if (unit === 'yearly') consider(n * 365, c.path, c.doc, at);
    }
    // A pruning step in a script: `find /backups -mtime +30 -delete` keeps 30 days.
    const prune = /-mtime[ \t]{1,16}\+(\d{1,5})\b/g;
    for (let m = prune.exec(c.text); m; m = prune.exec(c.text)) {
      if (/-delete|rm /.test(c.text)) consider(Number(m[1]), c.path, c.doc, c.script ? { text: c.text, offset: lineStart(c.text, m.index) } : undefined);
    }
  }
  return best;
}

/** Does the command line run this script (its mount target or file name appears in it)? */
function runsScript(commandLine: string, script: { names: string[] }): boolean {
  return script.names.some((n) => n !== '' && commandLine.includes(n));
}

/** The offset of the first non-blank character of the line holding `offset`. */
function lineStart(text: string, offset: number): number {
  let at = text.lastIndexOf('\n', offset - 1) + 1;
  while (text[at] === ' ' || text[at] === '\t') at++;
  return at;
}

/** What was read before saying no backup runs (the finding names it, so a missing kind of evidence is visible). */
const SEARCHED_COMPOSE = 'no scheduled service of this compose project backs it up (read: images, names, commands, env, inline configs and bind-mounted scripts)';
const SEARCHED_KUBERNETES =
  'nothing in its namespace backs it up (read: CronJob images, commands, args, env and mounted ConfigMap scripts; Velero Schedules; operator backups; backup sidecars)';

/** The first place that names a backup tool (a command, args, a mounted script), or the mechanism itself by its name or image. */
function evidenceOf(sources: { text: string; path: DocPath; doc: SourceDocument; what: string }[], self: string, doc: SourceDocument, path: DocPath): Evidence {
  for (const src of sources) {
    const tools = backupToolsIn(src.text);
    const tool = tools.datastores.length > 0 || tools.generic ? backupToolNamed(src.text) : undefined;
    if (tool) return { what: `${self} runs \`${tool}\` in ${src.what}`, doc: src.doc, path: src.path };
  }
  return { what: `${self}, a backup by its name or image`, doc, path };
}

function isBackupish(text: string, name: string): { tools: ReturnType<typeof backupToolsIn>; yes: boolean } {
  const tools = backupToolsIn(text);
  return { tools, yes: tools.datastores.length > 0 || tools.generic || /backup/i.test(name) };
}

export default defineCheck<'require-backups'>({
  kinds: ['compose', 'kubernetes', 'platform'],
  check(ctx) {
    const minDays = ctx.options.minRetentionDays;
    const found: Found[] = [];
    const mechanisms: Mechanism[] = [];

    // ---- compose: datastores and backup services
    for (const doc of ctx.project.ofKind('compose')) {
      // One compose model per environment: a backup service of the development model does not
      // back up the production model's database.
      const folder = `${posix.dirname(doc.file.path)}\u0000${ctx.environmentOf(doc)}`;
      for (const s of composeServices(doc)) {
        let ds = datastoreForImage(scalarText(s.data.image));
        if (!ds) {
          const build = resolveBuild(ctx.project, s);
          const stage = build?.dockerfile ? finalStage(build.dockerfile.data, build.target) : undefined;
          ds = datastoreForImage(stage?.image);
        }
        // A datastore image running a client dump tool (pg_dump, mysqldump …), on its command line or
        // in a script it runs, is a backup job, not a datastore; a server that archives itself
        // (`archive_command=wal-g …`) backs itself up.
        const commandLine = `${cmd(s.data.command)} ${cmd(s.data.entrypoint)}`;
        const scripts = serviceScripts(ctx.project, s);
        const runs = [commandLine, ...scripts.filter((x) => runsScript(commandLine, x)).map((x) => x.text)].join('\n');
        if (ds && !DUMP_JOB.test(runs)) {
          // A test database is thrown away with the test run: nothing to restore.
          const role = serviceRole(s, ctx.environmentOf(doc));
          if (role.role === 'job') {
            ctx.notApplicable({ doc, path: s.path, name: `service ${s.name}` }, `job: ${role.reason}`);
            continue;
          }
          if (backupToolsIn(runs).datastores.includes(ds.id)) {
            const self = s.name;
            mechanisms.push({ doc, path: [...s.path, 'command'], origin: 'compose', covers: (d) => d.origin === 'compose' && d.folder === folder && d.names[0] === self });
          }
          const volumes = serviceVolumes(s);
          const env: Record<string, string | undefined> = {};
          for (const e of composeEnvironment(s)) env[e.key] = e.value;
          const targets = volumes.map((v) => v.target);
          const dataVolume = targets.some((t) => ds!.dataDirs.includes(t.replace(/\/$/, '')));
          found.push({
            target: { doc, path: s.path, name: `service ${s.name}` },
            datastore: ds,
            origin: 'compose',
            at: { doc, path: s.path, key: true },
            names: [s.name, ...[scalarText(s.data.container_name), scalarText(s.data.hostname)].filter((n): n is string => Boolean(n))],
            folder,
            volumes: volumes.flatMap((v) => (v.source ? [v.source] : [])),
            nothingToRestore:
              ds.id === 'redis'
                ? redisNothingToRestore(s.name, commandText(s.data.command), env, scalarText(s.data.image), targets, dataVolume, composeRedisUsage(composeServices(doc), s))
                : undefined,
          });
          continue;
        }
        const m = composeMechanism(s, folder);
        if (m) mechanisms.push(m);
      }
    }

    // ---- Kubernetes: datastore workloads, CloudNativePG clusters, CronJobs, Velero / CNPG schedules
    const objects = kubernetesObjects(ctx.project);
    for (const w of workloads(ctx.project)) {
      if (w.batch) {
        if (w.kind === 'CronJob' && !isTruthy(getPath(w.data, ['spec', 'suspend']))) {
          const m = cronJobMechanism(w);
          if (m) mechanisms.push(m);
        }
        continue;
      }
      const containers = containersOf(w, ['container', 'init']);
      // A datastore image running a dump tool (a long-running backup loop) is no datastore.
      const hit = containers
        .filter((c) => c.role === 'container' && !DUMP_JOB.test(`${cmd(c.data.command)} ${cmd(c.data.args)}`))
        .map((c) => ({ c, ds: datastoreForImage(c.image) }))
        .find((x) => x.ds);
      if (!hit) continue;
      // A backup sidecar in the datastore's own pod (wal-g, pgbackrest, restic …) runs continuously.
      const sidecars = containers.filter((c) => c !== hit.c && (c.role === 'container' || c.sidecar));
      const sidecar = sidecars.find((c) => {
        const t = backupToolsIn(`${c.image ?? ''} ${cmd(c.data.command)} ${cmd(c.data.args)}`);
        return t.datastores.includes(hit.ds!.id) || t.generic;
      });
      const mounts = containers.flatMap((c) => asArray(c.data.volumeMounts).map((m) => scalarText(asDict(m)?.mountPath) ?? ''));
      const pvc = asArray(getPath(w.data, ['spec', 'volumeClaimTemplates'])).length > 0 || asArray(w.podSpec.volumes).some((v) => asDict(v)?.persistentVolumeClaim !== undefined);
      found.push({
        target: { doc: w.doc, path: w.path, name: `${w.kind}/${w.name}` },
        datastore: hit.ds!,
        origin: 'kubernetes',
        at: { doc: w.doc, path: [...w.path, 'metadata', 'name'] },
        names: [w.name, ...servicesSelecting(ctx.project, w).map((s) => s.name)],
        namespace: w.namespace,
        folder: posix.dirname(w.doc.file.path),
        volumes: [],
        nothingToRestore:
          hit.ds!.id === 'redis'
            ? redisNothingToRestore(
                `${w.name} ${hit.c.name}`,
                `${commandText(hit.c.data.command)} ${commandText(hit.c.data.args)}`,
                Object.fromEntries(containerEnv(hit.c).map((e) => [e.name, e.value])),
                hit.c.image,
                mounts,
                pvc && mounts.some((m) => hit.ds!.dataDirs.includes(m.replace(/\/$/, ''))),
              )
            : undefined,
      });
      if (sidecar) {
        const self = found[found.length - 1]!;
        mechanisms.push({ doc: w.doc, path: sidecar.path, origin: 'kubernetes', covers: (ds) => ds === self });
      }
    }
    for (const o of objects) {
      const group = o.apiVersion.split('/')[0] ?? '';
      const oc = operatorCluster(o.apiVersion, o.kind);
      const ob = operatorBackup(o.apiVersion, o.kind);
      if (oc) {
        const ds: Found = {
          target: { doc: o.doc, path: o.path, name: `${o.kind}/${o.name}` },
          datastore: datastoreById(oc.datastore),
          origin: 'kubernetes',
          at: { doc: o.doc, path: [...o.path, 'metadata', 'name'] },
          names: [o.name],
          namespace: o.namespace,
          folder: posix.dirname(o.doc.file.path),
          volumes: [],
          operator: o,
        };
        found.push(ds);
        const inline = oc.inlineBackup?.(asDict(o.data.spec) ?? {});
        if (inline) {
          mechanisms.push({
            doc: o.doc,
            path: [...o.path, ...inline.path],
            origin: 'kubernetes',
            covers: (d) => d === ds,
            retention: inline.retention ? { days: inline.retention.days, path: [...o.path, ...inline.retention.path], doc: o.doc } : undefined,
          });
        }
      } else if (ob && ob.scheduled(asDict(o.data.spec) ?? {})) {
        const cluster = scalarText(getPath(o.data, ob.clusterRef));
        const days = ob.retention ? durationDays(getPath(o.data, ob.retention), 'h') : undefined;
        mechanisms.push({
          doc: o.doc,
          path: o.path,
          origin: 'kubernetes',
          covers: (ds) =>
            ds.operator !== undefined &&
            ds.operator.kind === ob.clusterKind &&
            ds.operator.apiVersion.split('/')[0] === ob.group &&
            ds.operator.name === cluster &&
            sameNamespace(ds.namespace, o.namespace),
          retention: days !== undefined && ob.retention ? { days, path: [...o.path, ...ob.retention], doc: o.doc } : undefined,
        });
      } else if (group === 'velero.io' && o.kind === 'Schedule' && !isTruthy(getPath(o.data, ['spec', 'paused']))) {
        const included = asArray(getPath(o.data, ['spec', 'template', 'includedNamespaces'])).map(String);
        const excluded = asArray(getPath(o.data, ['spec', 'template', 'excludedNamespaces'])).map(String);
        const ttlPath: DocPath = [...o.path, 'spec', 'template', 'ttl'];
        const ttl = durationDays(getPath(o.data, ['spec', 'template', 'ttl']), 'h');
        mechanisms.push({
          doc: o.doc,
          path: o.path,
          origin: 'kubernetes',
          covers: (ds) =>
            ds.origin === 'kubernetes' &&
            (included.length === 0 || included.includes('*') || ds.namespace === undefined || included.includes(ds.namespace)) &&
            !(ds.namespace !== undefined && excluded.includes(ds.namespace)),
          // Velero's default TTL is 30 days (720h).
          retention: ttl !== undefined ? { days: ttl, path: ttlPath, doc: o.doc } : { days: 30, path: o.path, doc: o.doc },
        });
      }
    }

    // ---- managed datastores of platform files: the plan decides (Render backs up paid databases)
    for (const d of platformDatastores(ctx.project)) {
      const target = { doc: d.doc, path: d.path, name: `${PLATFORM_NAMES[d.platform]} ${d.datastore.name} ${d.name}` };
      if (d.datastore.backup !== 'required')
        ctx.notApplicable(target, `a ${PLATFORM_NAMES[d.platform]} ${d.datastore.name} store: persistence is judged by require-redis-persistence`);
      else if (d.backups.managed) {
        // Snapshots the platform keeps for a known time (Fly.io volumes: 5 days by default).
        const retention = d.backups.retention;
        if (retention && retention.days < minDays) {
          ctx.fail(target, {
            messageId: 'shortRetention',
            severity: 'warning',
            data: { datastore: d.datastore.name, name: d.name, days: retention.days, min: minDays },
            path: retention.path,
          });
        } else ctx.pass(target);
      } else if (d.backups.fix) {
        ctx.fail(target, {
          messageId: 'platformNoBackupFix',
          data: { platform: PLATFORM_NAMES[d.platform], datastore: d.datastore.name, name: d.name, why: d.backups.why, fix: d.backups.fix },
          path: d.backups.path,
        });
      } else
        ctx.fail(target, {
          messageId: 'platformNoBackup',
          data: { platform: PLATFORM_NAMES[d.platform], datastore: d.datastore.name, name: d.name, why: d.backups.why },
          path: d.backups.path,
        });
    }

    // ---- judge every datastore
    for (const ds of found) {
      if (ds.datastore.backup === 'not-required') {
        ctx.notApplicable(ds.target, `${ds.datastore.name} is a ${ds.datastore.category}: replicate rather than back up`);
        continue;
      }
      if (ds.datastore.backup === 'unless-cache' && ds.nothingToRestore) {
        ctx.notApplicable(ds.target, `${ds.datastore.name}: ${ds.nothingToRestore}`);
        continue;
      }
      const covering = mechanisms.filter((m) => m.origin === ds.origin && m.covers(ds));
      if (covering.length === 0) {
        ctx.fail(ds.target, {
          messageId: 'noBackup',
          data: { datastore: ds.datastore.name, name: ds.target.name, searched: ds.origin === 'compose' ? SEARCHED_COMPOSE : SEARCHED_KUBERNETES },
          doc: ds.at.doc,
          path: ds.at.path,
          key: ds.at.key,
        });
        continue;
      }
      let retentions = covering.map((m) => m.retention);
      if (ds.operator && ds.operator.apiVersion.startsWith('postgresql.cnpg.io/')) {
        // CloudNativePG keeps retention on the Cluster (`spec.backup.retentionPolicy: 30d`).
        const days = durationDays(getPath(ds.operator.data, ['spec', 'backup', 'retentionPolicy']));
        retentions = [days !== undefined ? { days, path: [...ds.operator.path, 'spec', 'backup', 'retentionPolicy'], doc: ds.operator.doc } : undefined];
      }
      if (retentions.some((r) => r === undefined || r.days >= minDays)) {
        ctx.pass(ds.target);
        continue;
      }
      const longest = retentions.reduce((a, b) => (a!.days >= b!.days ? a : b))!;
      const problem: ProblemOf<'require-backups'> = {
        messageId: 'shortRetention',
        severity: 'warning',
        data: { datastore: ds.datastore.name, name: ds.target.name, days: Math.round(longest.days * 10) / 10, min: minDays },
        doc: longest.doc,
        path: longest.path,
        related: [
          { doc: ds.at.doc, path: ds.at.path, key: ds.at.key, message: `the ${ds.datastore.name} datastore backed up` },
          ...covering.flatMap((m) => (m.evidence ? [{ doc: m.evidence.doc, path: m.evidence.path, message: `backup evidence: ${m.evidence.what}` }] : [])),
        ],
      };
      ctx.fail(ds.target, problem);
    }

    function composeMechanism(s: ComposeService, folder: string): Mechanism | undefined {
      const scripts = serviceScripts(ctx.project, s);
      const text = [serviceText(s), ...scripts.map((x) => x.text)].join('\n');
      const { tools, yes } = isBackupish(text, `${s.name} ${scalarText(s.data.image) ?? ''}`);
      if (!yes) return undefined;
      const env = composeEnvironment(s);
      // Something must actually run it: a long-running (scheduling) container, not a one-off run.
      const restart = restartPolicy(s);
      const scheduled =
        restart === 'always' ||
        restart === 'unless-stopped' ||
        env.some((e) => /SCHEDULE|CRON/i.test(e.key) && (e.value ?? '') !== '') ||
        /\bcron\b|crond|supercronic|while\s+(true|:)|sleep\s+\d/.test([cmd(s.data.command), cmd(s.data.entrypoint), ...scripts.map((x) => x.text)].join('\n')) ||
        // A scheduler's labels on the service (ofelia, docker-crontab).
        Object.keys(asDict(s.data.labels) ?? {}).some((k) => /^ofelia\.job-|^(docker-)?cron(tab)?\./i.test(k));
      if (!scheduled) return undefined;
      const deps = dependsOn(s);
      const volumes = serviceVolumes(s).flatMap((v) => (v.source ? [v.source] : []));
      const command = cmd(s.data.command);
      const commands = [
        ...(command ? [{ text: command, path: [...s.path, 'command'] as DocPath, doc: s.doc, what: 'its command' }] : []),
        ...(s.data.entrypoint !== undefined ? [{ text: cmd(s.data.entrypoint), path: [...s.path, 'entrypoint'] as DocPath, doc: s.doc, what: 'its entrypoint' }] : []),
        // An inline config's lines are located; a script file is pointed at where the service brings it in.
        ...scripts.map((x) => ({ text: x.text, path: x.path, doc: x.doc, what: x.what, script: x.path[0] === 'configs' })),
      ];
      const named = text.replace(s.name, '');
      const refers = (d: Found) => d.names.some((n) => deps.includes(n) || word(named, n));
      let namesSome: boolean | undefined;
      return {
        doc: s.doc,
        path: s.path,
        origin: 'compose',
        evidence: evidenceOf(commands, `service ${s.name}`, s.doc, s.path),
        covers: (ds) => {
          if (ds.folder !== folder) return false;
          // A backup that names its datastores (POSTGRES_HOST=db, depends_on) covers those only
          // (whether it names any is the same question for every datastore: asked once).
          namesSome ??= found.some((d) => d.origin === 'compose' && d.folder === folder && refers(d));
          if (namesSome) return refers(ds);
          return tools.datastores.includes(ds.datastore.id) || (tools.generic && ds.volumes.some((v) => volumes.includes(v)));
        },
        retention: retentionOf(
          env.map((e) => ({ key: e.key, value: e.value, path: e.path, doc: s.doc })),
          commands,
        ),
      };
    }

    function cronJobMechanism(w: Workload): Mechanism | undefined {
      const containers = containersOf(w, ['container', 'init']);
      const env = containers.flatMap((c) => containerEnv(c).map((e) => ({ key: e.name, value: e.value, path: e.valuePath, doc: w.doc })));
      const commands = containers.flatMap((c) =>
        (['command', 'args'] as const).flatMap((f) => (c.data[f] !== undefined ? [{ text: cmd(c.data[f]), path: [...c.path, f] as DocPath, doc: w.doc, what: `its ${f}` }] : [])),
      );
      // Scripts the job mounts from ConfigMaps of the repository (`/scripts/backup.sh` calling pg_basebackup).
      const scripts = mountedConfigMapFiles(ctx.project, w).map((f) => ({
        text: f.text,
        path: f.path,
        doc: f.configMap.doc,
        script: true,
        what: `script \`${f.key}\` of ConfigMap/${f.configMap.name}`,
      }));
      const text = [
        w.name,
        ...containers.map((c) => c.image ?? ''),
        ...commands.map((c) => c.text),
        ...scripts.map((c) => c.text),
        ...env.map((e) => `${e.key}=${e.value ?? ''}`),
      ].join(' ');
      const { tools, yes } = isBackupish(text, `${w.name} ${containers.map((c) => c.image ?? '').join(' ')}`);
      if (!yes) return undefined;
      const evidence = evidenceOf([...commands, ...scripts], `${w.kind}/${w.name}`, w.doc, w.path);
      const named = text.replace(w.name, '');
      const refers = (d: Found) => d.names.some((n) => word(named, n));
      let namesSome: boolean | undefined;
      return {
        doc: w.doc,
        path: w.path,
        origin: 'kubernetes',
        evidence,
        covers: (ds) => {
          if (!sameNamespace(ds.namespace, w.namespace)) return false;
          // A backup that names its datastores (`pg_dump -h postgres`) covers those only (asked once).
          namesSome ??= found.some((d) => d.origin === 'kubernetes' && sameNamespace(d.namespace, w.namespace) && refers(d));
          if (namesSome) return refers(ds);
          return tools.datastores.includes(ds.datastore.id) || tools.generic;
        },
        retention: retentionOf(env, [...commands, ...scripts]),
      };
    }
  },
});
