import { defineCheck, type ProblemOf, type RuleContext, type Target } from '../../src/engine/api.js';
import type { EnvData, SourceDocument } from '../../src/model/types.js';
import { kubernetesObjects } from '../../src/knowledge/kubernetes/kubernetes.js';
import { envFileSettings, isRateLimitKey, rateLimitSwitchedOff, valuesSettings, type Setting } from '../../src/knowledge/settings/env-settings.js';
import { NGINX_PREFIX, ingressHosts, ingressRateLimit, isInternalIngress, isTraefikKind, middlewareDoes } from '../../src/knowledge/kubernetes/ingress.js';
import { asArray, asDict, scalarText } from '../../src/knowledge/data/values.js';
import { disabledFeatureSwitches } from '../../src/knowledge/charts/helm-values.js';

function relaxed(ctx: RuleContext<'require-rate-limiting'>, target: Target): boolean {
  const env = ctx.environmentOf(target.doc);
  if (env !== 'development' && env !== 'test') return false;
  ctx.notApplicable(target, `${env} environment`);
  return true;
}

function judgeSwitches(ctx: RuleContext<'require-rate-limiting'>, target: Target, settings: Setting[]): void {
  if (relaxed(ctx, target)) return;
  const problems: ProblemOf<'require-rate-limiting'>[] = settings
    .filter((s) => rateLimitSwitchedOff(s.key, s.value))
    .map((s) => ({ doc: s.doc, path: s.path, messageId: 'switchedOff' as const, data: { key: s.keyPath ?? s.key } }));
  if (problems.length) ctx.fail(target, ...problems);
  else if (settings.some((s) => isRateLimitKey(s.key))) ctx.pass(target);
  else ctx.notApplicable(target, 'no rate-limit settings');
}

export default defineCheck<'require-rate-limiting'>({
  kinds: ['kubernetes', 'env', 'helm-values'],
  check(ctx) {
    // K: public Ingresses and Traefik IngressRoutes.
    for (const o of kubernetesObjects(ctx.project)) {
      const target = { doc: o.doc, path: o.path, name: `${o.kind}/${o.name}` };
      if (o.kind === 'Ingress') {
        if (relaxed(ctx, target)) continue;
        if (isInternalIngress(o) || (ingressHosts(o).length === 0 && asDict(o.data.spec)?.defaultBackend === undefined)) {
          ctx.notApplicable(target, 'not a public ingress');
          continue;
        }
        const extra = ctx.options.annotations;
        if (ingressRateLimit(ctx.project, o) || extra.some((k) => o.annotations[k] !== undefined)) ctx.pass(target);
        else ctx.fail(target, { messageId: 'ingressNoLimit', data: { name: o.name }, path: [...o.path, 'metadata', 'annotations', `${NGINX_PREFIX}/limit-rps`] });
      } else if (isTraefikKind(o, 'IngressRoute')) {
        if (relaxed(ctx, target)) continue;
        const routes = asArray(asDict(o.data.spec)?.routes);
        const limited =
          routes.length > 0 &&
          routes.every((r) => asArray(asDict(r)?.middlewares).some((m) => middlewareDoes(ctx.project, scalarText(asDict(m)?.name) ?? '', 'rateLimit', o.namespace)));
        if (limited) ctx.pass(target);
        else ctx.fail(target, { messageId: 'ingressRouteNoLimit', data: { name: o.name }, path: [...o.path, 'spec', 'routes', 0, 'middlewares'] });
      }
    }
    // E: explicit switches in env files and templates.
    for (const doc of ctx.project.ofKind<EnvData>('env')) {
      judgeSwitches(ctx, { doc: doc as SourceDocument, path: [], name: 'env file' }, envFileSettings(doc));
    }
    // H: explicit switches in values (rateLimit.enabled: false, RATE_LIMIT_ENABLED env entries),
    // except inside a block switched off (`ingress: {enabled: false, rateLimit: …}`): not rendered.
    for (const doc of ctx.project.ofKind('helm-values')) {
      const disabledBy = disabledFeatureSwitches(ctx.project, doc, ctx.environmentOf);
      const settings = valuesSettings(ctx.project, doc).filter((s) => !disabledBy(s.path));
      judgeSwitches(ctx, { doc, path: [], name: 'values file' }, settings);
    }
  },
});
