// The findings of a run, kept compact until the report is built (as outcome-log.ts keeps the
// outcomes). A run finds a few problems per file, and until the rules are done they stay alive next
// to every document: as objects, a finding, its range and two positions are five objects and a
// 32-character fingerprint, about 300 bytes before its message. Here a finding is its message,
// file and target (strings shared with the rest of the run), one small number (which rule,
// severity, category and message id, which environment), four integers of range and the
// fingerprint's 16 bytes; the rare extras (related locations, a waiver) stay as they were.
// Objects are made again only for the report, once the documents are gone.

import type { Finding } from '../report/types.js';

const FINGERPRINT = /^[0-9a-f]{32}$/;

type Extras = Pick<Finding, 'related' | 'suppression'> & { fingerprint?: string; range?: Finding['range'] };

export class FindingLog {
  private readonly messages: string[] = [];
  private readonly targets: string[] = [];
  /** Each finding's file as an index into `fileNames` (a file has several findings). */
  private fileOf = new Int32Array(1024);
  private readonly fileNames: string[] = [];
  private readonly fileIndex = new Map<string, number>();
  /** index of (ruleId, severity, category, messageId) * 1024 + environment index */
  private codes = new Int32Array(1024);
  private count = 0;
  private positions = new Int32Array(1024);
  private fingerprints = new Uint8Array(4096);
  /**
   * The findings with extras (related locations, a waiver, an unusual range or fingerprint), in
   * order: the finding's index here and its extras at the same place in `extraValues` (a Map entry
   * each cost about 30 bytes more; a finding in ten has related locations).
   */
  private extraOf = new Int32Array(256);
  private readonly extraValues: Extras[] = [];
  private readonly kinds: Pick<Finding, 'ruleId' | 'severity' | 'category' | 'messageId'>[] = [];
  private readonly kindIndex = new Map<string, number>();
  private readonly environments: Finding['environment'][] = [];

  get length(): number {
    return this.count;
  }

  push(finding: Finding): void {
    const i = this.count;
    const kindKey = `${finding.ruleId}\u0000${finding.severity}\u0000${finding.category}\u0000${finding.messageId}`;
    let kind = this.kindIndex.get(kindKey);
    if (kind === undefined) {
      kind = this.kinds.push({ ruleId: finding.ruleId, severity: finding.severity, category: finding.category, messageId: finding.messageId }) - 1;
      this.kindIndex.set(kindKey, kind);
    }
    let environment = this.environments.indexOf(finding.environment);
    if (environment === -1) environment = this.environments.push(finding.environment) - 1;
    if (environment >= 1024) throw new Error('too many environments'); // the vocabulary has five
    const extras: Extras = {};
    if (finding.related) extras.related = finding.related;
    if (finding.suppression) extras.suppression = finding.suppression;
    // Only what the report would print as written is packed; anything else is kept as given.
    if (FINGERPRINT.test(finding.fingerprint)) {
      if (this.fingerprints.length < (i + 1) * 16) this.fingerprints = grown(this.fingerprints, (i + 1) * 16);
      this.fingerprints.set(Buffer.from(finding.fingerprint, 'hex'), i * 16);
    } else extras.fingerprint = finding.fingerprint;
    if (isPlainRange(finding.range)) {
      if (this.positions.length < (i + 1) * 4) this.positions = grown(this.positions, (i + 1) * 4);
      const { start, end } = finding.range;
      this.positions.set([start.line, start.column, end.line, end.column], i * 4);
    } else extras.range = finding.range;
    if (Object.keys(extras).length > 0) {
      const e = this.extraValues.length;
      if (e === this.extraOf.length) this.extraOf = grown(this.extraOf, e + 1);
      this.extraOf[e] = i;
      this.extraValues.push(extras);
    }
    let file = this.fileIndex.get(finding.file);
    if (file === undefined) this.fileIndex.set(finding.file, (file = this.fileNames.push(finding.file) - 1));
    if (i === this.codes.length) {
      this.codes = grown(this.codes, i + 1);
      this.fileOf = grown(this.fileOf, i + 1);
    }
    this.messages.push(finding.message);
    this.targets.push(finding.target);
    this.fileOf[i] = file;
    this.codes[i] = kind * 1024 + environment;
    this.count++;
  }

  /** The findings as objects, in the order recorded, with the engine's key order (each call makes new ones). */
  toArray(): Finding[] {
    const out: Finding[] = new Array(this.count);
    // findings with extras are listed in order: one cursor walks them alongside
    let e = 0;
    for (let i = 0; i < this.count; i++) {
      const code = this.codes[i]!;
      const kind = this.kinds[Math.floor(code / 1024)]!;
      const extras = e < this.extraValues.length && this.extraOf[e] === i ? this.extraValues[e++] : undefined;
      const p = i * 4;
      const finding: Finding = {
        ruleId: kind.ruleId,
        severity: kind.severity,
        category: kind.category,
        messageId: kind.messageId,
        message: this.messages[i]!,
        file: this.fileNames[this.fileOf[i]!]!,
        range: extras?.range ?? {
          start: { line: this.positions[p]!, column: this.positions[p + 1]! },
          end: { line: this.positions[p + 2]!, column: this.positions[p + 3]! },
        },
        environment: this.environments[code % 1024]!,
        target: this.targets[i]!,
        fingerprint: extras?.fingerprint ?? Buffer.from(this.fingerprints.buffer, this.fingerprints.byteOffset + i * 16, 16).toString('hex'),
      };
      if (extras?.related) finding.related = extras.related;
      if (extras?.suppression) finding.suppression = extras.suppression;
      out[i] = finding;
    }
    return out;
  }
}

/** A range of two `{ line, column }` positions in int32 and nothing else (what a parser gives). */
function isPlainRange(range: Finding['range']): boolean {
  const keys = Object.keys(range);
  if (keys.length !== 2 || keys[0] !== 'start' || keys[1] !== 'end') return false;
  return isPlainPosition(range.start) && isPlainPosition(range.end);
}

function isPlainPosition(p: { line: number; column: number }): boolean {
  const keys = Object.keys(p);
  return keys.length === 2 && keys[0] === 'line' && keys[1] === 'column' && (p.line | 0) === p.line && (p.column | 0) === p.column;
}

/** A copy of `array` with room for `atLeast` entries. */
export function grown<T extends Int32Array | Uint8Array>(array: T, atLeast: number): T {
  // half as long again: doubling would leave up to half of a large run's array unused
  const next = new (array.constructor as new (length: number) => T)(Math.max(atLeast, Math.ceil(array.length * 1.5)));
  next.set(array);
  return next;
}
