// Every rule says why a target is not applicable; the report keeps those reasons (with counts) on
// its checklist lines and the text checklist shows them, so "why is this n/a?" has an answer.
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };
import { lint } from '../../src/engine/lint.js';
import { formatText } from '../../src/formatters/text.js';

const CRONJOB = (name: string) => `apiVersion: batch/v1
kind: CronJob
metadata: {name: ${name}}
spec:
  schedule: "0 3 * * *"
  jobTemplate: {spec: {template: {spec: {restartPolicy: OnFailure, containers: [{name: job, image: ghcr.io/acme/job:1.0.0}]}}}}
`;
const DEPLOYMENT =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  replicas: 0\n  template: {spec: {containers: [{name: api, image: ghcr.io/acme/api:1.0.0}]}}\n';

function run() {
  const files = [
    { path: 'k8s/backup.yaml', text: CRONJOB('backup') },
    { path: 'k8s/report.yaml', text: CRONJOB('report') },
    { path: 'k8s/api.yaml', text: DEPLOYMENT },
  ];
  return lint({ files, onlyRules: ['require-replicas'] }).report;
}

describe('not-applicable reasons', () => {
  it('are kept on checklist lines with counts, most frequent first, and the report validates', () => {
    const report = run();
    const line = report.checklist.find((l) => l.ruleId === 'require-replicas')!;
    expect(line.notApplicable).toBe(3);
    expect(line.notApplicableReasons).toEqual([
      { reason: 'CronJob runs to completion', count: 2 },
      { reason: 'scaled to zero on purpose', count: 1 },
    ]);
    expect(report.environments.production!.checklist.find((l) => l.ruleId === 'require-replicas')!.notApplicableReasons).toEqual(line.notApplicableReasons);
    expect(report.reportVersion).toBe('1.5');
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(reportSchema);
    expect(validate(JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the text checklist shows the reason, and the score formula wraps', () => {
    const text = formatText(run(), { cwd: '.', color: false });
    expect(text).toMatch(/^ {4}– require-replicas +n\/a: 3 \(2 CronJob runs to completion; …\)$/m);
    const single = formatText(lint({ files: [{ path: 'k8s/backup.yaml', text: CRONJOB('backup') }], onlyRules: ['require-replicas'] }).report, { cwd: '.', color: false });
    expect(single).toMatch(/^ {4}– require-replicas +n\/a: 1 \(CronJob runs to completion\)$/m);
    expect(text).toContain('  scoring v');
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(110);
  });
});
