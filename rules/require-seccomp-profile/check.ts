import { defineCheck } from '../../src/engine/api.js';
import type { DocPath } from '../../src/model/types.js';
import { composeServices } from '../../src/knowledge/compose/compose.js';
import { containersOf, containerTargetName, effectiveSecurityContext, podMetadataPath, workloads, type ContainerRef } from '../../src/knowledge/kubernetes/kubernetes.js';
import { asArray, asDict, getPath, isTruthy, scalarText } from '../../src/knowledge/data/values.js';

type Verdict = { confined: true } | { confined: false; setting?: string; path: DocPath };

/** Legacy annotation values (before seccompProfile, removed in 1.27 but still written): runtime/default, docker/default, localhost/<file>, unconfined. */
function annotationConfined(value: string): boolean {
  return /^(runtime\/default|docker\/default|localhost\/.+)$/.test(value.trim());
}

/** The container's seccomp: its own securityContext, the pod's, then the legacy annotations (container, then pod). */
function seccompOf(c: ContainerRef): Verdict {
  const setting = effectiveSecurityContext(c, 'seccompProfile');
  if (setting) {
    const type = scalarText(asDict(setting.value)?.type);
    if (type === 'RuntimeDefault' || type === 'Localhost') return { confined: true };
    return { confined: false, setting: `seccompProfile.type: ${type ?? 'unset'}`, path: [...setting.path, 'type'] };
  }
  const metaPath = [...c.workload.path, ...podMetadataPath(c.workload.kind)!, 'annotations'];
  const annotations = asDict(getPath(c.workload.doc.data, metaPath)) ?? {};
  for (const key of [`container.seccomp.security.alpha.kubernetes.io/${c.name}`, 'seccomp.security.alpha.kubernetes.io/pod']) {
    const value = scalarText(annotations[key]);
    if (value === undefined) continue;
    if (annotationConfined(value)) return { confined: true };
    return { confined: false, setting: `${key}: ${value}`, path: [...metaPath, key] };
  }
  return { confined: false, path: [...c.path, 'securityContext', 'seccompProfile'] };
}

/** `seccomp=unconfined` / `seccomp:unconfined` in a compose security_opt entry. */
function composeUnconfined(value: string): boolean {
  return /^seccomp\s*[=:]\s*unconfined$/i.test(value.trim());
}

export default defineCheck({
  kinds: ['kubernetes', 'compose'],
  check(ctx) {
    // K: every container and init container, the pod's profile inherited.
    for (const w of workloads(ctx.project)) {
      const windows = scalarText(asDict(w.podSpec.os)?.name) === 'windows';
      for (const c of containersOf(w, ['container', 'init'])) {
        const target = { doc: w.doc, path: c.path, name: containerTargetName(c) };
        if (windows) {
          ctx.notApplicable(target, 'a Windows pod (seccomp is Linux-only)');
          continue;
        }
        const verdict = seccompOf(c);
        // Privileged containers always run Unconfined, whatever the profile: a profile does not make
        // them pass, and turning privileged on never reads as fixing a missing profile.
        if (verdict.confined && isTruthy(asDict(c.data.securityContext)?.privileged)) {
          ctx.fail(target, { messageId: 'privileged', data: { container: c.name }, path: [...c.path, 'securityContext', 'privileged'] });
        } else if (verdict.confined) ctx.pass(target);
        else if (verdict.setting) ctx.fail(target, { messageId: 'unconfined', data: { container: c.name, setting: verdict.setting }, path: verdict.path });
        else ctx.fail(target, { messageId: 'missing', data: { container: c.name }, path: verdict.path });
      }
    }
    // C: Docker's default profile applies unless security_opt turns it off.
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) {
        const target = { doc, path: s.path, name: `service ${s.name}` };
        const index = asArray(s.data.security_opt).findIndex((o) => composeUnconfined(scalarText(o) ?? ''));
        if (index < 0 && isTruthy(s.data.privileged)) {
          ctx.fail(target, { messageId: 'composePrivileged', data: { service: s.name }, path: [...s.path, 'privileged'] });
        } else if (index < 0) ctx.pass(target);
        else {
          const setting = scalarText(asArray(s.data.security_opt)[index])!.trim();
          ctx.fail(target, { messageId: 'composeUnconfined', data: { service: s.name, setting }, path: [...s.path, 'security_opt', index] });
        }
      }
    }
  },
});
