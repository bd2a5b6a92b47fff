// SARIF validated against the official 2.1.0 schema (draft-04, shipped by @microsoft/jest-sarif)
// plus what GitHub code scanning requires on top.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { formatSarif, toSarif, toUri } from '../../src/formatters/sarif.js';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
// The schema's language-code pattern is not valid in Unicode mode.
const ajv = new (Ajv04 as unknown as typeof import('ajv-draft-04').default)({ allErrors: true, strict: false, unicodeRegExp: false });
(addFormats as unknown as (a: unknown) => void)(ajv);
const validate = ajv.compile(schema);

const files = [
  { path: 'app dir/Dockerfile', text: 'FROM node:latest\nCMD ["node", "server.js"]\n' },
  { path: 'k8s/broken.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: [\n' },
  { path: '.env.production', text: '# readiness-lint-disable-next-line invalid-env -- documented dialect\nnot an assignment\n' },
];

describe('sarif', () => {
  const { report } = lint({ files });
  const log = toSarif(report);
  const run = log.runs[0]!;

  it('validates against the SARIF 2.1.0 schema', () => {
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('lists every enabled rule, with help, level and a consistent ruleIndex', () => {
    const ids = run.tool.driver.rules!.map((r) => r.id);
    expect(ids).toEqual(report.checklist.map((l) => l.ruleId));
    for (const rule of run.tool.driver.rules!) {
      expect(rule.shortDescription?.text).toBeTruthy();
      expect(rule.fullDescription?.text).toBeTruthy();
      expect(rule.help?.text).toBeTruthy();
      expect(rule.help?.markdown).toContain('Rule documentation');
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration?.level);
      expect(rule.fullDescription!.text.length).toBeLessThanOrEqual(1000);
      expect((rule.properties?.tags as string[]).length).toBeLessThanOrEqual(10);
    }
    expect(run.results!.length).toBe(report.findings.length);
    for (const result of run.results!) {
      expect(run.tool.driver.rules![result.ruleIndex!]!.id).toBe(result.ruleId);
    }
  });

  it('names the messageId of each result in its properties, as the report does', () => {
    expect(run.results!.map((r) => [r.ruleId, r.properties?.messageId])).toEqual(report.findings.filter((f) => !f.suppression).map((f) => [f.ruleId, f.messageId]));
    expect(run.results!.map((r) => r.properties?.messageId)).toContain('floatingTag');
  });

  it('uses repo-relative URIs and 1-based regions with startLine', () => {
    for (const result of run.results!) {
      const loc = result.locations![0]!.physicalLocation!;
      expect(loc.artifactLocation!.uri).not.toMatch(/^(\/|[a-z]+:)/i);
      expect(loc.region!.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.region!.startColumn).toBeGreaterThanOrEqual(1);
    }
    expect(run.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri)).toContain('app%20dir/Dockerfile');
    expect(toUri('a b/#c.yaml')).toBe('a%20b/%23c.yaml');
  });

  it('leaves waived findings out', () => {
    expect(report.waived.length).toBeGreaterThan(0);
    expect(run.results!.some((r) => (r.locations![0]!.physicalLocation!.artifactLocation!.uri ?? '').includes('.env.production'))).toBe(false);
  });

  it('writes results: [] when clean and is byte-identical across runs', () => {
    const clean = toSarif(lint({ files: [{ path: 'README.md', text: '# nothing' }] }).report);
    expect(clean.runs[0]!.results).toEqual([]);
    expect(validate(clean)).toBe(true);
    expect(formatSarif(lint({ files }).report)).toBe(formatSarif(lint({ files: [...files].reverse() }).report));
  });
});
