// The outcomes of a run, kept compact while the rules run. A run records about a dozen outcomes
// per file (every rule, every target, every environment), and they stay alive next to every
// document until the rules are done: as objects, 80 bytes each before their strings. Here an
// outcome is its target, its file's index and one small number (which rule, severity and
// category, which environment, which status): about 20 bytes and a shared target string. Objects
// are made again only for the report, one at a time (values()), once the documents are gone.

import type { Outcome, OutcomeStatus } from '../scoring/types.js';
import { grown } from './finding-log.js';

const STATUSES: readonly OutcomeStatus[] = ['pass', 'fail', 'not-applicable', 'waived'];

export class OutcomeLog {
  private readonly targets: string[] = [];
  /** Each outcome's file as an index into `fileNames`: a run records a dozen outcomes per file. */
  private fileOf = new Int32Array(1024);
  private readonly fileNames: string[] = [];
  private readonly fileIndex = new Map<string, number>();
  /** index of (ruleId, severity, category) * 2^12 + environment index * 4 + status index */
  private codes = new Int32Array(1024);
  private count = 0;
  /**
   * The outcomes that have a reason (a third of them, the not-applicable ones), in order: the
   * outcome's index here and its reason at the same place in `reasonTexts`. A Map entry per reason
   * cost about 30 bytes (0.9 MB at 10,000 files); this is 12.
   */
  private reasonOf = new Int32Array(256);
  private readonly reasonTexts: string[] = [];
  private readonly kinds: { ruleId: string; severity: Outcome['severity']; category: Outcome['category'] }[] = [];
  private readonly kindIndex = new Map<string, number>();
  private readonly environments: Outcome['environment'][] = [];

  get length(): number {
    return this.count;
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
    const i = this.count++;
    if (outcome.reason !== undefined) {
      const r = this.reasonTexts.length;
      if (r === this.reasonOf.length) this.reasonOf = grown(this.reasonOf, r + 1);
      this.reasonOf[r] = i;
      this.reasonTexts.push(outcome.reason);
    }
    let file = this.fileIndex.get(outcome.file);
    if (file === undefined) this.fileIndex.set(outcome.file, (file = this.fileNames.push(outcome.file) - 1));
    if (i === this.codes.length) {
      this.codes = grown(this.codes, i + 1);
      this.fileOf = grown(this.fileOf, i + 1);
    }
    this.targets.push(outcome.target);
    this.fileOf[i] = file;
    this.codes[i] = kind * 4096 + environment * 4 + STATUSES.indexOf(outcome.status);
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
    // outcomes with a reason are listed in order: one cursor walks them alongside
    let r = 0;
    for (let i = 0; i < this.count; i++) {
      const outcome = this.at(i);
      if (r < this.reasonTexts.length && this.reasonOf[r] === i) outcome.reason = this.reasonTexts[r++]!;
      yield outcome;
    }
  }

  private at(i: number): Outcome {
    const code = this.codes[i]!;
    const kind = this.kinds[Math.floor(code / 4096)]!;
    const outcome: Outcome = {
      ruleId: kind.ruleId,
      target: this.targets[i]!,
      file: this.fileNames[this.fileOf[i]!]!,
      environment: this.environments[(code >> 2) & 1023]!,
      status: STATUSES[code & 3]!,
      severity: kind.severity,
      category: kind.category,
    };
    return outcome;
  }
}
