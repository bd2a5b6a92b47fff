import { defineCheck, type Problem } from '../../src/engine/api.js';
import type { EnvData, SourceDocument } from '../../src/model/types.js';
import { kubernetesObjects } from '../../src/knowledge/kubernetes/kubernetes.js';
import { envFileSettings, publicHttpUrl, tlsSwitchedOff } from '../../src/knowledge/settings/env-settings.js';
import {
  gatewayListeners,
  ingressHasTls,
  ingressHostHasTls,
  ingressHosts,
  isInternalIngress,
  isTlsProtocol,
  isTraefikKind,
  middlewareDoes,
} from '../../src/knowledge/kubernetes/ingress.js';
import { identifierWords, asArray, asDict, scalarText } from '../../src/knowledge/data/values.js';
import { isInternalHost } from '../../src/knowledge/settings/env-settings.js';

/** Keys whose http:// values are expected (proxies, namespaces, schema ids). */
function urlExempt(key: string): boolean {
  const w = identifierWords(key);
  return w.some((x) => ['PROXY', 'SCHEMA', 'NAMESPACE', 'XMLNS', 'DTD', 'CALLBACK_INSECURE'].includes(x));
}

/** A server's own listener (SERVER_SSL_ENABLED=false): TLS usually terminates at the proxy or Ingress in front of it. */
function serverSide(key: string): boolean {
  return identifierWords(key).some((w) => ['SERVER', 'LISTEN', 'LISTENER', 'BIND'].includes(w));
}

export default defineCheck({
  kinds: ['kubernetes', 'env'],
  check(ctx) {
    for (const o of kubernetesObjects(ctx.project)) {
      const target = { doc: o.doc, path: o.path, name: `${o.kind}/${o.name}` };
      if (o.kind === 'Ingress') {
        const hosts = ingressHosts(o).filter((h) => h.host === '' || !isInternalHost(h.host));
        if (hosts.length === 0 && ingressHosts(o).length > 0) {
          ctx.notApplicable(target, 'internal hosts only');
          continue;
        }
        if (isInternalIngress(o) && !ingressHasTls(o)) {
          ctx.notApplicable(target, 'internal ingress');
          continue;
        }
        if (hosts.length === 0) {
          if (ingressHasTls(o)) ctx.pass(target);
          else ctx.fail(target, { messageId: 'ingressNoTls', data: { name: o.name }, path: [...o.path, 'spec', 'tls'] });
          continue;
        }
        const problems: Problem[] = [];
        for (const h of hosts) {
          if (ingressHostHasTls(o, h.host)) continue;
          problems.push(
            h.host
              ? { messageId: 'ingressHostNoTls', data: { name: o.name, host: h.host }, path: h.path }
              : { messageId: 'ingressNoTls', data: { name: o.name }, path: [...o.path, 'spec', 'tls'] },
          );
        }
        if (problems.length) ctx.fail(target, ...problems);
        else ctx.pass(target);
      } else if (o.kind === 'Gateway') {
        const listeners = gatewayListeners(o);
        if (!listeners || listeners.length === 0) continue;
        if (listeners.some((l) => isTlsProtocol(l.protocol))) ctx.pass(target);
        else {
          const http = listeners.find((l) => l.protocol === 'HTTP' && !l.httpsRedirect) ?? listeners[0]!;
          if (listeners.every((l) => l.httpsRedirect || !['HTTP', 'HTTP2'].includes(l.protocol))) ctx.notApplicable(target, 'no plain HTTP listener');
          else ctx.fail(target, { messageId: 'gatewayPlainHttp', data: { kind: 'Gateway', name: o.name }, path: http.path });
        }
      } else if (isTraefikKind(o, 'IngressRoute')) {
        const spec = asDict(o.data.spec) ?? {};
        const eps = asArray(spec.entryPoints).map((e) => scalarText(e) ?? '');
        const redirects = asArray(spec.routes).some((r) =>
          asArray(asDict(r)?.middlewares).some((m) => middlewareDoes(ctx.project, scalarText(asDict(m)?.name) ?? '', 'redirectScheme', o.namespace)),
        );
        if (spec.tls !== undefined || redirects || (eps.length > 0 && eps.every((e) => /secure|https|443/i.test(e)))) ctx.pass(target);
        else ctx.fail(target, { messageId: 'ingressRoutePlainHttp', data: { name: o.name }, path: [...o.path, 'spec', 'tls'] });
      }
    }

    // E: real env files judged as production or staging (templates document, they do not configure).
    for (const doc of ctx.project.ofKind<EnvData>('env')) {
      const target = { doc: doc as SourceDocument, path: [], name: 'env file' };
      const env = ctx.environmentOf(doc);
      if (doc.data.template || env === 'development' || env === 'test') {
        ctx.notApplicable(target, doc.data.template ? 'env template' : `${env} environment`);
        continue;
      }
      const problems: Problem[] = [];
      let relevant = false;
      const settings = envFileSettings(doc);
      const values = new Map(settings.map((s) => [s.key.toUpperCase(), s.value ?? '']));
      // Django-style pairs: EMAIL_USE_SSL=False next to EMAIL_USE_TLS=True means "STARTTLS, not implicit TLS".
      const sibling = (key: string) => {
        const k = key.toUpperCase();
        const other = k.includes('SSL') ? k.replace('SSL', 'TLS') : k.replace('TLS', 'SSL');
        return other !== k && /^(true|yes|on|1)$/i.test(values.get(other) ?? '');
      };
      for (const s of settings) {
        if (s.value === undefined) continue;
        if (tlsSwitchedOff(s.key, s.value) && !sibling(s.key) && !serverSide(s.key)) {
          problems.push({ path: s.path, messageId: 'tlsSwitchedOff', data: { key: s.key } });
          continue;
        }
        if (/^https?:\/\//i.test(s.value.trim())) relevant = true;
        if (/TLS|SSL|HTTPS/i.test(s.key)) relevant = true;
        if (urlExempt(s.key)) continue;
        const url = publicHttpUrl(s.value);
        if (url) problems.push({ path: s.path, messageId: 'publicHttpUrl', data: { key: s.key, host: url.host } });
      }
      if (problems.length) ctx.fail(target, ...problems);
      else if (relevant) ctx.pass(target);
      else ctx.notApplicable(target, 'no URLs or TLS settings');
    }
  },
});
