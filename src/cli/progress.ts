// Progress on stderr for long runs (a large charts repository takes tens of seconds): files
// discovered, charts rendered, rules run, then one timing line. On a terminal it is one line
// rewritten in place; forced on elsewhere (--progress), one line per stage, so a CI log stays
// readable. Never written to stdout: machine formats stay parseable.

import type { LintProgress } from '../engine/lint.js';

/** A terminal redraws at most this often: a rule takes well under a millisecond on small trees. */
const REDRAW_MS = 100;

export interface ProgressOptions {
  write: (text: string) => void;
  /** stderr is a terminal: redraw one line with a carriage return. */
  live: boolean;
  now?: () => number;
  /** What is being linted when it is not the paths themselves (`--base` names the revision). */
  label?: string;
}

export class ProgressLine {
  private readonly write: (text: string) => void;
  private readonly live: boolean;
  private readonly now: () => number;
  private readonly started: number;
  private readonly prefix: string;
  private files?: number;
  private charts?: number;
  private rules?: { done: number; total: number };
  private stage?: Exclude<LintProgress['stage'], 'parsing'>;
  private lastDraw = -Infinity;
  private drawn = false;

  constructor(options: ProgressOptions) {
    this.write = options.write;
    this.live = options.live;
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
    this.prefix = options.label ? `readiness-lint (${options.label}): ` : 'readiness-lint: ';
  }

  readonly update = (event: LintProgress): void => {
    // Parsing is part of reading what was discovered: one stage for the log.
    const stage = event.stage === 'parsing' ? 'discovered' : event.stage;
    const stageChanged = stage !== this.stage;
    this.stage = stage;
    if (event.stage === 'discovered' || event.stage === 'parsing') this.files = event.files;
    else if (event.stage === 'rendering') this.charts = event.charts;
    else this.rules = { done: event.done, total: event.total };
    if (this.live) {
      const at = this.now();
      if (!stageChanged && at - this.lastDraw < REDRAW_MS) return;
      this.lastDraw = at;
      this.write(`\r\x1b[K${this.status()}`);
      this.drawn = true;
    } else if (stageChanged) {
      // A log gets a line per stage, not per rule.
      const line =
        event.stage === 'rendering'
          ? `rendering ${plural(event.charts, 'chart')}`
          : event.stage === 'rules'
            ? `running ${plural(event.total, 'rule')}`
            : `${plural(this.files ?? 0, 'file')} discovered`;
      this.write(`${this.prefix}${line}\n`);
    }
  };

  /** Removes the live line before anything else is printed. */
  clear(): void {
    if (this.drawn) this.write('\r\x1b[K');
    this.drawn = false;
  }

  /** The timing line, once the run is over. */
  finish(): void {
    this.clear();
    const seconds = (this.now() - this.started) / 1000;
    const parts = [plural(this.files ?? 0, 'file') + ' read'];
    if (this.charts) parts.push(`${plural(this.charts, 'chart')} rendered`);
    if (this.rules) parts.push(`${plural(this.rules.total, 'rule')} run`);
    this.write(`readiness-lint: ${parts.join(', ')} in ${seconds.toFixed(1)} s\n`);
  }

  private status(): string {
    const parts: string[] = [];
    if (this.files !== undefined) parts.push(`${plural(this.files, 'file')} discovered`);
    if (this.stage === 'rendering' || (this.charts && this.stage === 'rules'))
      parts.push(`${this.stage === 'rendering' ? 'rendering' : 'rendered'} ${plural(this.charts ?? 0, 'chart')}`);
    if (this.rules) parts.push(`rules ${this.rules.done}/${this.rules.total}`);
    return `${this.prefix}${parts.join(', ')}…`;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Whether to show progress: the flag, else only on a terminal, and never for -q. */
export function wantProgress(flag: boolean | undefined, stderrIsTTY: boolean, quiet: boolean, env: NodeJS.ProcessEnv): boolean {
  if (flag !== undefined) return flag;
  if (quiet || !stderrIsTTY || env.TERM === 'dumb') return false;
  // A CI runner with a pseudo-terminal is still a log.
  return env.CI === undefined || env.CI === '' || env.CI === 'false';
}
