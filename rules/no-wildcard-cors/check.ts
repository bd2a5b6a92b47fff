import { posix } from 'node:path';
import { defineCheck, type Problem, type RuleContext, type Target } from '../../src/engine/api.js';
import type { DocPath, EnvData, SourceDocument } from '../../src/model/types.js';
import { containerEnv, containersOf, containerTargetName, kubernetesObjects, workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { composeEnvironment, composeServices } from '../../src/knowledge/compose/compose.js';
import { asArray, asDict, isDict, isTruthy, scalarText } from '../../src/knowledge/data/values.js';
import { disabledFeatureSwitches, productionOverride, valuesDocuments } from '../../src/knowledge/charts/helm-values.js';
import { embeddedConfig, pathKey, scalarDocument, type EmbeddedConfig, type Positions } from '../../src/parsers/embedded-config.js';
import { trimChars } from '../../src/parsers/linear-regex.js';
import { ecsContainers, ecsSettings, isStaticAssetSource, platformHeaders, platformServices } from '../../src/knowledge/platforms/platforms.js';

/** A key/value pair as it appears in some configuration, with the path of its value. */
interface Pair {
  key: string;
  /** The key as shown in messages (when `key` was qualified by its parent). */
  display?: string;
  value: unknown;
  path: DocPath;
  /** The document `path` is in, when not the one judged (a place inside a string, see scalarDocument). */
  doc?: SourceDocument;
}

const compactKeys = new Map<string, string>();
/** `Access-Control-Allow-Origin` → accesscontrolalloworigin; key names repeat across files: each is reduced once. */
const compact = (key: string): string => {
  let k = compactKeys.get(key);
  if (k === undefined) {
    k = key.toLowerCase().replace(/[^a-z]/g, '');
    if (compactKeys.size >= 50_000) compactKeys.clear(); // bounded: a hostile tree cannot grow it without end
    compactKeys.set(key, k);
  }
  return k;
};

/** Can the key matter to judgePairs (an origin, allow-all or credentials key)? Others are skipped there. */
function isCorsRelatedKey(key: string): boolean {
  const k = compact(key);
  return k.includes('origin') || k.includes('cors') || k.includes('allowcredentials');
}

function isOriginKey(key: string): boolean {
  const k = compact(key);
  return k.includes('origin') && (k.includes('cors') || k.includes('allow') || k.includes('accesscontrol'));
}
function isAllowAllKey(key: string): boolean {
  const k = compact(key);
  return k.includes('cors') && (k.includes('allowall') || k.includes('originallowall'));
}
function isCredentialsKey(key: string): boolean {
  const k = compact(key);
  return k.includes('allowcredentials') || (k.includes('cors') && k.includes('credentials'));
}

/** Is an origin setting a wildcard? `*`, a list holding `*` (comma/space separated, JSON array), a regex `.*`. */
function wildcardItem(key: string, value: unknown): { index?: number } | undefined {
  const regex = compact(key).includes('regex');
  const isWild = (s: string) => {
    const t = trimChars(s.trim(), `"'[]`).trim();
    return regex ? /^\^?\.[*+]\$?$/.test(t) : t === '*';
  };
  if (Array.isArray(value)) {
    const i = value.findIndex((v) => {
      const text = scalarText(v) ?? scalarText(asDict(v)?.exact) ?? scalarText(asDict(v)?.regex);
      if (text === undefined) return false;
      const d = asDict(v);
      if (d && d.regex !== undefined) return /^\^?\.[*+]\$?$/.test(text.trim());
      return isWild(text);
    });
    return i >= 0 ? { index: i } : undefined;
  }
  let text = scalarText(value);
  if (text === undefined) return undefined;
  // `${CORS_ORIGINS:-*}`: the fallback is what runs when the variable is unset.
  const fallback = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-(.*)\}$/s.exec(text.trim());
  if (fallback) text = fallback[1]!;
  if (regex) return isWild(text) ? {} : undefined;
  const items = text
    .replace(/^\s*\[|\]\s*$/g, '')
    .split(/[,\s]+/)
    .filter(Boolean);
  return items.some(isWild) ? {} : undefined;
}

/**
 * `add_header Access-Control-Allow-Origin|Credentials <value>` directives in an nginx config text
 * (the string at `path` of `host`), each located at its value inside that string.
 */
