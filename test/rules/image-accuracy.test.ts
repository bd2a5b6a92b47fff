// Issue 15 (items 6, 7, 8, 11 and graceful shutdown through signals): severities and messages the
// fixtures' position comments cannot carry.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';

function findings(files: Record<string, string>, rule: string) {
  const { report } = lint({ files: Object.entries(files).map(([path, text]) => ({ path, text })), onlyRules: [rule] });
  return report.findings.filter((f) => f.environment === report.environment);
}

describe('require-pinned-images: mutable tags', () => {
  it('a tag without a version or with a major version only is a warning that says why', () => {
    const compose = 'services:\n  proxy:\n    image: nginx:alpine\n  worker:\n    image: python:3\n  web:\n    image: nginx:latest\n';
    const found = findings({ 'docker-compose.yml': compose }, 'require-pinned-images');
    expect(found.map((f) => [f.range.start.line, f.severity])).toEqual([
      [3, 'warning'],
      [5, 'warning'],
      [7, 'error'],
    ]);
    expect(found[0]!.message).toMatch(/no version/);
    expect(found[1]!.message).toMatch(/only a major version/);
  });

  it('minor versions and digests pass', () => {
    const compose = 'services:\n  worker:\n    image: python:3.12-slim\n  cache:\n    image: redis:7@sha256:1b503bb77079ba644371969e06e1a6a1670bb34c2251107c0fc3a21ef9fdaeca\n';
    expect(findings({ 'docker-compose.yml': compose }, 'require-pinned-images')).toEqual([]);
  });
});
