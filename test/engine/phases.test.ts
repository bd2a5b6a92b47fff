// Each phase of the lint core (src/engine/phases/) used alone: discover → parse → render →
// evaluate → score, the composition lint() is.
import { describe, expect, it } from 'vitest';
import { discover } from '../../src/engine/phases/discover.js';
import { parse } from '../../src/engine/phases/parse.js';
import { render } from '../../src/engine/phases/render.js';
import { evaluate } from '../../src/engine/phases/evaluate.js';
import { documentCountsOf, score } from '../../src/engine/phases/score.js';
import { defineCheck, type RuleDefinition } from '../../src/engine/api.js';
import { RunSecrets } from '../../src/engine/redaction.js';
import { EMPTY_CONFIG, type Config } from '../../src/config/index.js';
import { Project } from '../../src/model/project.js';

const config: Config = { ...EMPTY_CONFIG, ignore: ['vendor/**'], environments: { staging: ['deploy/stage/**'] } };

const KUSTOMIZATION = 'resources:\n  - web.yaml\n';
const WEB = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n';
const TREE = [
  { path: 'deploy/stage/web.yaml', text: WEB },
  { path: 'deploy/stage/kustomization.yaml', text: KUSTOMIZATION },
  { path: 'vendor/x.yaml', text: WEB },
  { path: 'compose.yaml', text: '# readiness-lint-disable-file one-replica -- a demo\n# an ordinary comment\nservices:\n  web:\n    image: nginx:1.27\n' },
];

/** One failing outcome per Deployment with a single replica, at spec.replicas. */
const oneReplica: RuleDefinition = {
  meta: {
    id: 'one-replica',
    title: 'one replica',
    description: 'test rule',
    category: 'reliability',
    severity: 'error',
    tags: [],
    evidence: ['kubernetes'],
    messages: { one: '{name} runs one replica' },
    remediation: 'more',
  },
  check: defineCheck({
    kinds: ['kubernetes'],
    check(ctx) {
      for (const doc of ctx.project.ofKind<{ kind?: string; metadata?: { name?: string }; spec?: { replicas?: number } }>('kubernetes')) {
        if (doc.data.kind !== 'Deployment') continue;
        const target = { doc, path: [], name: `Deployment/${doc.data.metadata?.name}` };
        if ((doc.data.spec?.replicas ?? 1) > 1) ctx.pass(target);
        else ctx.fail(target, { messageId: 'one', data: { name: doc.data.metadata?.name ?? '' }, path: ['spec', 'replicas'] });
      }
    },
  }),
};

function run() {
  const discovered = discover(TREE, { config });
  const parsed = parse(discovered.files, {});
  const rendered = render(discovered.files, parsed, { config, headline: 'production', renderHelm: true });
  return { discovered, parsed, rendered };
}

describe('lint phases', () => {
  it('discover: classifies, drops ignored files, settles environments from config globs, sorts by path', () => {
    const { files, notices } = discover(TREE, { config });
    expect(files.map((f) => [f.path, f.kind, f.environment])).toEqual([
      ['compose.yaml', 'compose', 'unknown'],
      ['deploy/stage/kustomization.yaml', 'kubernetes', 'staging'],
      ['deploy/stage/web.yaml', 'kubernetes', 'staging'],
    ]);
    expect(notices).toEqual([]);
  });

  it('parse: documents with positions, and only the comments that speak to readiness-lint', () => {
    const { parsed } = run();
    const compose = parsed.find((p) => p.file.path === 'compose.yaml')!;
    expect(compose.comments.map((c) => c.text)).toEqual(['readiness-lint-disable-file one-replica -- a demo']);
    const web = parsed.find((p) => p.file.path === 'deploy/stage/web.yaml')!;
    expect(web.documents[0]!.locate(['spec', 'replicas']).range).toEqual({ start: { line: 6, column: 13 }, end: { line: 6, column: 14 } });
  });

  it('render: the overlay is built in its environment and the file it read is judged through it', () => {
    const { rendered } = run();
    const deployments = rendered.documents.filter((d) => (d.data as { kind?: string }).kind === 'Deployment');
    expect(deployments.map((d) => [d.file.path, d.kustomize?.environment])).toEqual([['deploy/stage/kustomization.yaml', 'staging']]);
    expect(deployments[0]!.locate(['spec', 'replicas'])).toMatchObject({ file: 'deploy/stage/web.yaml', range: { start: { line: 6, column: 13 } } });
    expect(rendered.diagnostics).toEqual([]);
  });

  it('evaluate and score: findings at the parser position, in the overlay environment, then a Report', () => {
    const { discovered, parsed, rendered } = run();
    const secrets = RunSecrets.collect(parsed);
    const notices: string[] = [];
    const evaluation = evaluate({
      files: discovered.files,
      parsed,
      project: new Project(discovered.files, rendered.documents),
      rendered,
      secrets,
      config,
      headline: 'production',
      notices,
      input: { rules: [oneReplica], today: '2026-01-01' },
    });
    expect(evaluation.findings.toArray().map((f) => [f.ruleId, f.file, f.range.start, f.environment, f.message])).toEqual([
      ['one-replica', 'deploy/stage/web.yaml', { line: 6, column: 13 }, 'staging', 'web runs one replica'],
    ]);
    expect(evaluation.outcomes.toArray().map((o) => [o.target, o.status])).toEqual([['Deployment/web', 'fail']]);
    // the file waiver in compose.yaml waives nothing: said as a waiver problem
    expect(evaluation.waiverProblems.map((p) => [p.file, p.line, p.problem])).toEqual([['compose.yaml', 1, 'unused']]);

    const { report } = score({ files: discovered.files, documentCounts: documentCountsOf(parsed), evaluation, secrets, headline: 'production', notices });
    expect(report.findings).toHaveLength(1);
    expect(report.files.map((f) => f.path)).toEqual(['compose.yaml', 'deploy/stage/kustomization.yaml', 'deploy/stage/web.yaml']);
    expect(report.notices).toEqual(['compose.yaml:1: waiver readiness-lint-disable-file one-replica is unused: it waives no finding; remove it']);
  });
});
