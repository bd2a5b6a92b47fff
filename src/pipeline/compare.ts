// What a change did to the findings: head against base by fingerprint (rule, file, target,
// logical path, message id, and a rendering's environment; never a line number), so a finding
// that only moved, or sits in a file with unrelated edits, is unchanged. Fingerprints are counted
// as a multiset: two equal findings in the head where the base had one make one new.

import type { Finding, Report } from '../report/types.js';

export interface FindingChanges {
  /** In the head, not in the base: what the change introduced. */
  introduced: Finding[];
  /** In the base, not in the head: what the change fixed (positions are the base's). */
  fixed: Finding[];
  /** In both (the head's finding). */
  unchanged: Finding[];
}

export function compareFindings(head: Pick<Report, 'findings'>, base: Pick<Report, 'findings'>): FindingChanges {
  const remaining = new Map<string, number>();
  for (const f of base.findings) remaining.set(f.fingerprint, (remaining.get(f.fingerprint) ?? 0) + 1);
  const introduced: Finding[] = [];
  const unchanged: Finding[] = [];
  for (const f of head.findings) {
    const left = remaining.get(f.fingerprint) ?? 0;
    if (left > 0) {
      remaining.set(f.fingerprint, left - 1);
      unchanged.push(f);
    } else introduced.push(f);
  }
  const fixed: Finding[] = [];
  for (const f of base.findings) {
    const left = remaining.get(f.fingerprint) ?? 0;
    if (left > 0) {
      remaining.set(f.fingerprint, left - 1);
      fixed.push(f);
    }
  }
  return { introduced, fixed, unchanged };
}
