// The progress line itself, with a fake clock: redraws on a terminal at most every 100 ms (but on
// every stage change), one line per stage in a log, and a timing line at the end.
import { describe, expect, it } from 'vitest';
import { ProgressLine, wantProgress } from '../../src/cli/progress.js';

function recorder(live: boolean) {
  let clock = 1000;
  const writes: string[] = [];
  const line = new ProgressLine({ write: (t) => writes.push(t), live, now: () => clock });
  return { line, writes, tick: (ms: number) => (clock += ms) };
}

describe('progress line', () => {
  it('on a terminal redraws one line, throttled within a stage, and clears it before the timing', () => {
    const { line, writes, tick } = recorder(true);
    line.update({ stage: 'discovered', files: 18 });
    line.update({ stage: 'parsing', files: 18 }); // the same stage: within 100 ms, not redrawn
    line.update({ stage: 'rendering', charts: 2 });
    line.update({ stage: 'rules', done: 0, total: 40 });
    tick(50);
    line.update({ stage: 'rules', done: 1, total: 40 }); // throttled
    tick(60);
    line.update({ stage: 'rules', done: 30, total: 40 });
    tick(1140);
    line.finish();
    expect(writes).toEqual([
      '\r\x1b[Kreadiness-lint: 18 files discovered…',
      '\r\x1b[Kreadiness-lint: 18 files discovered, rendering 2 charts…',
      '\r\x1b[Kreadiness-lint: 18 files discovered, rendered 2 charts, rules 0/40…',
      '\r\x1b[Kreadiness-lint: 18 files discovered, rendered 2 charts, rules 30/40…',
      '\r\x1b[K',
      'readiness-lint: 18 files read, 2 charts rendered, 40 rules run in 1.3 s\n',
    ]);
  });

  it('in a log writes one line per stage, never a carriage return', () => {
    const { line, writes } = recorder(false);
    line.update({ stage: 'discovered', files: 1 });
    line.update({ stage: 'parsing', files: 1 });
    for (let i = 0; i < 5; i++) line.update({ stage: 'rules', done: i, total: 5 });
    line.finish();
    expect(writes.join('')).toBe('readiness-lint: 1 file discovered\nreadiness-lint: running 5 rules\nreadiness-lint: 1 file read, 5 rules run in 0.0 s\n');
  });

  it('is on for a terminal outside CI, off for -q, in CI and for a dumb terminal; the flag decides first', () => {
    expect(wantProgress(undefined, true, false, {})).toBe(true);
    expect(wantProgress(undefined, false, false, {})).toBe(false);
    expect(wantProgress(undefined, true, true, {})).toBe(false);
    expect(wantProgress(undefined, true, false, { CI: 'true' })).toBe(false);
    expect(wantProgress(undefined, true, false, { TERM: 'dumb' })).toBe(false);
    expect(wantProgress(true, false, true, { CI: 'true' })).toBe(true);
    expect(wantProgress(false, true, false, {})).toBe(false);
  });
});
