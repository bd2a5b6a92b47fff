// A run that releases each unit's documents once judged (issue 18) has to know which rules read
// across units: those keep what they read in an index, the others judge one unit at a time. Every
// rule that reads outside the unit it judges says what it reads (RuleCheck.acrossUnits); this runs
// each other rule on the whole project and on each unit alone and expects the same records
// (scripts/rule-scope.mjs does the same on any tree).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discover as discoverTree } from '../../src/discovery/index.js';
import { discover } from '../../src/engine/phases/discover.js';
import { parse } from '../../src/engine/phases/parse.js';
import { render } from '../../src/engine/phases/render.js';
import { ALL_RULES } from '../../src/engine/rules.js';
import { unitsOf } from '../../src/engine/units.js';
import type { Problem, RuleCheck, RuleContext, RuleMeta, Target } from '../../src/engine/api.js';
import { EMPTY_CONFIG } from '../../src/config/index.js';
import { Project } from '../../src/model/project.js';
import type { DocPath, Environment, SourceDocument } from '../../src/model/types.js';
// @ts-expect-error: a plain ES module of the benchmark, without types
import { generateMonorepo } from '../../scripts/synthetic-monorepo.mjs';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A tree with every unit kind of the synthetic monorepo (charts, compose, Dockerfiles, manifests). */
async function projectOf(services: number): Promise<Project> {
  const dir = mkdtempSync(join(tmpdir(), 'rl-scope-'));
  dirs.push(dir);
  (generateMonorepo as (dir: string, files: number) => void)(dir, services * 10);
  const found = await discoverTree([dir], { cwd: dir });
  const files = discover(found.files, { config: EMPTY_CONFIG }).files;
  const parsed = parse(files, {});
  const rendered = render(files, parsed, { config: EMPTY_CONFIG, headline: 'production', renderHelm: true });
  return new Project(files, rendered.documents);
}

const environmentOf = (doc: SourceDocument, path?: DocPath): Environment =>
  (path && doc.environmentAt?.(path)) ?? doc.composeModel?.environment ?? doc.origin?.environment ?? doc.kustomize?.environment ?? doc.file.environment;

/** What a rule records on a project: status, target, place, reason and each problem with its data. */
function recordsOf(check: RuleCheck, meta: RuleMeta, on: Project, into = new Set<string>()): Set<string> {
  const line = (status: string, target: Target, problems: Problem[], reason?: string) => {
    const what = problems.map((p) => `${p.messageId}@${(p.doc ?? target.doc).file.path}:${(p.path ?? target.path).join('.')} ${JSON.stringify(p.data ?? {})}`);
    into.add(`${status} ${target.doc.file.path} ${environmentOf(target.doc, target.path)} ${target.name} [${target.path.join('.')}] ${reason ?? ''} ${what.join('; ')}`);
  };
  const properties = (meta.options as { properties?: Record<string, { default?: unknown }> } | undefined)?.properties ?? {};
  const ctx: RuleContext = {
    project: on,
    meta,
    options: Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, s.default])),
    environmentOf,
    pass: (t) => line('pass', t, []),
    fail: (t, ...problems) => line('fail', t, problems),
    notApplicable: (t, reason) => line('n/a', t, [], reason),
  };
  check.check(ctx);
  return into;
}

describe('rules that read across units say so', () => {
  it('every rule without acrossUnits records the same on each unit alone as on the whole project', async () => {
    const project = await projectOf(14);
    const units = unitsOf(project);
    expect(units.size).toBeGreaterThan(14 * 4);
    const undeclared: string[] = [];
    const crossUnit: string[] = [];
    for (const rule of ALL_RULES) {
      const check = rule.check;
      if (!check) continue;
      const whole = recordsOf(check, rule.meta, project);
      const alone = new Set<string>();
      for (const docs of units.values()) recordsOf(check, rule.meta, new Project(project.files, docs), alone);
      const same = whole.size === alone.size && [...whole].every((r) => alone.has(r));
      if (!same) crossUnit.push(rule.meta.id);
      if (!same && !check.acrossUnits?.length) undeclared.push(rule.meta.id);
    }
    // the tree has cross-unit shapes (a Dockerfile and the compose file that builds it, project-wide outcomes)
    expect(crossUnit.length).toBeGreaterThan(0);
    expect(undeclared).toEqual([]);
  });

  it('a declaration names facts, not a bare flag', () => {
    for (const rule of ALL_RULES) {
      const facts = rule.check?.acrossUnits;
      if (facts === undefined) continue;
      expect(facts.length, rule.meta.id).toBeGreaterThan(0);
      for (const fact of facts) expect(fact, rule.meta.id).toMatch(/^[^:]+: \S/);
    }
  });
});
