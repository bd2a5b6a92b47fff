// Issue 11 (items 2 and 5): every finding shows its environment, and every output shows the
// scores per environment. A chart rendered with values-staging.yaml fails require-pinned-images in
// staging only; a live key committed in .env.test is a repository-wide finding of the test
// environment that counts in production. Text shows `(staging)` after the location of a finding
// outside the headline environment, markdown and HTML show it too, SARIF carries it in the
// result's properties and its message, GitHub annotations in their title.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { formatText } from '../../src/formatters/text.js';
import { formatMarkdown } from '../../src/formatters/markdown.js';
import { formatHtml } from '../../src/formatters/html.js';
import { toSarif } from '../../src/formatters/sarif.js';
import { formatGithub } from '../../src/formatters/github.js';

const STRIPE_LIVE_KEY = ['sk', 'live', '4eC39HqLyjWDarjtT1zdp7dc'].join('_');
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: api
          image: "example/api:{{ .Values.image.tag }}"
`;
const FILES = {
  'chart/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 0.1.0\n',
  'chart/values.yaml': 'replicas: 1\nimage:\n  tag: latest\n',
  'chart/templates/deployment.yaml': DEPLOYMENT,
  'chart/values-prod.yaml': 'replicas: 3\nimage:\n  tag: "1.0.0"\n',
  'chart/values-staging.yaml': 'replicas: 2\n',
  '.env.test': `STRIPE_SECRET_KEY=${STRIPE_LIVE_KEY}\n`,
  Dockerfile: 'FROM node:22.11-alpine\nUSER node\nCMD ["node", "server.js"]\n',
};
const { report } = lint({ files: Object.entries(FILES).map(([path, text]) => ({ path, text })) });
const sources = new Map(Object.entries(FILES));
const pinned = report.findings.find((f) => f.ruleId === 'require-pinned-images')!;
const leaked = report.findings.find((f) => f.ruleId === 'no-secrets-in-env-files')!;

describe('the environment shown everywhere', () => {
  it('the report really has a staging finding, a repository-wide test finding and production findings', () => {
    expect(pinned).toMatchObject({ environment: 'staging', file: 'chart/templates/deployment.yaml' });
    expect(leaked).toMatchObject({ environment: 'test', scope: 'repository', file: '.env.test' });
    expect(report.findings.some((f) => f.environment === 'production')).toBe(true);
  });

  it('text: (staging) after the location of a non-production finding, nothing after a production one; scores per environment', () => {
    const text = formatText(report, { cwd: '.', color: false, sources });
    const at = (f: typeof pinned) => `${f.file}:${f.range.start.line}:${f.range.start.column}`;
    expect(text).toContain(`${at(pinned)} (staging) warning require-pinned-images`.replace('warning', pinned.severity));
    expect(text).toContain(`${at(leaked)} (test, repository-wide) ${leaked.severity} no-secrets-in-env-files`);
    for (const f of report.findings.filter((x) => x.environment === 'production')) {
      expect(text).toContain(`${at(f)} ${f.severity} ${f.ruleId}`);
    }
    const envs = text.split('\n').find((l) => l.startsWith('  environments: '))!;
    expect(envs).toMatch(/^ {2}environments: production \d+ \([A-F]\) · staging \d+ \([A-F]\) · test \d+ \([A-F]\)$/);
    expect(text).toContain('Checklist for production');
    // production's checklist line for the rule that fails only in staging: no failure, but says where it fails
    const checklistLine = text.split('\n').find((l) => /^ {4}\S require-pinned-images /.test(l))!;
    expect(checklistLine).not.toMatch(/\d+ fail,/);
    expect(checklistLine).toContain('also staging 1 fail');
    expect(text).toMatch(/repository-wide \(failures count in every environment\): .*no-secrets-in-env-files 1 fail/);
  });

  it('markdown: the environment after the location, an environment table, the headline checklist', () => {
    const md = formatMarkdown(report);
    const row = md.split('\n').find((l) => l.includes('[require-pinned-images]') && /^\| (🔴|🟠) /u.test(l))!;
    expect(row).toContain('` (staging) |');
    expect(md.split('\n').find((l) => l.includes('no-secrets-in-env-files') && l.startsWith('| 🔴'))).toContain('` (test, repository-wide) |');
    expect(md).toContain('| environment | score | passed | failed | waived | n/a |');
    expect(md).toMatch(/\| \*\*production\*\* \(headline\) \| \d+\/100 \([A-F]\) \|/);
    expect(md).toMatch(/\| staging \| \d+\/100 \([A-F]\) \|/);
    expect(md).toMatch(/\| \[require-pinned-images\]\([^)]*\) \| \w+ \| \d+ \| 0 \| 0 \| \d+ \| staging 1 fail \|/);
  });

  it('html: each finding names its environment, the file table the environment a file is judged as', () => {
    const html = formatHtml(report, { sources });
    expect(html).toContain(`${report.environments.staging!.score}/100`);
    expect(html).toContain('· staging</span>');
    expect(html).toContain('· test · repository-wide</span>');
    // Dockerfile names no environment: judged as production, not shown as "unknown"
    expect(report.files.find((f) => f.path === 'Dockerfile')!.environment).toBe('unknown');
    expect(html).toMatch(/<code>Dockerfile<\/code><\/a><\/td><td>dockerfile<\/td><td title="nothing in its name[^"]*">production<\/td>/);
    expect(html).not.toMatch(/<td[^>]*>unknown<\/td>/);
    expect(html).toContain('<details><summary>Checklist for staging');
  });

  it('sarif: environment in the result properties and in the message text', () => {
    const results = toSarif(report).runs[0]!.results!;
    const staging = results.find((r) => r.ruleId === 'require-pinned-images')!;
    expect(staging.properties).toMatchObject({ environment: 'staging' });
    expect(staging.message.text).toBe(`${pinned.message} (environment: staging)`);
    const key = results.find((r) => r.ruleId === 'no-secrets-in-env-files')!;
    expect(key.properties).toMatchObject({ environment: 'test', scope: 'repository' });
    expect(key.message.text).toMatch(/\(environment: test, repository-wide\)$/);
    expect(toSarif(report).runs[0]!.properties!['environments']).toMatchObject({
      production: { score: report.score.score },
      staging: { score: report.environments.staging!.score },
    });
  });

  it('github annotations: the environment in the title of a finding outside the headline', () => {
    const lines = formatGithub(report).split('\n');
    expect(lines.find((l) => l.includes('title=readiness-lint require-pinned-images'))).toContain('title=readiness-lint require-pinned-images (staging)::');
    expect(lines.find((l) => l.includes('no-secrets-in-env-files'))).toContain('title=readiness-lint no-secrets-in-env-files (test%2C repository-wide)::');
  });
});
