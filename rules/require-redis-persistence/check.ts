import { defineCheck } from '../../src/engine/api.js';
import type { DocPath } from '../../src/model/types.js';
import { composeEnvironment, composeServices, resolveBuild, serviceRole, serviceVolumes } from '../../src/knowledge/compose/compose.js';
import { datastoreForImage } from '../../src/knowledge/datastores/datastores.js';
import { finalStage, stageChain } from '../../src/knowledge/dockerfile/dockerfile.js';
import { containerEnv, containersOf, containerTargetName, workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { datastoreOfValuesPath, findValuesKeys, productionOverride, valuesDocuments } from '../../src/knowledge/charts/helm-values.js';
import { commandText, imageDefaultsToAof, redisPersistence } from '../../src/knowledge/datastores/persistence.js';
import { composeRedisUsage, redisCacheReason } from '../../src/knowledge/datastores/redis-usage.js';
import { asArray, asDict, isFalsy, isTruthy, scalarText } from '../../src/knowledge/data/values.js';
import { workloadTargetName } from '../../src/knowledge/kubernetes/availability.js';

const SENTINEL = /sentinel/i;

export default defineCheck({
  kinds: ['compose', 'kubernetes', 'helm-values'],
  check(ctx) {
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) {
        let ds = datastoreForImage(scalarText(s.data.image));
        if (!ds) {
          const build = resolveBuild(ctx.project, s);
          const stage = build?.dockerfile ? finalStage(build.dockerfile.data, build.target) : undefined;
          if (build?.dockerfile && stage) {
            const chain = stageChain(build.dockerfile.data, stage);
            ds = datastoreForImage(chain[chain.length - 1]!.image);
            // A custom image that builds on Redis usually ships its own redis.conf.
            if (ds?.id === 'redis' && build.dockerfile.data.instructions.some((i) => /\.conf\b/.test(i.argsText))) continue;
          }
        }
        if (ds?.id !== 'redis') continue;
        const target = { doc, path: s.path, name: `service ${s.name}` };
        if (SENTINEL.test(`${s.name} ${commandText(s.data.command)} ${commandText(s.data.entrypoint)}`)) {
          ctx.notApplicable(target, 'a Sentinel keeps no data');
          continue;
        }
        const role = serviceRole(s, ctx.environmentOf(doc));
        if (role.role === 'job') {
          ctx.notApplicable(target, `job: ${role.reason}`);
          continue;
        }
        const env: Record<string, string | undefined> = {};
        for (const e of composeEnvironment(s)) env[e.key] = e.value;
        const mode = imageDefaultsToAof(scalarText(s.data.image))
          ? 'config-file'
          : redisPersistence(
              commandText(s.data.command),
              env,
              serviceVolumes(s).map((v) => v.target),
            );
        // How the other services use it: `QUEUE_URL=redis://cache` makes it a store whatever its name;
        // users that all reach it as a cache (`CACHE_URL`, Nextcloud's `REDIS_HOST`) make it a cache.
        const usage = composeRedisUsage(composeServices(doc), s);
        const cache = redisCacheReason(mode, usage, s.name);
        if (cache) ctx.notApplicable(target, cache);
        else if (mode !== 'default') ctx.pass(target);
        else {
          const at: DocPath = s.data.command !== undefined ? [...s.path, 'command'] : s.path;
          const store = usage.store;
          if (store) ctx.fail(target, { messageId: 'composeStore', data: { service: s.name, user: store.user.name, key: store.entry.key }, path: at, key: true });
          else ctx.fail(target, { messageId: 'composeDefault', data: { service: s.name }, path: at, key: true });
        }
      }
    }

    for (const w of workloads(ctx.project)) {
      if (w.batch) continue;
      for (const c of containersOf(w)) {
        if (datastoreForImage(c.image)?.id !== 'redis') continue;
        const target = { doc: w.doc, path: c.path, name: containerTargetName(c) };
        if (SENTINEL.test(`${c.name} ${commandText(c.data.command)} ${commandText(c.data.args)}`) || containerEnv(c).some((e) => e.name === 'SENTINEL' && e.value === 'true')) {
          ctx.notApplicable(target, 'a Sentinel keeps no data');
          continue;
        }
        if (ctx.environmentOf(w.doc) === 'test') {
          ctx.notApplicable(target, 'test environment');
          continue;
        }
        const env: Record<string, string | undefined> = {};
        for (const e of containerEnv(c)) env[e.name] = e.value;
        const mounts = asArray(c.data.volumeMounts).flatMap((m) => {
          const p = scalarText(asDict(m)?.mountPath);
          return p ? [p] : [];
        });
        // A mounted ConfigMap (redis.conf) or a Bitnami image (AOF on by default) decides persistence.
        const configVolumes = new Set(
          asArray(w.podSpec.volumes).flatMap((v) => {
            const d = asDict(v);
            const n = scalarText(d?.name);
            return n && (d?.configMap !== undefined || d?.projected !== undefined) ? [n] : [];
          }),
        );
        const mountsConfig = asArray(c.data.volumeMounts).some((m) => configVolumes.has(scalarText(asDict(m)?.name) ?? ''));
        const mode = mountsConfig || imageDefaultsToAof(c.image) ? 'config-file' : redisPersistence(`${commandText(c.data.command)} ${commandText(c.data.args)}`, env, mounts);
        if (mode === 'cache') ctx.notApplicable(target, 'declared a cache');
        else if (mode !== 'default') ctx.pass(target);
        else {
          const at: DocPath = c.data.args !== undefined ? [...c.path, 'args'] : c.data.command !== undefined ? [...c.path, 'command'] : c.path;
          ctx.fail(target, { messageId: 'k8sDefault', data: { container: c.name, workload: workloadTargetName(w) }, path: at, key: at !== c.path });
        }
      }
    }

    for (const doc of valuesDocuments(ctx.project)) {
      for (const m of findValuesKeys(doc.data, 'persistence', 3)) {
        const p = asDict(m.value);
        if (!p || p.enabled === undefined) continue;
        if (datastoreOfValuesPath(ctx.project, doc, m.path)?.id !== 'redis') continue;
        if (m.path.some((p) => SENTINEL.test(String(p)))) continue;
        const enabledPath: DocPath = [...m.path, 'enabled'];
        const target = { doc, path: m.path, name: `values ${m.path.join('.')}` };
        if (ctx.environmentOf(doc) === 'test') {
          ctx.notApplicable(target, 'test environment');
          continue;
        }
        if (isTruthy(p.enabled)) ctx.pass(target);
        else if (isFalsy(p.enabled)) {
          if (productionOverride(ctx.project, doc, enabledPath, ctx.environmentOf)) ctx.notApplicable(target, 'overridden by a production values file');
          else ctx.fail(target, { messageId: 'valuesDisabled', data: { key: enabledPath.join('.') }, path: enabledPath });
        }
      }
    }
  },
});
