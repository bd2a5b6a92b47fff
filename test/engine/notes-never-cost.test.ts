// Issue 11: notes never cost points. A production values file that leaves a secret for `--set` at
// deploy time (the normal practice) gets a helm-required-value note; scoring v1 counted it as a
// failure, giving the validity category 0 (F) and lowering the production headline.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';

const CHART = {
  'chart/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
  'chart/values.yaml': 'db:\n  password: ""\n',
  'chart/values-prod.yaml': 'db:\n  host: db.internal\n',
  'chart/templates/secret.yaml':
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\nstringData:\n  password: {{ required "db.password is set at deploy time with --set" .Values.db.password | quote }}\n',
};

function run(files: Record<string, string>) {
  return lint({ files: Object.entries(files).map(([path, text]) => ({ path, text })) }).report;
}

describe('note-level outcomes', () => {
  it('a helm-required-value note leaves the validity category and the production headline alone', () => {
    const report = run(CHART);
    const note = report.findings.find((f) => f.ruleId === 'helm-required-value');
    expect(note).toMatchObject({ severity: 'note', environment: 'production' });
    // The note is listed, not scored: no validity score at all (v1: 0, grade F).
    expect(report.categories.validity?.score ?? null).toBeNull();
    expect(report.categories.validity?.informational).toBeGreaterThanOrEqual(1);
    expect(report.environments.production?.informational).toBeGreaterThanOrEqual(1);
    expect(report.checklist.find((c) => c.ruleId === 'helm-required-value')).toMatchObject({ failed: 1 });
  });

  it('the headline is the same with or without the note', () => {
    // The same chart whose template reads the value without `required`: no note, same outcomes otherwise.
    const without = run({ ...CHART, 'chart/templates/secret.yaml': CHART['chart/templates/secret.yaml'].replace(/required "[^"]*" /, '') });
    const withNote = run(CHART);
    expect(without.findings.some((f) => f.ruleId === 'helm-required-value')).toBe(false);
    expect(withNote.score.score).toBe(without.score.score);
    expect(withNote.score.possible).toBe(without.score.possible);
  });
});