function nginxCorsHeaders(host: SourceDocument, dataKey: string, text: string | undefined, path: DocPath): Pair[] {
  if (!text || !/add_header/i.test(text)) return [];
  const out: Pair[] = [];
  const positions: Positions = { value: new Map(), key: new Map() };
  const doc = scalarDocument(host, path, positions);
  const directive = /(?:^|[\s;{])add_header\s+["']?(Access-Control-Allow-(?:Origin|Credentials))["']?\s+("[^"]*"|'[^']*'|[^\s;]+)/gi;
  for (const m of text.matchAll(directive)) {
    const header = m[1]!;
    const valueAt = m.index + m[0].length - m[2]!.length;
    const lineStart = text.lastIndexOf('\n', valueAt - 1) + 1;
    const inner = ['add_header', out.length];
    positions.value.set(pathKey(inner), { line: countLines(text.slice(0, lineStart)), column: valueAt - lineStart });
    out.push({ key: header, display: `${dataKey}: add_header ${header}`, value: m[2]!.replace(/^["']|["']$/g, ''), path: [...path, ...inner], doc });
  }
  return out;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Settings of a TOML or JSON file carried by a ConfigMap, keyed by their dotted path in the file
 * (`cors.allowed_origins.values`: the table names what the plain key does not), at their exact
 * place inside the ConfigMap's block scalar.
 */
function embeddedPairs(dataKey: string, config: EmbeddedConfig): Pair[] {
  const out: Pair[] = [];
  const walk = (value: unknown, inner: (string | number)[]) => {
    if (Array.isArray(value)) value.forEach((v, i) => isDict(v) && walk(v, [...inner, i]));
    if (!isDict(value)) return;
    for (const [k, v] of Object.entries(value)) {
      const dotted = [...inner, k].filter((seg) => typeof seg === 'string').join('.');
      out.push({ key: dotted, display: `${dataKey}: ${dotted}`, value: v, path: [...config.hostPath, ...inner, k] });
      walk(v, [...inner, k]);
    }
  };
  walk(config.data, []);
  return out;
}

interface Judgement {
  cors: boolean; // any CORS configuration seen
  problems: Problem[];
}

/** Judge a flat set of pairs (one env file, one service's environment, one container's env, one map). */
function judgePairs(pairs: Pair[], doc: SourceDocument): Judgement {
  const credentials = pairs.some((p) => isCredentialsKey(p.key) && isTruthy(p.value));
  const out: Judgement = { cors: false, problems: [] };
  for (const p of pairs) {
    if (isAllowAllKey(p.key)) {
      out.cors = true;
      if (isTruthy(p.value))
        out.problems.push({ doc: p.doc ?? doc, path: p.path, messageId: credentials ? 'allowAllWithCredentials' : 'allowAll', data: { key: p.display ?? p.key } });
      continue;
    }
    if (!isOriginKey(p.key)) {
      if (isCredentialsKey(p.key)) out.cors = true;
      continue;
    }
    out.cors = true;
    const hit = wildcardItem(p.key, p.value);
    if (hit) {
      out.problems.push({
        doc: p.doc ?? doc,
        path: hit.index !== undefined ? [...p.path, hit.index] : p.path,
        messageId: credentials ? 'wildcardWithCredentials' : 'wildcard',
        data: { key: p.display ?? p.key },
      });
    }
  }
  return out;
}

function record(ctx: RuleContext, target: Target, j: Judgement): void {
  if (j.problems.length) ctx.fail(target, ...j.problems);
  else if (j.cors) ctx.pass(target);
  else ctx.notApplicable(target, 'no CORS configuration');
}

/** Every mapping in a values tree, as pairs; plus `{name, value}` env entries. */
function valuesScopes(root: unknown, path: DocPath, out: Pair[][]): void {
  // Every key of every values file passes here: only keys judgePairs looks at become pairs (the
  // others, and scopes left empty, judge nothing), and `path` is one stack, copied for a pair.
  const stack = [...path];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      const envPairs: Pair[] = [];
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        const d = asDict(item);
        const name = scalarText(d?.name);
        if (d && name !== undefined && 'value' in d && isCorsRelatedKey(name)) envPairs.push({ key: name, value: d.value, path: [...stack, i, 'value'] });
        stack.push(i);
        visit(item);
        stack.pop();
      }
      if (envPairs.length) out.push(envPairs);
      return;
    }
    if (!isDict(node)) return;
    const scope: Pair[] = [];
    const cors = stack.length > 0 && isCorsParent(stack);
    for (const k in node) {
      const v = node[k];
      const key = cors ? `cors_${k}` : k;
      if (isCorsRelatedKey(key)) scope.push({ key, display: cors ? `${String(stack[stack.length - 1])}.${k}` : k, value: v, path: [...stack, k] });
      stack.push(k);
      visit(v);
      stack.pop();
    }
    if (scope.length) out.push(scope);
  };
  visit(root);
}
/** The part of a values path an overlay replaces as a whole (lists are replaced, not merged). */
function overlayKey(path: DocPath): DocPath {
  const i = path.findIndex((seg) => typeof seg === 'number');
  return i < 0 ? path : path.slice(0, i);
}
function isCorsParent(path: DocPath): boolean {
  const last = path[path.length - 1];
  return typeof last === 'string' && compact(last).includes('cors');
}

export default defineCheck({
  kinds: ['env', 'compose', 'kubernetes', 'helm-values', 'platform'],
  check(ctx) {
    // P: response headers of platform files (Vercel `headers`, one source pattern each), and the
    // environment of platform services (Render envVars, Fly.io [env], ECS environment).
    const headerRules = new Map<string, { target: Target; source: string; pairs: Pair[] }>();
    for (const h of platformHeaders(ctx.project)) {
      const at = h.path.slice(0, 2);
      const id = `${h.doc.file.path}\u0000${at.join('.')}`;
      let entry = headerRules.get(id);
      if (!entry) headerRules.set(id, (entry = { target: { doc: h.doc, path: at, name: `headers for ${h.source}` }, source: h.source, pairs: [] }));
      entry.pairs.push({ key: h.key, value: h.value, path: h.path });
    }
    for (const { target, source, pairs } of headerRules.values()) {
      if (isStaticAssetSource(source) && pairs.some((p) => isOriginKey(p.key))) ctx.notApplicable(target, 'headers of public static files (fonts, images, scripts)');
      else record(ctx, target, judgePairs(pairs, target.doc));
    }
    for (const s of platformServices(ctx.project)) {
      const pairs = s.settings.filter((x) => x.value !== undefined).map((x) => ({ key: x.key, value: x.value, path: x.path }));
      record(ctx, { doc: s.doc, path: s.path, name: s.name }, judgePairs(pairs, s.doc));
    }
    for (const c of ecsContainers(ctx.project)) {
      const pairs = ecsSettings(c)
        .filter((x) => x.value !== undefined)
        .map((x) => ({ key: x.key, value: x.value, path: x.path }));
      record(ctx, { doc: c.doc, path: c.path, name: c.name }, judgePairs(pairs, c.doc));
    }

    // E: env files and templates (the last definition of a key wins).
    for (const doc of ctx.project.ofKind<EnvData>('env')) {
      const last = new Map<string, number>();
      doc.data.entries.forEach((e, i) => last.set(e.key, i));
      // `.env` + `.env.production`: a base key the production/staging file sets is judged there.
      const overlays =
        posix.basename(doc.file.path) === '.env'
          ? ctx.project
              .ofKind<EnvData>('env')
              .filter(
                (o) =>
                  o !== doc &&
                  posix.dirname(o.file.path) === posix.dirname(doc.file.path) &&
                  !o.data.template &&
                  (o.file.environment === 'production' || o.file.environment === 'staging'),
              )
          : [];
      const pairs = [...last.entries()]
        .filter(([key]) => !overlays.some((o) => o.data.values[key] !== undefined))
        .map(([key, i]) => ({ key, value: doc.data.entries[i]!.value, path: ['entries', i, 'value'] as DocPath }));
      record(ctx, { doc: doc as SourceDocument, path: [], name: 'env file' }, judgePairs(pairs, doc as SourceDocument));
    }
    // C: each service's environment (and Traefik labels).
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) {
        const env = composeEnvironment(s).map((e) => ({ key: e.key, value: e.value, path: e.path }));
        const labels = s.data.labels;
        const labelPairs: Pair[] = Array.isArray(labels)
          ? labels.flatMap((l, i) => {
              const t = scalarText(l);
              const eq = t?.indexOf('=') ?? -1;
              return t && eq > 0 ? [{ key: t.slice(0, eq), value: t.slice(eq + 1), path: [...s.path, 'labels', i] }] : [];
            })
          : Object.entries(asDict(labels) ?? {}).map(([k, v]) => ({ key: k, value: v, path: [...s.path, 'labels', k] }));
        record(ctx, { doc, path: s.path, name: `service ${s.name}` }, judgePairs([...env, ...labelPairs], doc));
      }
    }
    // K: container env, ConfigMaps, ingress-nginx annotations, Traefik Middleware, Istio corsPolicy.
    for (const w of workloads(ctx.project)) {
      for (const c of containersOf(w, ['container', 'init'])) {
        const pairs = containerEnv(c)
          .filter((e) => e.value !== undefined)
          .map((e) => ({ key: e.name, value: e.value, path: e.valuePath }));
        record(ctx, { doc: w.doc, path: c.path, name: containerTargetName(c) }, judgePairs(pairs, w.doc));
      }
    }
    for (const o of kubernetesObjects(ctx.project)) {
      const target = { doc: o.doc, path: o.path, name: `${o.kind}/${o.name}` };
      if (o.kind === 'ConfigMap') {
        const pairs: Pair[] = Object.entries(asDict(o.data.data) ?? {}).map(([k, v]) => ({ key: k, value: v, path: [...o.path, 'data', k] }));
        // Web server configs carried by the ConfigMap: nginx `add_header Access-Control-Allow-Origin *;`.
        for (const [k, v] of Object.entries(asDict(o.data.data) ?? {})) pairs.push(...nginxCorsHeaders(o.doc, k, scalarText(v), [...o.path, 'data', k]));
        const judgement = judgePairs(pairs, o.doc);
        // TOML and JSON files carried by the ConfigMap (SeaweedFS `security.toml`: `[cors.allowed_origins] values = "*"`).
        for (const [k, v] of Object.entries(asDict(o.data.data) ?? {})) {
          const text = scalarText(v);
          const config = text === undefined ? undefined : embeddedConfig(o.doc, [...o.path, 'data', k], k, text);
          if (!config) continue;
          const j = judgePairs(embeddedPairs(k, config), config.doc);
          judgement.cors ||= j.cors;
          judgement.problems.push(...j.problems);
        }
        record(ctx, target, judgement);
      } else if (o.kind === 'Ingress') {
        const ann = o.annotations;
        const prefix = Object.keys(ann).find((k) => k.endsWith('/enable-cors'));
        if (!prefix || !isTruthy(ann[prefix])) {
          ctx.notApplicable(target, 'CORS not enabled on the Ingress');
          continue;
        }
        const ns = prefix.slice(0, -'/enable-cors'.length);
        const originKey = `${ns}/cors-allow-origin`;
        const credentials = ann[`${ns}/cors-allow-credentials`] === undefined || isTruthy(ann[`${ns}/cors-allow-credentials`]);
        const messageId = credentials ? 'wildcardWithCredentials' : 'wildcard';
        const annPath = [...o.path, 'metadata', 'annotations'];
        if (ann[originKey] === undefined) {
          ctx.fail(target, { messageId: 'ingressDefaultWildcard', data: { key: prefix }, path: [...annPath, prefix] });
        } else if (wildcardItem(originKey, ann[originKey])) {
          ctx.fail(target, { messageId, data: { key: originKey }, path: [...annPath, originKey] });
        } else ctx.pass(target);
      } else if (o.kind === 'Middleware' && o.apiVersion.startsWith('traefik')) {
        const headers = asDict(asDict(o.data.spec)?.headers);
        if (!headers || (headers.accessControlAllowOriginList === undefined && headers.accessControlAllowOriginListRegex === undefined)) {
          ctx.notApplicable(target, 'no CORS headers');
          continue;
        }
        const pairs = ['accessControlAllowOriginList', 'accessControlAllowOriginListRegex', 'accessControlAllowCredentials']
          .filter((k) => headers[k] !== undefined)
          .map((k) => ({ key: k, value: headers[k], path: [...o.path, 'spec', 'headers', k] }));
        record(ctx, target, judgePairs(pairs, o.doc));
      } else if (o.kind === 'VirtualService' && o.apiVersion.includes('istio')) {
        const problems: Problem[] = [];
        let cors = false;
        asArray(asDict(o.data.spec)?.http).forEach((route, i) => {
          const policy = asDict(asDict(route)?.corsPolicy);
          if (!policy) return;
          cors = true;
          const base = [...o.path, 'spec', 'http', i, 'corsPolicy'];
          const credentials = isTruthy(policy.allowCredentials);
          for (const field of ['allowOrigins', 'allowOrigin']) {
            const hit = wildcardItem(field, policy[field]);
            if (hit)
              problems.push({
                path: hit.index !== undefined ? [...base, field, hit.index] : [...base, field],
                messageId: credentials ? 'wildcardWithCredentials' : 'wildcard',
                data: { key: `corsPolicy.${field}` },
              });
          }
        });
        record(ctx, target, { cors, problems });
      }
    }
    // H: values files — origin keys anywhere (cors.allowedOrigins, ingress annotations, env lists);
    // a chart that rendered is judged through its rendered objects instead.
    for (const doc of valuesDocuments(ctx.project)) {
      const scopes: Pair[][] = [];
      valuesScopes(doc.data, [], scopes);
      const all: Judgement = { cors: false, problems: [] };
      const disabledBy = disabledFeatureSwitches(ctx.project, doc, ctx.environmentOf);
      for (const scope of scopes) {
        const j = judgePairs(scope, doc);
        all.cors ||= j.cors;
        // values.yaml + values-prod.yaml: a base default the production overlay sets is not what
        // production runs (the overlay is judged itself). A block switched off (`cors: {enabled:
        // false, …}`, a disabled ingress's annotations) is not rendered.
        all.problems.push(...j.problems.filter((p) => !productionOverride(ctx.project, doc, overlayKey(p.path ?? []), ctx.environmentOf) && !disabledBy(p.path ?? [])));
      }
      record(ctx, { doc, path: [], name: 'values file' }, all);
    }
  },
});
