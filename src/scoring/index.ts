// Scores are computed from outcomes, never from findings (DESIGN.md §5). Versioned: any change of
// weights, grades or what counts bumps SCORING_VERSION and the README's formula section.

import type { Severity } from '../engine/api.js';
import type { Grade, Outcome, Score } from '../report/types.js';

// 2: note-level outcomes are informational (never scored: a note never costs points).
export const SCORING_VERSION = 2;
/** A note is informational: its outcomes are listed (checklist, `informational`) but never scored. */
export const WEIGHTS: Record<Severity, number> = { error: 3, warning: 2, note: 0 };
export const SCORING_FORMULA =
  'score = round(100 * sum(weight of passed outcomes) / sum(weight of passed, failed and waived outcomes)); ' +
  'weight error 3, warning 2; waived outcomes count as passed; not-applicable and note-level outcomes are excluded (notes are informational); ' +
  'grade A >= 90, B >= 80, C >= 70, D >= 60, else F';

export function grade(score: number): Grade {
  return score >= 90 ? 'A' : score >= 80 ? 'B' : score >= 70 ? 'C' : score >= 60 ? 'D' : 'F';
}

export function score(outcomes: Iterable<Outcome>): Score {
  let passed = 0;
  let failed = 0;
  let waived = 0;
  let notApplicable = 0;
  let informational = 0;
  let earned = 0;
  let possible = 0;
  for (const o of outcomes) {
    const w = WEIGHTS[o.severity];
    if (w === 0) {
      // A note-level outcome (helm-required-value: a secret left for --set) neither costs nor earns.
      if (o.status !== 'not-applicable') informational++;
      else notApplicable++;
      continue;
    }
    switch (o.status) {
      case 'pass':
        passed++;
        earned += w;
        possible += w;
        break;
      case 'waived':
        // A documented waiver is a decision, not a defect: it keeps its points and is listed.
        waived++;
        earned += w;
        possible += w;
        break;
      case 'fail':
        failed++;
        possible += w;
        break;
      case 'not-applicable':
        notApplicable++;
        break;
    }
  }
  const value = possible === 0 ? null : Math.round((100 * earned) / possible);
  return { score: value, grade: value === null ? null : grade(value), passed, failed, waived, notApplicable, informational, earned, possible };
}

/** Group outcomes by a key and score each group; keys come back sorted. */
export function scoreBy<K extends string>(outcomes: readonly Outcome[], key: (o: Outcome) => K): Map<K, Score> {
  const groups = new Map<K, Outcome[]>();
  for (const o of outcomes) {
    const k = key(o);
    let list = groups.get(k);
    if (!list) groups.set(k, (list = []));
    list.push(o);
  }
  return new Map([...groups.keys()].sort().map((k) => [k, score(groups.get(k)!)]));
}
