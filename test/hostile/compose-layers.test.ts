// Hostile compose layering: cycles through `extends` and `include`, very long chains and wide
// layers. Compose refuses cycles; readiness-lint must neither hang nor overflow its stack, and
// still judges what was written (each service once per model).
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';

const findingsOf = (files: { path: string; text: string }[], rules: string[]) => lint({ files, onlyRules: rules }).report;

describe('compose layering under hostile input', () => {
  it('an extends cycle (self, two services, across files) ends, with each service judged', () => {
    const report = findingsOf(
      [
        {
          path: 'compose.yaml',
          text: 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n  self:\n    extends: self\n  far:\n    extends:\n      file: other.yaml\n      service: back\n',
        },
        { path: 'other.yaml', text: 'services:\n  back:\n    extends:\n      file: compose.yaml\n      service: far\n' },
      ],
      ['require-restart-policy'],
    );
    expect(report.findings.map((f) => `${f.file}:${f.range.start.line}:${f.range.start.column}`).sort()).toEqual([
      'compose.yaml:2:3',
      'compose.yaml:4:3',
      'compose.yaml:6:3',
      'compose.yaml:8:3',
    ]);
  });

  it('an include cycle and a self include end', () => {
    const report = findingsOf(
      [
        { path: 'compose.yaml', text: 'include: [compose.yaml, infra/compose.yaml]\nservices:\n  api:\n    image: a:1\n' },
        { path: 'infra/compose.yaml', text: 'include: [../compose.yaml]\nservices:\n  db:\n    image: postgres:16.4\n' },
      ],
      ['require-restart-policy'],
    );
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((f) => f.ruleId === 'require-restart-policy')).toBe(true);
  });

  it('a chain of 2,000 extends and 30 layers of 1,000 services each finish within a minute', () => {
    const chain = ['services:', ...Array.from({ length: 2000 }, (_, i) => `  s${i}:\n    ${i === 1999 ? 'image: a:1' : `extends: s${i + 1}`}`)].join('\n') + '\n';
    const layers = Array.from({ length: 30 }, (_, n) => ({
      path: `compose.part${n}.yaml`,
      text: `services:\n${Array.from({ length: 1000 }, (_, i) => `  s${i}:\n    environment:\n      - K${n}=v`).join('\n')}\n`,
    }));
    const started = Date.now();
    const report = findingsOf([{ path: 'compose.yaml', text: chain }, ...layers], ['require-restart-policy']);
    // One model (the base and every part, which name no environment); every service judged once.
    expect(report.findings.length).toBe(2000);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 120_000);
});
