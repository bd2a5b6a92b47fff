import { defineCheck, type Problem } from '../../src/engine/api.js';
import { containersOf, workloads, type Workload } from '../../src/knowledge/kubernetes/kubernetes.js';
import { composeServices, serviceVolumes } from '../../src/knowledge/compose/compose.js';
import { sensitiveHostPath, sensitiveWhenWritable } from '../../src/knowledge/containers/container-security.js';
import type { DocPath } from '../../src/model/types.js';
import { asArray, asDict, isTruthy, scalarText } from '../../src/knowledge/data/values.js';

/** The containers' mounts of a pod volume that are not `readOnly: true`. */
function writableMounts(w: Workload, volume: string): { container: string; path: DocPath }[] {
  return containersOf(w, ['container', 'init', 'ephemeral']).flatMap((c) =>
    asArray(c.data.volumeMounts).flatMap((m, j) => {
      const mount = asDict(m);
      if (!mount || scalarText(mount.name) !== volume || isTruthy(mount.readOnly)) return [];
      return [{ container: c.name, path: [...c.path, 'volumeMounts', j] }];
    }),
  );
}

export default defineCheck({
  kinds: ['kubernetes', 'compose'],
  check(ctx) {
    // K: hostPath volumes of the pod spec; one target per workload.
    for (const w of workloads(ctx.project)) {
      const target = { doc: w.doc, path: w.podSpecPath, name: `${w.kind}/${w.name}` };
      const problems: Problem[] = [];
      asArray(w.podSpec.volumes).forEach((v, i) => {
        const path = scalarText(asDict(asDict(v)?.hostPath)?.path);
        if (path === undefined) return;
        const what = sensitiveHostPath(path);
        if (what) {
          problems.push({
            messageId: 'k8sHostPath',
            data: { kind: w.kind, name: w.name, what, path },
            path: [...w.podSpecPath, 'volumes', i, 'hostPath', 'path'],
          });
          return;
        }
        const volume = scalarText(asDict(v)?.name);
        if (!volume || !sensitiveWhenWritable(path)) return;
        for (const m of writableMounts(w, volume)) {
          problems.push({ messageId: 'k8sWritableHostPath', data: { kind: w.kind, name: w.name, container: m.container, path }, path: m.path });
        }
      });
      if (problems.length) ctx.fail(target, ...problems);
      else ctx.pass(target);
    }
    // C: bind mounts of absolute host paths.
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) {
        const target = { doc, path: s.path, name: `service ${s.name}` };
        const problems: Problem[] = [];
        for (const v of serviceVolumes(s)) {
          if (v.type !== 'bind' || !v.source) continue;
          // `${VAR:-/path}:/target` is split at the colon inside the braces by the short-syntax parser.
          const raw = scalarText(asArray(s.data.volumes)[v.path[v.path.length - 1] as number]);
          const braced = raw ? /^(\$\{[^}]*\}[^:]*):/.exec(raw) : null;
          const source = hostSource(braced ? braced[1]! : v.source);
          if (!source) continue;
          const what = sensitiveHostPath(source);
          if (what) problems.push({ messageId: 'composeBind', data: { service: s.name, what, path: source }, path: v.path });
          else if (!v.readOnly && sensitiveWhenWritable(source)) problems.push({ messageId: 'composeWritableBind', data: { service: s.name, path: source }, path: v.path });
        }
        if (problems.length) ctx.fail(target, ...problems);
        else ctx.pass(target);
      }
    }
  },
});

/** The host path of a bind source; `${DOCKER_SOCK:-/var/run/docker.sock}` resolves to its fallback. */
function hostSource(source: string): string | undefined {
  const m = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}(.*)$/.exec(source.trim());
  if (m) return m[1]! + m[2]!;
  return source.startsWith('/') ? source : undefined;
}
