// Which rules read only the unit they judge, measured (issue 18: a run that releases each file,
// chart and kustomization once judged needs to know which rules look across units).
//
// `node scripts/rule-scope.mjs <tree> [--no-helm]`: every rule with a check runs once on the whole
// project and once on each unit alone (a file's parsed documents; a chart's renderings; a compose
// model's chain; a kustomize build), and what it records (pass, fail, not applicable, each problem
// with its place and message data) is compared. A rule whose records are the same both ways on the
// tree is document-scope there; for the others, the script says how many records differ and shows
// one, which tells what the rule reads across units. One tree proves nothing for all trees: a rule
// that reads other units only in some shapes of repository shows as project-scope only where that
// shape occurs.

import { discover as discoverTree } from '../src/discovery/index.js';
import { discover } from '../src/engine/phases/discover.js';
import { parse } from '../src/engine/phases/parse.js';
import { render } from '../src/engine/phases/render.js';
import { loadHelmStage } from '../src/engine/helm-loader.js';
import { ALL_RULES } from '../src/engine/rules.js';
import type { Problem, RuleContext, Target } from '../src/engine/api.js';
import { EMPTY_CONFIG } from '../src/config/index.js';
import { Project } from '../src/model/project.js';
import { unitsOf } from '../src/engine/units.js';
import type { DocPath, Environment, SourceDocument } from '../src/model/types.js';

const args = process.argv.slice(2);
const root = args.find((a) => !a.startsWith('--'));
if (!root) {
  console.error('usage: node scripts/rule-scope.mjs <tree> [--no-helm] [--rule id]');
  process.exit(2);
}
const renderHelm = !args.includes('--no-helm');
const only = args.includes('--rule') ? args[args.indexOf('--rule') + 1] : undefined;

const found = await discoverTree([root], { cwd: process.cwd() });
if (renderHelm) await loadHelmStage();
const config = EMPTY_CONFIG;
const files = discover(found.files, { config }).files;
const parsed = parse(files, {});
const rendered = render(files, parsed, { config, headline: 'production', renderHelm });
const project = new Project(files, rendered.documents);

const units = unitsOf(project);

const environmentOf = (doc: SourceDocument, path?: DocPath): Environment =>
  (path && doc.environmentAt?.(path)) ?? doc.composeModel?.environment ?? doc.origin?.environment ?? doc.kustomize?.environment ?? doc.file.environment;

/** Everything a rule records on one project, as comparable lines. */
function recordsOf(check: NonNullable<(typeof ALL_RULES)[number]['check']>, meta: (typeof ALL_RULES)[number]['meta'], on: Project): Set<string> {
  const out = new Set<string>();
  const line = (status: string, target: Target, problems: Problem[], reason?: string) => {
    const where = `${target.doc.file.path} ${environmentOf(target.doc, target.path)} ${target.name} [${target.path.join('.')}]`;
    const what = problems.map((p) => `${p.messageId}@${(p.doc ?? target.doc).file.path}:${(p.path ?? target.path).join('.')} ${JSON.stringify(p.data ?? {})}`);
    out.add(`${status} ${where}${reason ? ` (${reason})` : ''}${what.length ? ` ${what.join('; ')}` : ''}`);
  };
  const ctx: RuleContext = {
    project: on,
    meta,
    options: Object.fromEntries(
      Object.entries((meta.options as { properties?: Record<string, { default?: unknown }> } | undefined)?.properties ?? {}).map(([k, s]) => [k, s.default]),
    ),
    environmentOf,
    pass: (t) => line('pass', t, []),
    fail: (t, ...problems) => line('fail', t, problems),
    notApplicable: (t, reason) => line('n/a', t, [], reason),
  };
  check.check(ctx);
  return out;
}

const rows: string[] = [];
for (const rule of ALL_RULES) {
  if (!rule.check || (only && rule.meta.id !== only)) continue;
  const started = process.cpuUsage();
  const whole = recordsOf(rule.check, rule.meta, project);
  const alone = new Set<string>();
  for (const docs of units.values()) {
    if (rule.check.kinds.length && !docs.some((d) => rule.check!.kinds.includes(d.kind))) continue;
    for (const r of recordsOf(rule.check, rule.meta, new Project(files, docs))) alone.add(r);
  }
  const missing = [...whole].filter((r) => !alone.has(r));
  const extra = [...alone].filter((r) => !whole.has(r));
  const cpu = process.cpuUsage(started);
  const scope = missing.length + extra.length === 0 ? 'document' : 'project';
  // declared: what the rule's check.ts says it reads across units (RuleCheck.acrossUnits)
  const declared = rule.check.acrossUnits?.length ? 'project' : 'document';
  const verdict = scope === declared ? scope : scope === 'project' ? 'project, NOT DECLARED' : `${scope} (declared project)`;
  rows.push(`| ${rule.meta.id} | ${verdict} | ${whole.size} | ${missing.length} | ${extra.length} | ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s |`);
  if (scope === 'project') {
    const example = missing[0] ?? extra[0]!;
    rows.push(`|  | ${missing.length ? 'whole only' : 'alone only'}: ${example.replace(/\|/g, '\\|').slice(0, 300)} | | | | |`);
  }
  console.error(`${rule.meta.id}: ${scope}`);
}
console.log(`${project.documents.length} documents in ${units.size} units (${files.length} files, Helm rendering ${renderHelm ? 'on' : 'off'})\n`);
console.log('| rule | scope on this tree | records | only with the whole project | only with units alone | CPU |');
console.log('|---|---|---:|---:|---:|---:|');
for (const row of rows) console.log(row);
