// What scoring reads (one outcome per rule and target) and what it computes (a score and its
// terms). Defined here rather than with the Report so that scoring depends on the model alone;
// report/types.ts re-exports them as part of the Report.

import type { Category, Severity } from '../model/vocabulary.js';
import type { Environment } from '../model/types.js';

export type OutcomeStatus = 'pass' | 'fail' | 'not-applicable' | 'waived';

export interface Outcome {
  ruleId: string;
  target: string;
  file: string;
  environment: Environment;
  status: OutcomeStatus;
  severity: Severity;
  category: Category;
  /** Why the rule did not apply to the target (status not-applicable only). */
  reason?: string;
}

export interface Score {
  score: number | null; // null when nothing applicable
  grade: Grade | null;
  passed: number;
  failed: number;
  waived: number;
  notApplicable: number;
  /** Note-level outcomes (passed, failed or waived): informational, outside the score. */
  informational: number;
  /** Weight of passed outcomes / weight of applicable outcomes (the formula's terms). */
  earned: number;
  possible: number;
}

export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';
