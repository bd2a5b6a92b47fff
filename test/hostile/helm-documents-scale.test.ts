// A template that emits many documents must render in time linear in their number. Splitting a
// rendered file counted the line of each document from the file's start, so 10k/20k/40k documents
// took 3.5/12/43 s. Timing is measured as a ratio (best of three runs each, generous bound) so a
// loaded machine does not make it flaky: 8x the documents may cost about 8x, never ~64x.
import { describe, expect, it } from 'vitest';
import { sortManifests } from '../../src/helm/render/manifests.js';

function documents(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  a: b\n`;
  return out;
}

function bestOfThree(text: string): number {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const { manifests } = sortManifests(new Map([['chart/templates/many.yaml', text]]));
    best = Math.min(best, performance.now() - started);
    const count = text.split('---\n').length - 1;
    expect(manifests.map((m) => m.name)).toEqual(Array.from({ length: count }, (_, i) => `c${i}`));
  }
  return best;
}

describe('splitting rendered documents', () => {
  it('is linear in the number of documents', () => {
    const small = documents(1_000);
    const large = documents(8_000);
    bestOfThree(small); // warm up
    const ratio = bestOfThree(large) / Math.max(bestOfThree(small), 1);
    expect(ratio).toBeLessThan(24);
  }, 120_000);
});
