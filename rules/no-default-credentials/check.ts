import { defineCheck, type Problem, type RuleContext, type Target } from '../../src/engine/api.js';
import type { DocPath, EnvData, SourceDocument } from '../../src/model/types.js';
import { containersOf, containerTargetName, kubernetesObjects, workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { composeServices } from '../../src/knowledge/compose/compose.js';
import { composeSettings, configMapSettings, containerSettings, envFileSettings, valuesSettings, type Setting } from '../../src/knowledge/settings/env-settings.js';
import { commandCredentials, defaultCredentialIn, imageDefaultLogin, isIdentifierKey, noAuthSwitch } from '../../src/knowledge/secrets/credentials.js';
import { interpolations } from '../../src/knowledge/compose/compose.js';
import { maskSecret, urlPassword } from '../../src/knowledge/secrets/secrets.js';
import { asDict, scalarText } from '../../src/knowledge/data/values.js';
import { disabledFeatureSwitches } from '../../src/knowledge/charts/helm-values.js';

/** A chart's own values.yaml documents what to override: its placeholders are not used as real values, its well-known defaults are. */
function isChartDefaults(doc: SourceDocument): boolean {
  const f = doc.file;
  return f.chartRoot !== undefined && f.path === `${f.chartRoot ? f.chartRoot + '/' : ''}values.yaml`;
}

function problemsOf(settings: Setting[], options: { placeholders?: boolean } = {}): Problem[] {
  const out: Problem[] = [];
  for (const s of settings) {
    const key = s.keyPath ?? s.key;
    const off = noAuthSwitch(s.key, s.value);
    if (off) {
      out.push({ doc: s.doc, path: s.path, messageId: 'noAuth', data: { key, what: off } });
      continue;
    }
    const hit = defaultCredentialIn(s.key, s.value, options);
    if (!hit) continue;
    const value = s.value!.trim();
    if (hit.where === 'url') out.push({ doc: s.doc, path: s.path, messageId: 'defaultUrl', data: { key, masked: maskSecret(urlPassword(value) ?? value) } });
    else if (hit.where === 'fallback') {
      const fb = interpolations(value).find((i) => i.fallback !== undefined)?.fallback ?? value;
      out.push({ doc: s.doc, path: s.path, messageId: 'defaultFallback', data: { key, masked: maskSecret(fb) } });
    } else out.push({ doc: s.doc, path: s.path, messageId: 'defaultValue', data: { key, masked: maskSecret(value) } });
  }
  return out;
}

/**
 * Credentials given away on a command line (compose `command`/`entrypoint`, container
 * `command`/`args`): `--requirepass ""`, `--requirepass redis123`, `${REDIS_PASSWORD:-redis123}`,
 * URLs with a default password. Points at the list element, or at the command string.
 */
function commandProblems(base: DocPath, fields: Record<string, unknown>): Problem[] {
  const out: Problem[] = [];
  for (const [field, value] of Object.entries(fields)) {
    const list = Array.isArray(value);
    const elements = list ? value.map((v) => scalarText(v)) : [scalarText(value)];
    if (elements.every((e) => e === undefined)) continue;
    for (const hit of commandCredentials(elements)) {
      const path: DocPath = list ? [...base, field, hit.element] : [...base, field];
      const key = `${field} ${hit.flag}`;
      if (hit.where === 'empty') out.push({ path, messageId: 'noAuth', data: { key, what: `${hit.flag} is empty, so the server accepts clients without a password` } });
      else if (hit.where === 'url') out.push({ path, messageId: 'defaultUrl', data: { key, masked: maskSecret(hit.value) } });
      else out.push({ path, messageId: hit.where === 'fallback' ? 'defaultFallback' : 'defaultValue', data: { key, masked: maskSecret(hit.value) } });
    }
  }
  return out;
}

/** Only production-like files are judged: development and test setups use throwaway logins by design. */
function skipped(ctx: RuleContext, target: Target): boolean {
  const env = ctx.environmentOf(target.doc);
  if (env === 'development' || env === 'test') {
    ctx.notApplicable(target, `${env} environment`);
    return true;
  }
  return false;
}

function record(ctx: RuleContext, target: Target, problems: Problem[]): void {
  if (problems.length) ctx.fail(target, ...problems);
  else ctx.pass(target);
}

function imageProblem(image: string | undefined, keys: string[], hasEnvSource: boolean, targetName: string, path: DocPath): Problem[] {
  const login = imageDefaultLogin(image);
  if (!login || hasEnvSource || login.variables.some((v) => keys.includes(v))) return [];
  return [{ messageId: 'imageDefault', data: { product: login.product, target: targetName, login: login.login, variables: login.variables.join(', ') }, path }];
}

/** Secret `stringData` and base64 `data`, decoded. */
function secretSettings(o: ReturnType<typeof kubernetesObjects>[number]): Setting[] {
  const out: Setting[] = [];
  for (const [key, v] of Object.entries(asDict(o.data.stringData) ?? {})) {
    out.push({ doc: o.doc, key, value: scalarText(v), path: [...o.path, 'stringData', key], source: 'configmap' });
  }
  for (const [key, v] of Object.entries(asDict(o.data.data) ?? {})) {
    const text = scalarText(v);
    if (text === undefined || !/^[A-Za-z0-9+/=\s]+$/.test(text)) continue;
    out.push({ doc: o.doc, key, value: Buffer.from(text, 'base64').toString('utf8'), path: [...o.path, 'data', key], source: 'configmap' });
  }
  return out;
}

export default defineCheck({
  kinds: ['env', 'compose', 'kubernetes', 'helm-values'],
  check(ctx) {
    // E: real env files (templates document placeholders on purpose).
    for (const doc of ctx.project.ofKind<EnvData>('env')) {
      const target = { doc: doc as SourceDocument, path: [], name: 'env file' };
      if (doc.data.template) {
        ctx.notApplicable(target, 'env template');
        continue;
      }
      if (skipped(ctx, target)) continue;
      record(ctx, target, problemsOf(envFileSettings(doc)));
    }
    // C: each service's environment, and images that fall back to a default admin login.
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) {
        const target = { doc, path: s.path, name: `service ${s.name}` };
        if (skipped(ctx, target)) continue;
        const settings = composeSettings(s);
        const problems = problemsOf(settings);
        problems.push(...commandProblems(s.path, { command: s.data.command, entrypoint: s.data.entrypoint }));
        problems.push(
          ...imageProblem(
            scalarText(s.data.image),
            settings.map((x) => x.key),
            s.data.env_file !== undefined,
            `service '${s.name}'`,
            [...s.path, 'environment'],
          ),
        );
        record(ctx, target, problems);
      }
    }
    // K: container env (and default-login images), ConfigMaps, Secrets.
    for (const w of workloads(ctx.project)) {
      for (const c of containersOf(w, ['container', 'init'])) {
        const target = { doc: w.doc, path: c.path, name: containerTargetName(c) };
        if (skipped(ctx, target)) continue;
        const settings = containerSettings(ctx.project, c);
        const problems = problemsOf(settings);
        problems.push(...commandProblems(c.path, { command: c.data.command, args: c.data.args }));
        problems.push(
          ...imageProblem(
            c.image,
            settings.map((x) => x.key),
            c.data.envFrom !== undefined,
            `container '${c.name}'`,
            [...c.path, 'env'],
          ),
        );
        record(ctx, target, problems);
      }
    }
    for (const o of kubernetesObjects(ctx.project)) {
      if (o.kind !== 'ConfigMap' && o.kind !== 'Secret') continue;
      const target = { doc: o.doc, path: o.path, name: `${o.kind}/${o.name}` };
      if (skipped(ctx, target)) continue;
      const settings = o.kind === 'ConfigMap' ? configMapSettings(o) : secretSettings(o).filter((x) => !isIdentifierKey(x.key));
      // In a Secret every key holds a credential: judge the value as a password.
      const judged = o.kind === 'Secret' ? settings.map((s) => ({ ...s, key: /pass|secret|token|key|cred/i.test(s.key) ? s.key : `${s.key}_password` })) : settings;
      const original = new Map(settings.map((s) => [s.path.join('\u0000'), s.key]));
      const problems = problemsOf(judged).map((p) => ({ ...p, data: { ...p.data, key: original.get((p.path ?? []).join('\u0000')) ?? String(p.data?.key) } }));
      record(ctx, target, problems);
    }
    // H: values files (chart defaults and environment overrides). A credential of a feature
    // switched off (`smtp: {enabled: false, password: …}`) is not used by the chart.
    for (const doc of ctx.project.ofKind('helm-values')) {
      const target = { doc, path: [], name: 'values file' };
      if (skipped(ctx, target)) continue;
      const disabledBy = disabledFeatureSwitches(ctx.project, doc, ctx.environmentOf);
      const settings = valuesSettings(ctx.project, doc).filter((s) => !disabledBy(s.path));
      record(ctx, target, problemsOf(settings, { placeholders: !isChartDefaults(doc) }));
    }
  },
});
