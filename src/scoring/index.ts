// Scores are computed from outcomes, never from findings (DESIGN.md §5). Versioned: any change of
// weights, grades or what counts bumps SCORING_VERSION and the README's formula section.

import type { Severity } from '../model/vocabulary.js';
import type { Environment } from '../model/types.js';
import type { Grade, Outcome, Score } from './types.js';

// 2: note-level outcomes are informational (never scored: a note never costs points).
// 3: one score per environment; outcomes of repository-wide rules count in every environment's.
export const SCORING_VERSION = 3;
/** A note is informational: its outcomes are listed (checklist, `informational`) but never scored. */
export const WEIGHTS: Record<Severity, number> = { error: 3, warning: 2, note: 0 };
export const SCORING_FORMULA =
  'score = round(100 * sum(weight of passed outcomes) / sum(weight of passed, failed and waived outcomes)); ' +
  'weight error 3, warning 2; waived outcomes count as passed; not-applicable and note-level outcomes are excluded (notes are informational); ' +
  'grade A >= 90, B >= 80, C >= 70, D >= 60, else F; ' +
  "per environment: that environment's outcomes plus every failed outcome of a repository-wide rule (committed secrets, CI, build contexts, files not judged) from any environment; the headline is the production environment's";

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

/**
 * What one failed outcome of this severity costs a score: the points the score gains (before
 * rounding) when that outcome passes. Every finding of the outcome must be fixed to gain them.
 */
export function pointsLost(severity: Severity, of: Pick<Score, 'possible'>): number {
  return of.possible > 0 ? (100 * WEIGHTS[severity]) / of.possible : 0;
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

/**
 * The outcomes each environment is scored on: its own, plus every failure of a repository-wide
 * rule whatever environment its file serves (a key committed in `.env.test` is leaked for
 * production too). Only failures travel: a staging file that passes a repository-wide rule says
 * nothing about production, so adding it must not raise production's score. A target judged in
 * several renderings of one chart stays one outcome per environment, the worst of them.
 */
export function outcomesByEnvironment(
  outcomes: readonly Outcome[],
  isRepositoryWide: (ruleId: string) => boolean,
  environments: readonly Environment[],
): Map<Environment, Outcome[]> {
  const key = (o: Outcome) => `${o.ruleId}\u0000${o.file}\u0000${o.target}`;
  const failures = outcomes.filter((o) => o.status === 'fail' && isRepositoryWide(o.ruleId));
  const result = new Map<Environment, Outcome[]>();
  for (const environment of environments) {
    const own = outcomes.filter((o) => o.environment === environment);
    const repository = new Map<string, Outcome>();
    const scored: Outcome[] = [];
    for (const o of own) {
      if (isRepositoryWide(o.ruleId)) worst(repository, key(o), o);
      else scored.push(o);
    }
    for (const o of failures) worst(repository, key(o), o);
    result.set(environment, [...scored, ...repository.values()]);
  }
  return result;
}

/** Keeps the worse of two outcomes of one target: a failure anywhere is a failure. */
function worst(outcomes: Map<string, Outcome>, key: string, candidate: Outcome): void {
  const seen = outcomes.get(key);
  if (!seen || STATUS_RANK[candidate.status] > STATUS_RANK[seen.status]) outcomes.set(key, candidate);
}

const STATUS_RANK: Record<Outcome['status'], number> = { fail: 3, pass: 2, waived: 1, 'not-applicable': 0 };
