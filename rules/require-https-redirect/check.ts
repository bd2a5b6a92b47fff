import { defineCheck, type Problem } from '../../src/engine/api.js';
import { kubernetesObjects } from '../../src/knowledge/kubernetes/kubernetes.js';
import {
  gatewayListeners,
  ingressController,
  ingressHasTls,
  isIngressNginxConfigMap,
  isTlsProtocol,
  isTraefikKind,
  middlewareDoes,
  nginxAnnotation,
  traefikAnnotation,
  traefikMiddlewareRefs,
} from '../../src/knowledge/kubernetes/ingress.js';
import { asArray, asDict, isFalsy, isTruthy, scalarText } from '../../src/knowledge/data/values.js';
import { headerNamed, platformDocuments, platformHeaders, securityHeaderSets } from '../../src/knowledge/platforms/platforms.js';
import { publicHttpUrl } from '../../src/knowledge/settings/env-settings.js';
import type { SourceDocument } from '../../src/model/types.js';

export default defineCheck({
  kinds: ['kubernetes', 'platform'],
  check(ctx) {
    // P: Vercel always redirects HTTP to HTTPS; a project can still send HSTS max-age=0 or redirect
    // to an http:// URL. Fly.io redirects only with force_https on the HTTP handler.
    for (const doc of platformDocuments(ctx.project, 'vercel')) {
      const target = { doc: doc as SourceDocument, path: [], name: `Vercel project ${doc.file.path}` };
      const problems: Problem[] = [];
      for (const h of platformHeaders(ctx.project).filter((x) => x.doc === doc)) {
        const maxAge = /max-age\s*=\s*"?(\d+)/i.exec(h.value);
        if (/^strict-transport-security$/i.test(h.key) && maxAge && Number(maxAge[1]) === 0) {
          problems.push({ messageId: 'hstsDisabled', data: { kind: 'Vercel headers', name: h.source, key: h.key, value: h.value }, path: h.path });
        }
      }
      // A project that sets its security headers in vercel.json and leaves HSTS out: Vercel sends
      // none for custom domains (only *.vercel.app is preloaded), so the first plain request stays open.
      const set = securityHeaderSets(ctx.project).find((x) => x.doc === doc);
      if (set && headerNamed(set, 'Strict-Transport-Security').length === 0) {
        problems.push({ messageId: 'hstsMissing', data: { name: doc.file.path }, path: set.path });
      }
      asArray(doc.data.redirects).forEach((r, i) => {
        const destination = scalarText(asDict(r)?.destination) ?? '';
        const url = publicHttpUrl(destination);
        if (url) problems.push({ messageId: 'insecureRedirect', data: { source: scalarText(asDict(r)?.source) ?? '', destination }, path: ['redirects', i, 'destination'] });
      });
      if (problems.length) ctx.fail(target, ...problems);
      else ctx.pass(target);
    }
    for (const doc of platformDocuments(ctx.project, 'fly')) {
      const app = scalarText(doc.data.app) ?? doc.file.path;
      const http = asDict(doc.data.http_service);
      if (http) {
        const target = { doc: doc as SourceDocument, path: ['http_service'], name: `Fly.io app ${app} http_service` };
        if (isTruthy(http.force_https)) ctx.pass(target);
        else ctx.fail(target, { messageId: 'flyNoForceHttps', data: { app, where: '[http_service]' }, path: ['http_service', 'force_https'] });
      }
      asArray(doc.data.services).forEach((svc, i) => {
        asArray(asDict(svc)?.ports).forEach((raw, j) => {
          const port = asDict(raw);
          const handlers = asArray(port?.handlers).map((h) => (scalarText(h) ?? '').toLowerCase());
          if (!port || !handlers.includes('http') || handlers.includes('tls')) return;
          const target = { doc: doc as SourceDocument, path: ['services', i, 'ports', j], name: `Fly.io app ${app} port ${scalarText(port.port) ?? j}` };
          if (isTruthy(port.force_https)) ctx.pass(target);
          else ctx.fail(target, { messageId: 'flyNoForceHttps', data: { app, where: `port ${scalarText(port.port) ?? ''}` }, path: ['services', i, 'ports', j, 'force_https'] });
        });
      });
    }

    for (const o of kubernetesObjects(ctx.project)) {
      const target = { doc: o.doc, path: o.path, name: `${o.kind}/${o.name}` };
      if (o.kind === 'Ingress') {
        const controller = ingressController(o);
        if (controller === 'traefik') {
          const eps = traefikAnnotation(o, 'router.entrypoints');
          const plain =
            eps?.value
              .split(',')
              .map((e) => e.trim())
              .filter((e) => /^(web|http)$/i.test(e)) ?? [];
          if (!eps || plain.length === 0 || !ingressHasTls(o)) {
            ctx.notApplicable(target, 'not served on a plain HTTP entrypoint next to TLS');
            continue;
          }
          if (traefikMiddlewareRefs(o).some((r) => middlewareDoes(ctx.project, r, 'redirectScheme', o.namespace))) ctx.pass(target);
          else ctx.fail(target, { messageId: 'traefikNoRedirect', data: { name: o.name }, path: eps.path });
          continue;
        }
        if (controller !== 'nginx') {
          ctx.notApplicable(target, `${controller} controller`);
          continue;
        }
        const ssl = nginxAnnotation(o, 'ssl-redirect');
        const force = nginxAnnotation(o, 'force-ssl-redirect');
        const redirects = (ingressHasTls(o) && !(ssl && isFalsy(ssl.value))) || (force !== undefined && isTruthy(force.value));
        if (redirects) {
          ctx.pass(target);
          continue;
        }
        if (!ingressHasTls(o)) {
          ctx.notApplicable(target, 'no TLS on this Ingress (see require-tls)');
          continue;
        }
        const problems: Problem[] = [ssl, force]
          .filter((a): a is NonNullable<typeof a> => a !== undefined && isFalsy(a.value))
          .map((a) => ({ messageId: 'redirectDisabled', data: { name: o.name, key: a.key, value: a.value }, path: a.path }));
        if (problems.length) ctx.fail(target, ...problems);
        else ctx.notApplicable(target, 'no TLS on this Ingress (see require-tls)');
      } else if (isIngressNginxConfigMap(o)) {
        const data = asDict(o.data.data) ?? {};
        const problems: Problem[] = [];
        for (const key of ['ssl-redirect', 'force-ssl-redirect']) {
          const v = scalarText(data[key]);
          if (key === 'ssl-redirect' && v !== undefined && isFalsy(v) && !isTruthy(data['force-ssl-redirect'])) {
            problems.push({ messageId: 'redirectDisabled', data: { name: o.name, key, value: v }, path: [...o.path, 'data', key] });
          }
        }
        const hsts = scalarText(data.hsts);
        if (hsts !== undefined && isFalsy(hsts))
          problems.push({ messageId: 'hstsDisabled', data: { kind: 'ConfigMap', name: o.name, key: 'hsts', value: hsts }, path: [...o.path, 'data', 'hsts'] });
        const age = scalarText(data['hsts-max-age']);
        if (age !== undefined && Number(age) === 0)
          problems.push({ messageId: 'hstsDisabled', data: { kind: 'ConfigMap', name: o.name, key: 'hsts-max-age', value: age }, path: [...o.path, 'data', 'hsts-max-age'] });
        if (problems.length) ctx.fail(target, ...problems);
        else ctx.pass(target);
      } else if (isTraefikKind(o, 'Middleware')) {
        const headers = asDict(asDict(o.data.spec)?.headers);
        if (!headers || headers.stsSeconds === undefined) continue;
        const v = scalarText(headers.stsSeconds) ?? '';
        if (Number(v) === 0)
          ctx.fail(target, {
            messageId: 'hstsDisabled',
            data: { kind: 'Middleware', name: o.name, key: 'stsSeconds', value: v },
            path: [...o.path, 'spec', 'headers', 'stsSeconds'],
          });
        else ctx.pass(target);
      } else if (o.kind === 'Gateway' && /istio/.test(o.apiVersion)) {
        const listeners = gatewayListeners(o) ?? [];
        if (!listeners.some((l) => isTlsProtocol(l.protocol))) {
          ctx.notApplicable(target, 'no HTTPS server (see require-tls)');
          continue;
        }
        const plain = listeners.filter((l) => (l.protocol === 'HTTP' || l.protocol === 'HTTP2') && !l.httpsRedirect);
        if (plain.length) ctx.fail(target, ...plain.map((l) => ({ messageId: 'gatewayNoRedirect', data: { name: o.name }, path: l.path })));
        else ctx.pass(target);
      }
    }
  },
});
