// The outcomes of a run, kept compact while the rules run. A run records about a dozen outcomes
// per file (every rule, every target, every environment), and they stay alive next to every
// document until the rules are done: as objects, 80 bytes each before their strings. Here an
// outcome is its target, its file and one small number (which rule, severity and category, which
// environment, which status); objects are made again only for the report, once the documents
// are gone.

import type { Outcome, OutcomeStatus } from '../scoring/types.js';

const STATUSES: readonly OutcomeStatus[] = ['pass', 'fail', 'not-applicable', 'waived'];

export class OutcomeLog {
  private readonly targets: string[] = [];
  private readonly files: string[] = [];
  /** index of (ruleId, severity, category) * 2^12 + environment index * 4 + status index */
  private readonly codes: number[] = [];
  private readonly reasons = new Map<number, string>();
  private readonly kinds: { ruleId: string; severity: Outcome['severity']; category: Outcome['category'] }[] = [];
  private readonly kindIndex = new Map<string, number>();
  private readonly environments: Outcome['environment'][] = [];

  get length(): number {
    return this.codes.length;
  }

  push(outcome: Outcome): void {
    const kindKey = `${outcome.ruleId}\u0000${outcome.severity}\u0000${outcome.category}`;
    let kind = this.kindIndex.get(kindKey);
    if (kind === undefined) {
      kind = this.kinds.push({ ruleId: outcome.ruleId, severity: outcome.severity, category: outcome.category }) - 1;
      this.kindIndex.set(kindKey, kind);
    }
    let environment = this.environments.indexOf(outcome.environment);
    if (environment === -1) environment = this.environments.push(outcome.environment) - 1;
    if (environment >= 1024) throw new Error('too many environments'); // the vocabulary has five
    if (outcome.reason !== undefined) this.reasons.set(this.codes.length, outcome.reason);
    this.targets.push(outcome.target);
    this.files.push(outcome.file);
    this.codes.push(kind * 4096 + environment * 4 + STATUSES.indexOf(outcome.status));
  }

  /** The outcomes as objects, in the order recorded (each call makes new ones). */
  toArray(): Outcome[] {
    return [...this.values()];
  }

  /**
   * The outcomes as objects, made one at a time in the order recorded: the report reads them in one
   * pass, so a large run never holds them all as objects (about 80 bytes each, a dozen per file).
   */
  *values(): Generator<Outcome> {
    for (let i = 0; i < this.codes.length; i++) yield this.at(i);
  }

  private at(i: number): Outcome {
    const code = this.codes[i]!;
    const kind = this.kinds[Math.floor(code / 4096)]!;
    const outcome: Outcome = {
      ruleId: kind.ruleId,
      target: this.targets[i]!,
      file: this.files[i]!,
      environment: this.environments[(code >> 2) & 1023]!,
      status: STATUSES[code & 3]!,
      severity: kind.severity,
      category: kind.category,
    };
    const reason = this.reasons.get(i);
    if (reason !== undefined) outcome.reason = reason;
    return outcome;
  }
}
