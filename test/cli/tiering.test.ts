// The CLI's tiering policy (src/cli/tiering.ts): a lint runs with a larger V8 interrupt budget, and
// the launcher's code cache is saved under V8's default again. V8 accepts a code cache only under
// the flags it was made with, so a cache made before tuning shows whether the flag is set and
// whether it was put back exactly.
import { Script } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { tuneTieringForLint, untuneTiering } from '../../src/cli/tiering.js';

afterEach(() => untuneTiering());

// V8 checks a cache against the source's length only; each probe compiles a source of its own (of
// that length), since V8 answers a source it compiled before from its in-memory cache.
const probe = (n: number) => `(function tieringProbe() { return ${String(n).padStart(12, '0')}; })`;
let probes = 0;

/** Whether V8 rejects, under the flags now in force, a cache made under the default flags. */
function rejected(data: Buffer): boolean {
  return new Script(probe(++probes), { cachedData: data }).cachedDataRejected === true;
}

describe('tiering', () => {
  const data = new Script(probe(0)).createCachedData();

  it('changes the V8 flags a lint runs under, and puts back exactly the default for the code cache', () => {
    expect(rejected(data)).toBe(false);
    tuneTieringForLint();
    expect(rejected(data)).toBe(true);
    untuneTiering();
    expect(rejected(data)).toBe(false);
  });

  it('is idempotent both ways', () => {
    tuneTieringForLint();
    tuneTieringForLint();
    untuneTiering();
    untuneTiering();
    expect(rejected(data)).toBe(false);
  });
});
