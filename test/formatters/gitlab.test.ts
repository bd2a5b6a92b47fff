import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { formatGitlab, toCodeQuality, type CodeQualityIssue } from '../../src/formatters/gitlab.js';
import type { Report } from '../../src/report/types.js';

// The fields GitLab's Code Quality report reads (docs.gitlab.com, "Code Quality report format").
const CODE_QUALITY_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', pattern: '^[0-9a-f]{32}$' },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path', 'lines'],
        properties: {
          path: { type: 'string', not: { pattern: '^(\\./|/)' } },
          lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 } } },
        },
      },
    },
  },
};

const DEPLOYMENT =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: api:1.0\n        - name: sidecar\n          image: proxy:latest\n';
const files = [
  { path: 'k8s/api.yaml', text: DEPLOYMENT },
  { path: 'Dockerfile', text: '# readiness-lint-disable-next-line require-pinned-images -- pinned by renovate\nFROM node:latest\nCMD ["node", "server.js"]\n' },
];

const parse = (report: Report, options = {}) => JSON.parse(formatGitlab(report, options)) as CodeQualityIssue[];

describe('gitlab code quality', () => {
  const { report } = lint({ files });
  const issues = parse(report);

  it('is a JSON array of issues in the shape GitLab reads, one per finding, waived left out', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(CODE_QUALITY_SCHEMA);
    expect(validate(issues), JSON.stringify(validate.errors)).toBe(true);
    expect(issues).toHaveLength(report.findings.length);
    expect(report.waived).toHaveLength(1);
    expect(issues.some((i) => i.check_name === 'require-pinned-images' && i.location.path === 'Dockerfile')).toBe(false);
    for (const [n, f] of report.findings.entries()) {
      expect(issues[n]).toEqual({
        type: 'issue',
        description: f.message,
        check_name: f.ruleId,
        fingerprint: expect.any(String),
        severity: { error: 'critical', warning: 'major', note: 'minor' }[f.severity],
        location: { path: f.file, lines: { begin: f.range.start.line, end: f.range.end.line } },
      });
    }
    expect(new Set(issues.map((i) => i.severity))).toEqual(new Set(['critical', 'major', 'minor']));
  });

  it('gives every issue a distinct fingerprint', () => {
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    // findings that share the engine's identity still get distinct fingerprints, deterministically
    const twice: Report = { ...report, findings: [report.findings[0]!, { ...report.findings[0]!, range: { start: { line: 40, column: 1 }, end: { line: 40, column: 2 } } }] };
    const [a, b] = toCodeQuality(twice);
    expect(a!.fingerprint).not.toBe(b!.fingerprint);
    expect(toCodeQuality(twice).map((i) => i.fingerprint)).toEqual([a!.fingerprint, b!.fingerprint]);
  });

  it('keeps fingerprints when lines move and message data changes, not when the file or environment does', () => {
    const moved = parse(lint({ files: [{ path: 'k8s/api.yaml', text: `# header\n# more\n\n${DEPLOYMENT.replace('proxy:latest', 'proxy:edge')}` }] }).report);
    const before = parse(lint({ files: [{ path: 'k8s/api.yaml', text: DEPLOYMENT }] }).report);
    expect(before.length).toBeGreaterThan(5);
    expect(moved.map((i) => i.fingerprint)).toEqual(before.map((i) => i.fingerprint));
    expect(moved.map((i) => i.location.lines.begin)).toEqual(before.map((i) => i.location.lines.begin + 3));
    expect(moved.some((i, n) => i.description !== before[n]!.description)).toBe(true);

    const renamed = parse(lint({ files: [{ path: 'k8s/web.yaml', text: DEPLOYMENT }] }).report);
    expect(renamed.map((i) => i.fingerprint).filter((fp) => before.some((b) => b.fingerprint === fp))).toEqual([]);
    // the same place judged for staging (a Helm template rendered per environment) is another issue
    const f = report.findings.find((x) => x.file === 'k8s/api.yaml')!;
    const inStaging: Report = { ...report, findings: [{ ...f, environment: 'staging' }] };
    expect(toCodeQuality(inStaging)[0]!.fingerprint).not.toBe(toCodeQuality({ ...report, findings: [f] })[0]!.fingerprint);
  });

  it('makes paths relative to the repository root when the run is in a subfolder', () => {
    const f = report.findings[0]!;
    const one: Report = { ...report, findings: [f, { ...f, file: `./${f.file}` }] };
    expect(toCodeQuality(one, { cwd: '/builds/acme/shop/deploy', repoRoot: '/builds/acme/shop' }).map((i) => i.location.path)).toEqual([`deploy/${f.file}`, `deploy/${f.file}`]);
    expect(toCodeQuality(one, { cwd: '/builds/acme/shop', repoRoot: '/builds/acme/shop' }).map((i) => i.location.path)).toEqual([f.file, f.file]);
    // a run outside the repository keeps its own paths
    expect(toCodeQuality(one, { cwd: '/elsewhere', repoRoot: '/builds/acme/shop' })[0]!.location.path).toBe(f.file);
  });

  it('is [] when clean and byte-identical for the same report', () => {
    expect(formatGitlab(lint({ files: [] }).report)).toBe('[]\n');
    expect(formatGitlab(report)).toBe(formatGitlab(lint({ files }).report));
  });
});
