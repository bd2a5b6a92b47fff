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
  const tally = new Tally();
  for (const o of outcomes) tally.add(o);
  return tally.score();
}

/** score() kept as running counts: outcomes added one at a time (no list of them) score as score() scores them all. */
export class Tally {
  private passed = 0;
  private failed = 0;
  private waived = 0;
  private notApplicable = 0;
  private informational = 0;
  private earned = 0;
  private possible = 0;

  add(o: Pick<Outcome, 'severity' | 'status'>): void {
    const w = WEIGHTS[o.severity];
    if (w === 0) {
      // A note-level outcome (helm-required-value: a secret left for --set) neither costs nor earns.
      if (o.status !== 'not-applicable') this.informational++;
      else this.notApplicable++;
      return;
    }
    switch (o.status) {
      case 'pass':
        this.passed++;
        this.earned += w;
        this.possible += w;
        break;
      case 'waived':
        // A documented waiver is a decision, not a defect: it keeps its points and is listed.
        this.waived++;
        this.earned += w;
        this.possible += w;
        break;
      case 'fail':
        this.failed++;
        this.possible += w;
        break;
      case 'not-applicable':
        this.notApplicable++;
        break;
    }
  }

  score(): Score {
    const { passed, failed, waived, notApplicable, informational, earned, possible } = this;
    const value = possible === 0 ? null : Math.round((100 * earned) / possible);
    return { score: value, grade: value === null ? null : grade(value), passed, failed, waived, notApplicable, informational, earned, possible };
  }
}

/**
 * What one failed outcome of this severity costs a score: the points the score gains (before
 * rounding) when that outcome passes. Every finding of the outcome must be fixed to gain them.
 */
export function pointsLost(severity: Severity, of: Pick<Score, 'possible'>): number {
  return of.possible > 0 ? (100 * WEIGHTS[severity]) / of.possible : 0;
}

/** Group outcomes by a key and score each group; keys come back sorted. */
export function scoreBy<K extends string>(outcomes: Iterable<Outcome>, key: (o: Outcome) => K): Map<K, Score> {
  const groups = new Map<K, Tally>();
  for (const o of outcomes) tallyOf(groups, key(o)).add(o);
  return sortedScores(groups);
}

/** The tally of one key, made on first use. */
export function tallyOf<K>(tallies: Map<K, Tally>, key: K): Tally {
  let tally = tallies.get(key);
  if (!tally) tallies.set(key, (tally = new Tally()));
  return tally;
}

/** Each key's score, keys sorted. */
export function sortedScores<K extends string>(tallies: ReadonlyMap<K, Tally>): Map<K, Score> {
  return new Map([...tallies.keys()].sort().map((k) => [k, tallies.get(k)!.score()]));
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
  const failures = outcomes.filter((o) => o.status === 'fail' && isRepositoryWide(o.ruleId));
  const result = new Map<Environment, Outcome[]>();
  for (const environment of environments) {
    const own = outcomes.filter((o) => o.environment === environment);
    const scored = own.filter((o) => !isRepositoryWide(o.ruleId));
    const repository = repositoryOutcomes(
      own.filter((o) => isRepositoryWide(o.ruleId)),
      failures,
    );
    result.set(environment, [...scored, ...repository]);
  }
  return result;
}

/**
 * One environment's outcomes of repository-wide rules as it is scored on them: its own and every
 * environment's failures, one per target (rule, file, target), the worst of them.
 */
export function repositoryOutcomes(own: Iterable<Outcome>, failures: Iterable<Outcome>): Iterable<Outcome> {
  const repository = new Map<string, Outcome>();
  for (const o of own) worst(repository, targetKey(o), o);
  for (const o of failures) worst(repository, targetKey(o), o);
  return repository.values();
}

/** One target of one rule, whatever its environment. */
function targetKey(o: Outcome): string {
  return `${o.ruleId}\u0000${o.file}\u0000${o.target}`;
}

/** Keeps the worse of two outcomes of one target: a failure anywhere is a failure. */
function worst(outcomes: Map<string, Outcome>, key: string, candidate: Outcome): void {
  const seen = outcomes.get(key);
  if (!seen || STATUS_RANK[candidate.status] > STATUS_RANK[seen.status]) outcomes.set(key, candidate);
}

const STATUS_RANK: Record<Outcome['status'], number> = { fail: 3, pass: 2, waived: 1, 'not-applicable': 0 };
