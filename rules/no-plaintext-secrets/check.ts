import { defineCheck, type Problem, type RuleContext, type Target } from '../../src/engine/api.js';
import type { DockerfileData, SourceDocument } from '../../src/model/types.js';
import { containersOf, containerTargetName, kubernetesObjects, workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { composeServices, interpolations } from '../../src/knowledge/compose/compose.js';
import { composeSettings, configMapSettings, containerSettings, dockerfileSettings, valuesSettings, type Setting } from '../../src/knowledge/settings/env-settings.js';
import { defaultCredentialIn, isCredentialReferenceKey, isIdentifierKey } from '../../src/knowledge/secrets/credentials.js';
import { isPlaceholder, isReference, isStrongUrlPassword, judgeSecret, maskSecret, type SecretFinding } from '../../src/knowledge/secrets/secrets.js';
import { asDict, identifierWords, scalarText } from '../../src/knowledge/data/values.js';
import {
  ecsContainers,
  ecsSettings,
  isPlatformSecretReference,
  PLATFORM_NAMES,
  platformDocuments,
  platformOf,
  platformServices,
  renderScopes,
  renderSettings,
} from '../../src/knowledge/platforms/platforms.js';

/** Where each platform keeps secrets instead. */
const PLATFORM_FIX: Record<string, string> = {
  render: 'declare it with `sync: false` and set the value in the Render dashboard, or use `generateValue`.',
  ecs: 'move it to `secrets` with `valueFrom` (Secrets Manager or SSM Parameter Store).',
  fly: 'set it with `fly secrets set` and remove it from [env].',
  vercel: 'set it as an encrypted environment variable in the Vercel project instead.',
  railway: 'set it as a service variable in Railway instead.',
};

const WHAT: Record<SecretFinding['kind'], string> = {
  token: 'token',
  'private-key': 'private key',
  'high-entropy': 'secret',
  'url-password': 'password in a URL',
  literal: 'secret',
};

/** What was found, saying so when a browser-public name ships it to every visitor. */
function what(finding: SecretFinding): string {
  const base = WHAT[finding.kind];
  return finding.browserPrefix ? `${base} shipped to browsers by its ${finding.browserPrefix} prefix` : base;
}

interface Hit {
  finding: SecretFinding;
  fallback: boolean;
}

/**
 * A literal secret in a setting, or undefined. Well-known defaults are left to
 * no-default-credentials; references (`${VAR}`, `{{ … }}`) and placeholders are not secrets. In
 * development and test files only strong evidence counts (token formats, keys, high entropy).
 */
function literalSecret(s: Setting, strongOnly: boolean): Hit | undefined {
  if (s.value === undefined) return undefined;
  const value = s.value.trim();
  if (value === '' || /^\{\{.*\}\}$/s.test(value)) return undefined;
  let candidate = value;
  let fallback = false;
  if (/\$\{|\$[A-Za-z_]/.test(value)) {
    const fb = interpolations(value).find((i) => i.fallback !== undefined && i.fallback !== '' && !isPlaceholder(i.fallback));
    if (!fb) return isReference(value) ? undefined : judgeStrong(s.key, value, strongOnly);
    candidate = fb.fallback!;
    fallback = true;
  }
  if (defaultCredentialIn(s.key, candidate)) return undefined;
  const finding = judgeSecret(s.key, candidate);
  if (!finding) return undefined;
  if ((finding.kind === 'literal' || finding.kind === 'high-entropy') && isCredentialReferenceKey(s.key)) return undefined;
  // A development stack's `postgres://app:app@db` is a local default, not a committed secret.
  if (finding.kind === 'url-password' && strongOnly && !isStrongUrlPassword(candidate)) return undefined;
  if (finding.kind === 'literal' && (strongOnly || /^(\/|\.\/|~\/)/.test(candidate) || /^-?\d+(\.\d+)?$/.test(candidate))) return undefined;
  if (finding.kind === 'literal' && /^[\w.-]+\.(json|ya?ml|pem|key|crt|cert|txt|conf|p12|jks)$/i.test(candidate)) return undefined; // a file name
  if (finding.kind === 'literal' && s.source === 'values' && nameReference(s.key, candidate)) return undefined;
  return { finding, fallback };
}

/**
 * Helm values name Secrets far more often than they hold them: `tlsSecret: web-tls`,
 * `caCerts.secret: ca-bundle`, `passwordsSecretKeystoreKey: keystore-password`. A Kubernetes-name-like
 * value under a key ending in SECRET / KEY is taken as such a reference.
 */
function nameReference(key: string, value: string): boolean {
  const words = identifierWords(key);
  const last = words[words.length - 1] ?? '';
  if (!['SECRET', 'SECRETS', 'KEY', 'KEYS'].includes(last)) return false;
  if (words.length === 1 && last === 'SECRET') return /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(value);
  return /^[a-z0-9]([-a-z0-9._]*[a-z0-9])?$/.test(value) && (words.includes('SECRET') || words.includes('TLS') || words.length > 2);
}

/** Values with interpolation: only a known token format or a private key embedded in the text counts. */
function judgeStrong(key: string, value: string, _strongOnly: boolean): Hit | undefined {
  const finding = judgeSecret(key, value, { requireStrong: true });
  if (!finding || finding.kind === 'url-password' || finding.kind === 'high-entropy') return undefined;
  return { finding, fallback: false };
}

function strongOnly(ctx: RuleContext, target: Target): boolean {
  const env = ctx.environmentOf(target.doc);
  return env === 'development' || env === 'test';
}

function record(ctx: RuleContext, target: Target, problems: Problem[]): void {
  if (problems.length) ctx.fail(target, ...problems);
  else ctx.pass(target);
}

export default defineCheck({
  kinds: ['kubernetes', 'compose', 'dockerfile', 'helm-values', 'platform'],
  check(ctx) {
    // K: container env literals, ConfigMap secrets, committed Secret manifests.
    for (const w of workloads(ctx.project)) {
      for (const c of containersOf(w, ['container', 'init'])) {
        const target = { doc: w.doc, path: c.path, name: containerTargetName(c) };
        const strong = strongOnly(ctx, target);
        const problems: Problem[] = [];
        for (const s of containerSettings(ctx.project, c)) {
          const hit = literalSecret(s, strong);
          if (hit) problems.push({ path: s.path, messageId: 'k8sEnv', data: { key: s.key, what: what(hit.finding), masked: hit.finding.masked } });
        }
        record(ctx, target, problems);
      }
    }
    for (const o of kubernetesObjects(ctx.project)) {
      const target = { doc: o.doc, path: o.path, name: `${o.kind}/${o.name}` };
      if (o.kind === 'ConfigMap') {
        const strong = strongOnly(ctx, target);
        const problems: Problem[] = [];
        for (const s of configMapSettings(o)) {
          const hit = literalSecret(s, strong);
          if (hit) problems.push({ path: s.path, messageId: 'configMap', data: { key: s.key, what: what(hit.finding), masked: hit.finding.masked } });
        }
        record(ctx, target, problems);
      } else if (o.kind === 'Secret' && !o.doc.origin) {
        // A Secret manifest in the repository: every non-placeholder value is committed plaintext (base64 is not encryption).
        const problems: Problem[] = [];
        const entries: [string, string | undefined, string][] = [
          ...Object.entries(asDict(o.data.stringData) ?? {}).map(([k, v]) => [k, scalarText(v), 'stringData'] as [string, string | undefined, string]),
          ...Object.entries(asDict(o.data.data) ?? {}).map(([k, v]) => {
            const t = scalarText(v);
            return [k, t !== undefined && /^[A-Za-z0-9+/=\s]+$/.test(t) ? Buffer.from(t, 'base64').toString('utf8') : undefined, 'data'] as [string, string | undefined, string];
          }),
        ];
        for (const [key, value, field] of entries) {
          if (value === undefined || value.trim() === '' || isPlaceholder(value) || isReference(value) || isIdentifierKey(key)) continue;
          // Certificates are public; only their private keys are secret.
          if (/(^|[._-])(crt|cert|certs|certificate|ca|ca-bundle|chain|fullchain|pub)$|\.crt$|\.pub$/i.test(key) && !/PRIVATE KEY/.test(value)) continue;
          if (defaultCredentialIn(/pass|secret|token|key|cred/i.test(key) ? key : `${key}_password`, value)) continue;
          problems.push({ path: [...o.path, field, key], messageId: 'secretManifest', data: { name: o.name, key, masked: maskSecret(value) } });
        }
        const type = scalarText(o.data.type) ?? '';
        if (/service-account-token/.test(type)) ctx.notApplicable(target, 'service account token');
        else record(ctx, target, problems);
      }
    }
    // C: literal values and literal fallbacks in environment:.
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) {
        const target = { doc, path: s.path, name: `service ${s.name}` };
        const strong = strongOnly(ctx, target);
        const problems: Problem[] = [];
        // build.args reach the image history (docker history shows them).
        const args = asDict(s.data.build)?.args;
        const argSettings = Array.isArray(args)
          ? args.flatMap((a, i) => {
              const t = scalarText(a);
              const eq = t?.indexOf('=') ?? -1;
              return t && eq > 0 ? [{ doc, key: t.slice(0, eq), value: t.slice(eq + 1), path: [...s.path, 'build', 'args', i], source: 'compose' as const }] : [];
            })
          : Object.entries(asDict(args) ?? {}).map(([k, v]) => ({ doc, key: k, value: scalarText(v), path: [...s.path, 'build', 'args', k], source: 'compose' as const }));
        for (const setting of argSettings) {
          const hit = literalSecret(setting, strong);
          if (hit) problems.push({ path: setting.path, messageId: 'composeBuildArg', data: { key: setting.key, what: what(hit.finding), masked: hit.finding.masked } });
        }
        for (const setting of composeSettings(s)) {
          const hit = literalSecret(setting, strong);
          if (hit) {
            problems.push({
              path: setting.path,
              messageId: hit.fallback ? 'composeFallback' : 'compose',
              data: { key: setting.key, what: what(hit.finding), masked: hit.finding.masked },
            });
          }
        }
        record(ctx, target, problems);
      }
    }
    // D: ENV / ARG with secret-like names and values (defaults included: they end up in the image too).
    for (const doc of ctx.project.ofKind<DockerfileData>('dockerfile')) {
      const target = { doc: doc as SourceDocument, path: [], name: 'Dockerfile' };
      const strong = strongOnly(ctx, target);
      const problems: Problem[] = [];
      for (const s of dockerfileSettings(doc)) {
        let hit = literalSecret(s, strong);
        if (!hit && s.value !== undefined && !strong && !isCredentialReferenceKey(s.key) && defaultCredentialIn(s.key, s.value)?.where === 'value') {
          hit = { finding: { kind: 'literal', masked: maskSecret(s.value) }, fallback: false };
        }
        if (hit) {
          problems.push({
            path: s.path,
            messageId: 'dockerfile',
            data: { instruction: s.source === 'dockerfile-env' ? 'ENV' : 'ARG', key: s.key, what: what(hit.finding), masked: hit.finding.masked },
          });
        }
      }
      record(ctx, target, problems);
    }
    // P: literal env values in platform files (Render envVars and env groups, Fly.io [env],
    // Vercel env, ECS environment); references (sync: false, fromDatabase, generateValue,
    // ECS secrets, Vercel @secret) carry no value.
    const platformTargets: { target: Target; settings: Setting[] }[] = [
      ...platformServices(ctx.project).map((s) => ({ target: { doc: s.doc, path: s.path, name: s.name }, settings: s.settings })),
      ...ecsContainers(ctx.project).map((c) => ({ target: { doc: c.doc, path: c.path, name: c.name }, settings: ecsSettings(c) })),
      ...platformDocuments(ctx.project, 'render').flatMap((doc) =>
        renderScopes(doc).flatMap((scope) =>
          (Array.isArray(scope.data.envVarGroups) ? scope.data.envVarGroups : []).map((g, i) => ({
            target: { doc: doc as SourceDocument, path: [...scope.path, 'envVarGroups', i], name: `Render env group ${scalarText(asDict(g)?.name) ?? i + 1}` },
            settings: renderSettings(doc, asDict(g)?.envVars, [...scope.path, 'envVarGroups', i, 'envVars']),
          })),
        ),
      ),
    ];
    for (const { target, settings } of platformTargets) {
      const strong = strongOnly(ctx, target);
      const problems: Problem[] = [];
      const id = platformOf(target.doc)!;
      const platform = PLATFORM_NAMES[id];
      for (const setting of settings) {
        if (setting.value !== undefined && isPlatformSecretReference(id, setting.value)) continue;
        const hit = literalSecret(setting, strong);
        if (hit)
          problems.push({
            path: setting.path,
            messageId: 'platform',
            data: { key: setting.key, what: WHAT[hit.finding.kind], masked: hit.finding.masked, platform, fix: PLATFORM_FIX[id]! },
          });
      }
      record(ctx, target, problems);
    }

    // H: non-empty default secrets in values files.
    for (const doc of ctx.project.ofKind('helm-values')) {
      const target = { doc, path: [], name: 'values file' };
      const strong = strongOnly(ctx, target);
      const problems: Problem[] = [];
      for (const s of valuesSettings(ctx.project, doc)) {
        const hit = literalSecret(s, strong);
        if (hit) problems.push({ path: s.path, messageId: 'values', data: { key: s.keyPath ?? s.key, what: what(hit.finding), masked: hit.finding.masked } });
      }
      record(ctx, target, problems);
    }
  },
});
