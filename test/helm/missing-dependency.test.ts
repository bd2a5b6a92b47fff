// Issue 17: a chart whose library dependency is not vendored gave one identical render error per
// template that calls the library (bitnami/postgresql alone scored F, with `common` beside it A).
// Now: one finding per chart and missing dependency, at its entry in Chart.yaml; templates that do
// not call it still render; and a dependency's folder beside the chart is used even when it is not
// among the paths linted (inside the repository only).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EMPTY_CONFIG } from '../../src/config/index.js';
import { lint } from '../../src/engine/lint.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { CORPUS_DIR, HAS_CORPUS, noteCorpusSkip } from '../helpers/corpus.js';
import { fixtureCases, REPO } from '../helpers/fixtures.js';

const fixture = fixtureCases('helm-render-error').find((c) => c.name === 'missing-library')!;
const LIBRARY = [
  { path: 'common/Chart.yaml', text: 'apiVersion: v2\nname: common\ntype: library\nversion: 2.0.0\n' },
  {
    path: 'common/templates/_names.tpl',
    text: '{{- define "common.names.fullname" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end -}}\n{{- define "common.labels.standard" -}}app: {{ .Chart.Name }}{{- end -}}\n',
  },
];

describe('a chart with a missing library dependency', () => {
  const { report } = lint({ files: fixture.files });
  const renderErrors = report.findings.filter((f) => f.ruleId === 'helm-render-error');

  it('is one finding at the dependency entry, naming the templates that could not render; the others render', () => {
    expect(renderErrors.map((f) => `${f.file}:${f.range.start.line}:${f.range.start.column}`)).toEqual(['chart/Chart.yaml:7:11']);
    expect(renderErrors[0]!.message).toMatch(/^dependency "common" \(version 2\.x\.x from file:\/\/\.\.\/common\) of chart "shop" is not in its charts\/ folder/);
    expect(renderErrors[0]!.message).toContain('2 templates calling it rendered nothing: templates/deployment.yaml, templates/service.yaml.');
    const configmap = report.files.find((f) => f.path === 'chart/templates/configmap.yaml');
    expect(configmap?.score?.passed).toBeGreaterThan(0);
  });

  it('costs one error, not one per template: the same chart with its library scores within one error of it', () => {
    const complete = lint({ files: [...fixture.files, ...LIBRARY] }).report;
    expect(complete.findings.filter((f) => f.ruleId === 'helm-render-error')).toEqual([]);
    expect(report.score.failed - 1).toBeLessThanOrEqual(complete.score.failed);
  });
});

describe('a dependency folder outside the linted paths', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  /** A scratch folder holding the fixture chart as `<chartAt>/` and the library as `<libraryAt>/`. */
  function project(chartAt: string, libraryAt: string | undefined, withGit: string | undefined): string {
    const root = mkdtempSync(join(tmpdir(), 'rl-helm-dep-'));
    dirs.push(root);
    for (const f of fixture.files) {
      const target = join(root, chartAt, f.path.replace(/^chart\//, ''));
      mkdirSync(join(target, '..'), { recursive: true });
      writeFileSync(target, f.text);
    }
    if (libraryAt) {
      for (const f of LIBRARY) {
        const target = join(root, libraryAt, f.path.replace(/^common\//, ''));
        mkdirSync(join(target, '..'), { recursive: true });
        writeFileSync(target, f.text);
      }
    }
    if (withGit) mkdirSync(join(root, withGit, '.git'), { recursive: true });
    return root;
  }
  const renderErrors = async (root: string, path: string) => {
    const { report } = await runPipeline({ root, paths: [path], config: EMPTY_CONFIG });
    return report.findings.filter((f) => f.ruleId === 'helm-render-error');
  };

  it('is used when it is beside the chart in the repository', async () => {
    const root = project('repo/charts/shop', 'repo/charts/common', 'repo');
    expect(await renderErrors(join(root, 'repo'), 'charts/shop')).toEqual([]);
    // from the chart's own folder too: `../common` is outside the run's root
    expect(await renderErrors(join(root, 'repo', 'charts', 'shop'), '.')).toEqual([]);
  });

  it('is used beside the chart when there is no repository', async () => {
    const root = project('shop', 'common', undefined);
    expect(await renderErrors(root, 'shop')).toEqual([]);
  });

  it('is not read outside the repository', async () => {
    // repo/shop's `file://../common` is the scratch folder's common/, outside repo/
    const root = project('repo/shop', 'common', 'repo');
    const errors = await renderErrors(join(root, 'repo'), 'shop');
    expect(errors.map((f) => `${f.file}:${f.range.start.line}`)).toEqual(['shop/Chart.yaml:7']);
  });

  it('the built CLI reports one finding for a missing library and none with it beside the chart', () => {
    const cli = join(REPO, 'dist', 'cli.js');
    if (!existsSync(cli)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
    const root = project('repo/charts/shop', undefined, 'repo');
    const run = () => spawnSync(process.execPath, [cli, 'charts/shop', '--format', 'json', '--fail-on', 'none'], { cwd: join(root, 'repo'), encoding: 'utf8' });
    const count = (stdout: string) => (JSON.parse(stdout) as { findings: { ruleId: string }[] }).findings.filter((f) => f.ruleId === 'helm-render-error').length;
    const missing = run();
    expect(missing.status).toBe(0);
    expect(count(missing.stdout)).toBe(1);
    for (const f of LIBRARY) {
      const target = join(root, 'repo', 'charts', f.path);
      mkdirSync(join(target, '..'), { recursive: true });
      writeFileSync(target, f.text);
    }
    expect(count(run().stdout)).toBe(0);
  });
});

noteCorpusSkip('bitnami/postgresql without its `common` dependency');
describe.skipIf(!HAS_CORPUS)('bitnami/postgresql (corpus)', () => {
  const charts = join(CORPUS_DIR, 'repos', 'bitnami+charts', 'bitnami');
  it('alone scores as it does with `common` linted beside it: the sibling library is used', async () => {
    const alone = (await runPipeline({ root: charts, paths: ['postgresql'], config: EMPTY_CONFIG })).report;
    const both = (await runPipeline({ root: charts, paths: ['postgresql', 'common'], config: EMPTY_CONFIG })).report;
    expect(alone.findings.filter((f) => f.ruleId === 'helm-render-error')).toEqual([]);
    // The same findings as with `common` linted too (its own values file adds passing outcomes
    // there, so the scores may differ by a point; the findings may not).
    const where = (r: typeof alone) => r.findings.map((f) => `${f.ruleId} ${f.file}:${f.range.start.line}:${f.range.start.column}`).sort();
    expect(where(alone)).toEqual(where(both));
    expect(Math.abs((alone.score.score ?? 0) - (both.score.score ?? 0))).toBeLessThanOrEqual(1);
    expect(alone.score.grade).toMatch(/^[AB]$/);
  });

  it('without `common` anywhere: one finding at the dependency entry, and the score is not sunk', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rl-pg-'));
    try {
      cpSync(join(charts, 'postgresql'), join(root, 'postgresql'), { recursive: true });
      const { report } = await runPipeline({ root, paths: ['postgresql'], config: EMPTY_CONFIG });
      const errors = report.findings.filter((f) => f.ruleId === 'helm-render-error');
      expect(errors.map((f) => `${f.file}:${f.range.start.line}:${f.range.start.column}`)).toEqual(['postgresql/Chart.yaml:17:9']);
      expect(errors[0]!.message).toMatch(/^dependency "common" .* templates calling it rendered nothing: /);
      expect(report.score.score!).toBeGreaterThanOrEqual(70);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
