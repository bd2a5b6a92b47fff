// A "billion laughs" YAML alias bomb: refused in bounded time and memory, reported as an
// invalid-yaml finding at the first alias (where expansion starts), not at line 1.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';

const levels = 'abcdefghijklmnop'.split('');
const BOMB = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata: {name: lol}',
  'data:',
  `  a: &a [${Array(10).fill('"lol"').join(', ')}]`,
  ...levels.slice(1).map((l, i) => `  ${l}: &${l} [${Array(10).fill(`*${levels[i]}`).join(', ')}]`),
  '',
].join('\n'); // 10^16 strings if expanded

describe('YAML alias bomb', () => {
  it('is refused quickly, without memory growth, as an invalid-yaml finding at the first alias', () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const { report } = lint({
      files: [
        { path: 'k8s/bomb.yaml', text: BOMB },
        { path: 'compose.yaml', text: `services:\n  x:\n${BOMB.replace(/^/gm, '    ').replace('    apiVersion', '    image: a\n    labels:\n      apiVersion')}` },
      ],
    });
    const elapsed = performance.now() - started;
    const grown = process.memoryUsage().heapUsed - heapBefore;
    expect(elapsed).toBeLessThan(5_000);
    expect(grown).toBeLessThan(100 * 1024 * 1024);

    const bomb = report.findings.filter((f) => f.file === 'k8s/bomb.yaml');
    expect(bomb.map((f) => f.ruleId)).toEqual(['invalid-yaml']);
    expect(bomb[0]!.message).toMatch(/alias/i);
    // `  b: &b [*a, …` — the first alias is on line 6, after `[`.
    expect(bomb[0]!.range.start).toEqual({ line: 6, column: BOMB.split('\n')[5]!.indexOf('*a') + 1 });
    expect(report.files.find((f) => f.path === 'k8s/bomb.yaml')!.documents).toBe(0);
    // The same bomb inside a compose file: also refused, also a finding.
    expect(report.findings.some((f) => f.file === 'compose.yaml' && f.ruleId === 'invalid-yaml' && /alias/i.test(f.message))).toBe(true);
  }, 60_000);
});
