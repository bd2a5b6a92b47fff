// CRLF line endings: the same findings at the same lines and columns as with LF, and no range
// includes the carriage return.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { DEPLOYMENT } from './helpers.js';

const FILES = {
  'k8s/deploy.yaml': DEPLOYMENT,
  'docker-compose.yml': 'services:\n  db:\n    image: postgres:latest\n    ports: ["5432:5432"]\n    environment:\n      POSTGRES_PASSWORD: postgres\n',
  Dockerfile: 'FROM node:latest\nRUN apt-get update && \\\n    apt-get install -y curl\nUSER root\nCMD ["node", "server.js"]\n',
  '.env.production': 'DEBUG=true\nSECRET_KEY="k9Xq2Lm8Vt4Rz7Wp"\n',
};

function run(eol: string) {
  const files = Object.entries(FILES).map(([path, text]) => ({ path, text: text.replace(/\n/g, eol) }));
  const { report } = lint({ files });
  return {
    files,
    findings: report.findings.map((f) => ({ key: `${f.ruleId} ${f.file}:${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`, f })),
  };
}

describe('CRLF line endings', () => {
  it('give the same findings and positions as LF', () => {
    const lf = run('\n');
    const crlf = run('\r\n');
    expect(lf.findings.length).toBeGreaterThan(5);
    expect(crlf.findings.map((x) => x.key)).toEqual(lf.findings.map((x) => x.key));
    expect(crlf.findings.map((x) => x.f.message)).toEqual(lf.findings.map((x) => x.f.message));
    // No range ends past its line's content (the \r is part of the line break).
    const texts = new Map(crlf.files.map((f) => [f.path, f.text.split('\r\n')]));
    for (const { f } of crlf.findings) {
      const lines = texts.get(f.file)!;
      expect(f.range.end.column, JSON.stringify(f)).toBeLessThanOrEqual(lines[f.range.end.line - 1]!.length + 1);
    }
  });
});
