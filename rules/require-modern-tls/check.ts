import { defineCheck, type Problem, type RuleContext, type Target } from '../../src/engine/api.js';
import type { EnvData, SourceDocument } from '../../src/model/types.js';
import { containersOf, containerTargetName, kubernetesObjects, workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { configMapSettings, containerSettings, envFileSettings, weakTlsMinimum, weakTlsVersions, type Setting } from '../../src/knowledge/settings/env-settings.js';
import { gatewayListeners, isTraefikKind } from '../../src/knowledge/kubernetes/ingress.js';
import { asDict, scalarText } from '../../src/knowledge/data/values.js';
import { linearRegExp } from '../../src/parsers/linear-regex.js';

// nginx `ssl_protocols …;` (RE2: `\s+([^;]*)` was quadratic on a long run of blanks).
const SSL_PROTOCOLS = linearRegExp(/\bssl_protocols\s+([^;]*);/, 'ssl_protocols');

/** ingress-nginx `ssl-protocols`, env-style minimum versions, and nginx `ssl_protocols` directives in config text. */
function weakIn(s: Setting): string | undefined {
  if (s.value === undefined) return undefined;
  if (/^ssl[-_]protocols$/i.test(s.key)) {
    const weak = weakTlsVersions(s.value);
    return weak.length ? weak.join(', ') : undefined;
  }
  const env = weakTlsMinimum(s.key, s.value);
  if (env) return env;
  const directive = SSL_PROTOCOLS.exec(s.value);
  if (directive) {
    const weak = weakTlsVersions(directive[1]!);
    return weak.length ? weak.join(', ') : undefined;
  }
  return undefined;
}

function mentionsTls(s: Setting): boolean {
  return /tls|ssl/i.test(s.key) || /\bssl_protocols\b/.test(s.value ?? '') || /--tls-min-v/.test(s.value ?? '');
}

function judge(ctx: RuleContext, target: Target, settings: Setting[]): void {
  const problems: Problem[] = [];
  for (const s of settings) {
    const versions = weakIn(s);
    if (versions) problems.push({ doc: s.doc, path: s.path, messageId: 'weakProtocols', data: { key: s.key, versions } });
  }
  if (problems.length) ctx.fail(target, ...problems);
  else if (settings.some(mentionsTls)) ctx.pass(target);
  else ctx.notApplicable(target, 'no TLS protocol settings');
}

export default defineCheck({
  kinds: ['kubernetes', 'env'],
  check(ctx) {
    for (const doc of ctx.project.ofKind<EnvData>('env')) judge(ctx, { doc: doc as SourceDocument, path: [], name: 'env file' }, envFileSettings(doc));
    for (const w of workloads(ctx.project)) {
      for (const c of containersOf(w, ['container', 'init'])) judge(ctx, { doc: w.doc, path: c.path, name: containerTargetName(c) }, containerSettings(ctx.project, c));
    }
    for (const o of kubernetesObjects(ctx.project)) {
      const target = { doc: o.doc, path: o.path, name: `${o.kind}/${o.name}` };
      if (o.kind === 'ConfigMap') judge(ctx, target, configMapSettings(o));
      else if (isTraefikKind(o, 'TLSOption')) {
        const min = scalarText(asDict(o.data.spec)?.minVersion);
        const weak = min ? weakTlsVersions(min) : [];
        if (weak.length)
          ctx.fail(target, { messageId: 'weakMinVersion', data: { kind: 'TLSOption', name: o.name, key: 'minVersion', versions: min! }, path: [...o.path, 'spec', 'minVersion'] });
        else ctx.pass(target);
      } else if (o.kind === 'Gateway') {
        const mins = (gatewayListeners(o) ?? []).flatMap((l) => (l.minTlsVersion ? [l.minTlsVersion] : []));
        if (mins.length === 0) continue;
        const problems: Problem[] = mins
          .filter((m) => weakTlsVersions(m.value.replace(/^TLSV1_([01])$/i, 'TLSv1.$1')).length > 0)
          .map((m) => ({ messageId: 'weakMinVersion', data: { kind: 'Gateway', name: o.name, key: 'minProtocolVersion', versions: m.value }, path: m.path }));
        if (problems.length) ctx.fail(target, ...problems);
        else ctx.pass(target);
      }
    }
  },
});
