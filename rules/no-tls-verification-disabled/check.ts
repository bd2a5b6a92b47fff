import { defineCheck, type Problem, type RuleContext, type Target } from '../../src/engine/api.js';
import type { DockerfileData, EnvData, SourceDocument } from '../../src/model/types.js';
import { containersOf, containerTargetName, kubernetesObjects, workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { composeServices } from '../../src/knowledge/compose/compose.js';
import {
  composeSettings,
  configMapSettings,
  containerSettings,
  dockerfileSettings,
  envFileSettings,
  insecureTlsSetting,
  isInternalHost,
  type Setting,
} from '../../src/knowledge/settings/env-settings.js';

/** Judge settings; a plain-text database connection is only judged outside development and test. */
function judge(ctx: RuleContext, target: Target, settings: Setting[]): void {
  const env = ctx.environmentOf(target.doc);
  const relaxed = env === 'development' || env === 'test';
  const problems: Problem[] = [];
  // PGSSLMODE=disable towards a database on the same network (PGHOST=db) is not a remote plain-text connection.
  const localDb = settings.some((s) => /^(PGHOST|DB_HOST|DATABASE_HOST|POSTGRES_HOST|POSTGRESQL_HOST)$/i.test(s.key) && s.value !== undefined && isInternalHost(s.value.trim()));
  for (const s of settings) {
    const hit = insecureTlsSetting(s.key, s.value);
    if (!hit || ((relaxed || localDb) && hit.what.includes('sslmode'))) continue;
    problems.push({ doc: s.doc, path: s.path, messageId: 'setting', data: { key: s.key, what: hit.what } });
  }
  if (problems.length) ctx.fail(target, ...problems);
  else ctx.pass(target);
}

interface Flag {
  flag: string;
  what: string;
}

const COMMAND_SEPARATORS = new Set(['&&', '||', ';', '|']);
const TOOLS = new Set(['curl', 'wget', 'git', 'npm', 'yarn', 'pnpm', 'pip', 'pip3', 'apk', 'apt', 'apt-get', 'helm', 'aws', 'kubectl', 'yum', 'dnf']);
/** Every flag below starts with `-` or names one of these: other words are passed over without the checks. */
const MAYBE_INSECURE = /ssl|verify|trusted|NODE_TLS/i;

/** Flags in a shell command line that switch verification off, by token index. */
export function insecureCommandFlags(tokens: readonly string[]): { index: number; flag: Flag }[] {
  const out: { index: number; flag: Flag }[] = [];
  let tool = '';
  for (let index = 0; index < tokens.length; index++) {
    const raw = tokens[index]!;
    const t = raw.endsWith(';') ? raw.slice(0, -1) : raw;
    if (COMMAND_SEPARATORS.has(raw)) {
      tool = '';
      continue;
    }
    if (!tool) {
      const base = t.slice(t.lastIndexOf('/') + 1);
      if (TOOLS.has(base)) tool = base;
    }
    if (t.charCodeAt(0) !== 45 /* - */ && !MAYBE_INSECURE.test(t)) continue;
    const add = (what: string) => out.push({ index, flag: { flag: t, what } });
    if (tool === 'curl' && (t === '--insecure' || (/^-[a-zA-Z]+$/.test(t) && t.includes('k')))) add('curl certificate verification');
    else if (t === '--no-check-certificate') add('wget certificate verification');
    else if (t === '--trusted-host' || t.startsWith('--trusted-host=')) add('pip certificate verification');
    else if (t === '--allow-untrusted' && !localApk(tokens, index)) add('apk signature verification');
    else if (t === '--allow-unauthenticated' || t === '[trusted=yes]' || /Verify-Peer=["']?false/i.test(t)) add('apt package authentication');
    else if (t === '--insecure-skip-tls-verify' || t === '--no-verify-ssl' || t === '--kubelet-insecure-tls') add('certificate verification');
    else if (/^http\.sslverify=?(false|0)?$/i.test(t) && (/=(false|0)$/i.test(t) || /^(false|0)$/i.test(tokens[index + 1] ?? ''))) add('git certificate verification');
    else if (/^--?strict-ssl(=false)?$/.test(t) && (t.endsWith('=false') || /^false;?$/.test(tokens[index + 1] ?? ''))) add(`${tool || 'npm'} certificate verification`);
    else if (/^strict-ssl$/.test(t) && /^false;?$/.test(tokens[index + 1] ?? '')) add(`${tool || 'npm'} certificate verification`);
    else if (/^NODE_TLS_REJECT_UNAUTHORIZED=0$/.test(t)) add('Node.js certificate verification');
    else if (/^sslverify=(false|0)$/i.test(t)) add('package repository certificate verification');
  }
  return out;
}

/**
 * `apk index --allow-untrusted …/*.apk` and `apk add --allow-untrusted -X /tmp/packages …` work on
 * packages built in the same Dockerfile (nginx's own images do this): nothing is downloaded
 * unauthenticated.
 */
function localApk(tokens: readonly string[], at: number): boolean {
  let start = at;
  while (start > 0 && !['&&', '||', ';', '|'].includes(tokens[start - 1]!) && !tokens[start - 1]!.endsWith(';')) start--;
  let end = at;
  while (end < tokens.length && !['&&', '||', ';', '|'].includes(tokens[end]!)) end++;
  const seg = tokens.slice(start, end);
  const apk = seg.findIndex((t) => t === 'apk' || t.endsWith('/apk'));
  const sub = seg.slice(apk + 1).find((t) => !t.startsWith('-'));
  if (sub === 'index') return true;
  return seg.some((t, i) => ((t === '-X' || t === '--repository') && /^[/$]/.test(seg[i + 1] ?? '')) || /^--repository=[/$]/.test(t) || /\.apk;?$/.test(t));
}

export default defineCheck({
  kinds: ['env', 'compose', 'kubernetes', 'dockerfile'],
  check(ctx) {
    // E: env files and templates.
    for (const doc of ctx.project.ofKind<EnvData>('env')) {
      judge(ctx, { doc: doc as SourceDocument, path: [], name: 'env file' }, envFileSettings(doc));
    }
    // C: each service's environment.
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) judge(ctx, { doc, path: s.path, name: `service ${s.name}` }, composeSettings(s));
    }
    // K: container env and ConfigMaps.
    for (const w of workloads(ctx.project)) {
      for (const c of containersOf(w, ['container', 'init'])) {
        judge(ctx, { doc: w.doc, path: c.path, name: containerTargetName(c) }, containerSettings(ctx.project, c));
      }
    }
    for (const o of kubernetesObjects(ctx.project)) {
      if (o.kind === 'ConfigMap') judge(ctx, { doc: o.doc, path: o.path, name: `ConfigMap/${o.name}` }, configMapSettings(o));
    }
    // D: ENV/ARG settings and RUN steps.
    for (const doc of ctx.project.ofKind<DockerfileData>('dockerfile')) {
      const target: Target = { doc: doc as SourceDocument, path: [], name: 'Dockerfile' };
      const problems: Problem[] = [];
      for (const s of dockerfileSettings(doc)) {
        const hit = insecureTlsSetting(s.key, s.value);
        if (hit) problems.push({ path: s.path, messageId: 'setting', data: { key: s.key, what: hit.what } });
      }
      doc.data.instructions.forEach((ins, i) => {
        if (ins.keyword !== 'RUN') return;
        for (const { index, flag } of insecureCommandFlags(ins.arguments.map((a) => a.value))) {
          problems.push({ path: ['instructions', i, 'arguments', index], messageId: 'buildStep', data: { what: flag.what, flag: flag.flag } });
        }
      });
      if (problems.length) ctx.fail(target, ...problems);
      else ctx.pass(target);
    }
  },
});
