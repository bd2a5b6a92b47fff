// A budget of work for one chart rendering. A chart is untrusted input: `include` fan-outs, nested
// `range until 1000` loops or 300 documents of 1 MB would otherwise hang the run or exhaust the heap.
// Every execution of the chart (each template file, every include and tpl in it) draws from one
// budget; when a part runs out, rendering of that chart stops with a BudgetExceeded that no template
// construct can catch, and the chart is reported as a helm-render-error (the rest of the run goes on).
// The limits sit far above what real charts use: linting the 116 bitnami charts and rendering the
// 325 corpus pairs, the most any chart used was 4.5 M characters of output (prometheus-operator-crds),
// 19 k calls and 685 range iterations (harbor), 5 k carried output positions (milvus).

/** Default limits per chart rendering. */
export const RENDER_LIMITS = {
  /** Characters written to template outputs, include/tpl results counted too (their text is re-printed). */
  outputChars: 64 * 1024 * 1024,
  /** Function calls plus template/include/tpl invocations. */
  calls: 1_000_000,
  /**
   * Output positions (provenance segments) carried from an include/tpl result into its caller's output:
   * a deep include fan-out copies each segment once per level.
   */
  provenance: 500_000,
  /** `range` iterations, all loops together. */
  iterations: 1_000_000,
  /** Wall-clock time. */
  milliseconds: 30_000,
  /** Length of one string a function builds (repeat, printf width, joins…), checked before allocating. */
  stringChars: 64 * 1024 * 1024,
  /** Elements of one list a function builds (until, untilStep, seq…), checked before allocating. */
  listElements: 1_000_000,
} as const;

export type RenderLimits = { -readonly [K in keyof typeof RENDER_LIMITS]: number };

const UNITS: Record<keyof RenderLimits, string> = {
  outputChars: 'characters of output',
  calls: 'template and function calls',
  iterations: 'range iterations',
  provenance: 'output positions carried through includes',
  milliseconds: 'milliseconds',
  stringChars: 'characters in one string',
  listElements: 'elements in one list',
};

/** Thrown when a chart rendering runs out of a budget. Not a template error: nothing recovers from it. */
export class BudgetExceeded extends Error {
  /** The template action that was running when the budget ran out (set by the executor). */
  where?: { template: string; line: number; column: number };

  constructor(
    readonly budget: keyof RenderLimits,
    readonly limit: number,
  ) {
    super(`rendering stopped: the chart's budget of ${limit} ${UNITS[budget]} was exceeded`);
    this.name = 'BudgetExceeded';
  }
}

/** Work counters for one chart rendering. */
export class RenderBudget {
  readonly limits: RenderLimits;
  private outputChars = 0;
  private calls = 0;
  private iterations = 0;
  private provenance = 0;
  private readonly deadline: number;
  /** The clock is read every so many charges, not on each one. */
  private untilClockCheck = 1024;

  constructor(limits: Partial<RenderLimits> = {}) {
    this.limits = { ...RENDER_LIMITS, ...limits };
    this.deadline = Date.now() + this.limits.milliseconds;
  }

  output(chars: number): void {
    this.outputChars += chars;
    if (this.outputChars > this.limits.outputChars) throw new BudgetExceeded('outputChars', this.limits.outputChars);
    this.tick();
  }

  call(): void {
    if (++this.calls > this.limits.calls) throw new BudgetExceeded('calls', this.limits.calls);
    this.tick();
  }

  iteration(): void {
    if (++this.iterations > this.limits.iterations) throw new BudgetExceeded('iterations', this.limits.iterations);
    this.tick();
  }

  /** `count` provenance segments are being carried into a caller's output. */
  segments(count: number): void {
    this.provenance += count;
    if (this.provenance > this.limits.provenance) throw new BudgetExceeded('provenance', this.limits.provenance);
    this.tick();
  }

  private tick(): void {
    if (--this.untilClockCheck > 0) return;
    this.untilClockCheck = 1024;
    if (Date.now() > this.deadline) throw new BudgetExceeded('milliseconds', this.limits.milliseconds);
  }

  /** Counters so far, for measuring real charts against the limits. */
  usage(): { outputChars: number; calls: number; iterations: number; provenance: number } {
    return { outputChars: this.outputChars, calls: this.calls, iterations: this.iterations, provenance: this.provenance };
  }
}

/**
 * The budget of the rendering in progress. Rendering is synchronous, so one slot is enough; it is
 * how functions without a handle on the template set (sprig's repeat, until…) check sizes.
 */
let current: RenderBudget | undefined;

export function activeBudget(): RenderBudget | undefined {
  return current;
}

/** Run `fn` with `budget` as the active one (restored afterwards). */
export function withBudget<T>(budget: RenderBudget, fn: () => T): T {
  const saved = current;
  current = budget;
  try {
    return fn();
  } finally {
    current = saved;
  }
}

/** Before building a string of `chars` characters: within the active (or default) limit? */
export function checkStringSize(chars: number | bigint): void {
  const limit = current?.limits.stringChars ?? RENDER_LIMITS.stringChars;
  if (chars > limit) throw new BudgetExceeded('stringChars', limit);
}

/** Before building a list of `elements` elements: within the active (or default) limit? */
export function checkListSize(elements: number | bigint): void {
  const limit = current?.limits.listElements ?? RENDER_LIMITS.listElements;
  if (elements > limit) throw new BudgetExceeded('listElements', limit);
}
