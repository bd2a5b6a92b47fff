import { defineCheck } from '../../src/engine/api.js';
import type { DocPath, SourceDocument } from '../../src/model/types.js';
import { composeEnvironment, composeServices, resolveBuild, serviceVolumes, type ComposeService } from '../../src/knowledge/compose/compose.js';
import { datastoreForImage, type Datastore } from '../../src/knowledge/datastores/datastores.js';
import { finalStage, stageChain } from '../../src/knowledge/dockerfile/dockerfile.js';
import { containerEnv, containersOf, containerTargetName, workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { datastoreOfValuesPath, findValuesKeys, productionOverride, valuesDocuments } from '../../src/knowledge/charts/helm-values.js';
import { commandText, dataDirectories, isNonDataWorkloadName, mountCovers, NON_DATA_COMPONENT, redisPersistence } from '../../src/knowledge/datastores/persistence.js';
import { asArray, asDict, isFalsy, isTruthy, scalarText } from '../../src/knowledge/data/values.js';
import { workloadTargetName } from '../../src/knowledge/kubernetes/availability.js';
import { PLATFORM_NAMES, platformDatastores } from '../../src/knowledge/platforms/platforms.js';

/** The datastore a compose service runs: by image, else by the base image of the Dockerfile it builds. */
function serviceDatastore(ctx: { project: import('../../src/model/project.js').Project }, s: ComposeService): Datastore | undefined {
  const byImage = datastoreForImage(scalarText(s.data.image));
  if (byImage) return byImage;
  const build = resolveBuild(ctx.project, s);
  if (!build?.dockerfile) return undefined;
  const stage = finalStage(build.dockerfile.data, build.target);
  if (!stage) return undefined;
  const chain = stageChain(build.dockerfile.data, stage);
  return datastoreForImage(chain[chain.length - 1]!.image);
}

export default defineCheck({
  kinds: ['compose', 'kubernetes', 'helm-values', 'platform'],
  check(ctx) {
    // C: a volume (named or bind) at the datastore's data directory.
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) {
        const ds = serviceDatastore(ctx, s);
        if (!ds) continue;
        const target = { doc, path: s.path, name: `service ${s.name}` };
        if (ds.dataDirs.length === 0) {
          ctx.notApplicable(target, `${ds.name} keeps no data`);
          continue;
        }
        if (ctx.environmentOf(doc) === 'test') {
          ctx.notApplicable(target, 'test environment: throwaway data');
          continue;
        }
        const env: Record<string, string | undefined> = {};
        for (const e of composeEnvironment(s)) env[e.key] = e.value;
        const command = commandText(s.data.command);
        // Services of the merged compose models: the volumes of every layer of the model.
        const volumes = serviceVolumes(s).map((v) => ({ ...v, layer: s }));
        if (ds.id === 'redis') {
          const mode = redisPersistence(
            command,
            env,
            volumes.map((v) => v.target),
          );
          if (mode === 'cache' || mode === 'default') {
            ctx.notApplicable(target, 'Redis without persistence is a cache (see require-redis-persistence)');
            continue;
          }
        }
        const dirs = dataDirectories(ds, env, command);
        const covering = volumes.filter((v) => dirs.some((d) => mountCovers(v.target, d)));
        // A named volume declared with `driver_opts: {type: tmpfs}` lives in memory.
        const tmpfsVolume = (v: (typeof volumes)[number]): boolean => {
          if (v.type === 'tmpfs') return true;
          if (v.type !== 'volume' || !v.source) return false;
          const decl = asDict(asDict(asDict(v.layer.doc.data)?.volumes)?.[v.source]);
          return scalarText(asDict(decl?.driver_opts)?.type)?.toLowerCase() === 'tmpfs';
        };
        const persistent = covering.find((v) => !tmpfsVolume(v));
        if (persistent) {
          ctx.pass(target);
          continue;
        }
        const tmpfs = covering[0];
        if (tmpfs) {
          ctx.fail(target, { messageId: 'composeTmpfs', data: { datastore: ds.name, service: s.name }, doc: tmpfs.layer.doc, path: tmpfs.path });
          continue;
        }
        ctx.fail(target, {
          messageId: 'composeMissing',
          data: { datastore: ds.name, service: s.name, dirs: ds.dataDirs[0]! },
          path: [...s.path, 'volumes'] as DocPath,
          key: true,
        });
      }
    }

    // K: datastore workloads mount a PVC (or volumeClaimTemplate) at the data directory, not emptyDir.
    for (const w of workloads(ctx.project)) {
      if (w.batch) continue;
      const claimTemplates = new Set(
        asArray(asDict(w.data.spec)?.volumeClaimTemplates).flatMap((t) => {
          const n = scalarText(asDict(asDict(t)?.metadata)?.name);
          return n ? [n] : [];
        }),
      );
      const volumes = new Map<string, { data: Record<string, unknown>; index: number }>();
      asArray(w.podSpec.volumes).forEach((v, index) => {
        const d = asDict(v);
        const n = scalarText(d?.name);
        if (d && n) volumes.set(n, { data: d, index });
      });
      for (const c of containersOf(w)) {
        const ds = datastoreForImage(c.image);
        if (!ds) continue;
        const target = { doc: w.doc, path: c.path, name: containerTargetName(c) };
        if (isNonDataWorkloadName(w.name)) {
          ctx.notApplicable(target, 'a component that holds no data (coordinating, ingest, proxy …)');
          continue;
        }
        if (ds.dataDirs.length === 0) {
          ctx.notApplicable(target, `${ds.name} keeps no data`);
          continue;
        }
        if (ctx.environmentOf(w.doc) === 'test') {
          ctx.notApplicable(target, 'test environment: throwaway data');
          continue;
        }
        const env: Record<string, string | undefined> = {};
        for (const e of containerEnv(c)) env[e.name] = e.value;
        const command = `${commandText(c.data.command)} ${commandText(c.data.args)}`;
        const mounts = asArray(c.data.volumeMounts).flatMap((m, i) => {
          const md = asDict(m);
          const mountPath = scalarText(md?.mountPath);
          const name = scalarText(md?.name);
          return md && mountPath && name ? [{ mountPath, name, index: i }] : [];
        });
        if (ds.id === 'redis') {
          const mode = redisPersistence(
            command,
            env,
            mounts.map((m) => m.mountPath),
          );
          if (mode === 'cache' || mode === 'default') {
            ctx.notApplicable(target, 'Redis without persistence is a cache (see require-redis-persistence)');
            continue;
          }
        }
        const dirs = dataDirectories(ds, env, command);
        const covering = mounts.filter((m) => dirs.some((d) => mountCovers(m.mountPath, d)));
        if (covering.length === 0) {
          ctx.fail(target, {
            messageId: 'k8sMissing',
            data: { datastore: ds.name, container: c.name, workload: workloadTargetName(w), dirs: ds.dataDirs[0]! },
            path: [...c.path, 'volumeMounts'],
            key: true,
          });
          continue;
        }
        let ephemeral: { volume: string; type: string; path: DocPath } | undefined;
        let ok = false;
        for (const m of covering) {
          if (claimTemplates.has(m.name)) {
            ok = true;
            continue;
          }
          const v = volumes.get(m.name);
          if (!v) {
            ok = true; // defined elsewhere (patched in by an overlay): benefit of the doubt
            continue;
          }
          const type = ['emptyDir', 'ephemeral'].find((t) => v.data[t] !== undefined);
          if (type) ephemeral ??= { volume: m.name, type, path: [...w.podSpecPath, 'volumes', v.index, type] };
          else ok = true;
        }
        if (ok) ctx.pass(target);
        else if (ephemeral) {
          ctx.fail(target, {
            messageId: 'k8sEphemeral',
            data: { datastore: ds.name, workload: workloadTargetName(w), volume: ephemeral.volume, volumeType: ephemeral.type },
            path: ephemeral.path,
            key: true,
          });
        }
      }
    }

    // H: `persistence.enabled` of datastore charts and subcharts (Redis is judged by require-redis-persistence).
    for (const doc of valuesDocuments(ctx.project)) {
      for (const m of findValuesKeys(doc.data, 'persistence', 3)) {
        const p = asDict(m.value);
        if (!p || p.enabled === undefined) continue;
        const ds = datastoreOfValuesPath(ctx.project, doc, m.path);
        if (!ds || ds.id === 'redis' || ds.dataDirs.length === 0) continue;
        // Components of a datastore chart that hold no data of their own (UIs, proxies, snapshot
        // scratch space, exporters, sentinels, arbiters).
        if (m.path.some((p) => NON_DATA_COMPONENT.test(String(p)))) continue;
        const enabledPath: DocPath = [...m.path, 'enabled'];
        const key = enabledPath.join('.');
        const target = { doc: doc as SourceDocument, path: m.path, name: `values ${m.path.join('.')}` };
        if (ctx.environmentOf(doc) === 'test') {
          ctx.notApplicable(target, 'test environment: throwaway data');
          continue;
        }
        if (isTruthy(p.enabled)) ctx.pass(target);
        else if (isFalsy(p.enabled)) {
          if (productionOverride(ctx.project, doc, enabledPath, ctx.environmentOf)) ctx.notApplicable(target, 'overridden by a production values file');
          else ctx.fail(target, { messageId: 'valuesDisabled', data: { key, datastore: ds.name }, path: enabledPath });
        }
      }
    }

    // P: datastores a platform runs as an app (Fly.io): a volume keeps the data; the Machine's own
    // disk is replaced on every deploy. Managed databases (Render) keep their own storage.
    for (const d of platformDatastores(ctx.project)) {
      if (!d.persistence) continue;
      const target = { doc: d.doc, path: d.path, name: `${PLATFORM_NAMES[d.platform]} ${d.datastore.name} ${d.name}` };
      if (d.datastore.dataDirs.length === 0) ctx.notApplicable(target, `${d.datastore.name} keeps no data`);
      else if (d.persistence.present) ctx.pass(target);
      else if (d.datastore.id === 'redis') ctx.notApplicable(target, 'Redis without a volume is a cache (see require-redis-persistence)');
      else ctx.fail(target, { messageId: 'platformNoVolume', data: { platform: PLATFORM_NAMES[d.platform], name: d.name, datastore: d.datastore.name }, path: d.persistence.path });
    }
  },
});
