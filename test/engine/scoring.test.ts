import { describe, expect, it } from 'vitest';
import { grade, score, scoreBy, WEIGHTS } from '../../src/scoring/index.js';
import type { Outcome } from '../../src/report/types.js';

const o = (status: Outcome['status'], severity: Outcome['severity'] = 'error', extra: Partial<Outcome> = {}): Outcome => ({
  ruleId: 'r',
  target: 't',
  file: 'f',
  environment: 'production',
  status,
  severity,
  category: 'security',
  ...extra,
});

describe('scoring v2', () => {
  it('weights passes against applicable outcomes', () => {
    // 1 error pass (3) + 1 warning fail (2) → 3 / 5; the note is informational, outside the score
    const s = score([o('pass', 'error'), o('fail', 'warning'), o('pass', 'note')]);
    expect(s).toMatchObject({ score: 60, grade: 'D', passed: 1, failed: 1, informational: 1, earned: 3, possible: 5 });
  });

  it('excludes not-applicable outcomes from the denominator', () => {
    const s = score([o('pass'), o('not-applicable'), o('not-applicable', 'warning')]);
    expect(s).toMatchObject({ score: 100, notApplicable: 2, possible: 3 });
  });

  it('counts waived outcomes as kept points and lists them', () => {
    const s = score([o('waived'), o('fail')]);
    expect(s).toMatchObject({ score: 50, waived: 1, failed: 1 });
  });

  it('has no score when nothing applies', () => {
    expect(score([o('not-applicable')])).toMatchObject({ score: null, grade: null });
    expect(score([])).toMatchObject({ score: null });
  });

  it('grades at the documented boundaries', () => {
    expect([90, 89, 80, 79, 70, 69, 60, 59, 0].map(grade)).toEqual(['A', 'B', 'B', 'C', 'C', 'D', 'D', 'F', 'F']);
    expect(WEIGHTS).toEqual({ error: 3, warning: 2, note: 0 });
  });

  it('never lowers a score for a note-level outcome, failed or not', () => {
    const withoutNotes = score([o('pass', 'error'), o('fail', 'warning')]);
    const withFailedNotes = score([o('pass', 'error'), o('fail', 'warning'), o('fail', 'note'), o('fail', 'note'), o('waived', 'note')]);
    expect(withFailedNotes).toMatchObject({ score: withoutNotes.score, earned: withoutNotes.earned, possible: withoutNotes.possible, failed: 1, informational: 3 });
    // only notes: nothing scored, no grade (not an F)
    expect(score([o('fail', 'note')])).toMatchObject({ score: null, grade: null, informational: 1 });
  });

  it('groups by key in sorted order', () => {
    const groups = scoreBy([o('pass', 'error', { file: 'b' }), o('fail', 'error', { file: 'a' })], (x) => x.file);
    expect([...groups.keys()]).toEqual(['a', 'b']);
    expect(groups.get('a')!.score).toBe(0);
    expect(groups.get('b')!.score).toBe(100);
  });
});
