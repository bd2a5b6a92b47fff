// The contract between the engine and the rules under rules/<id>/.
// A rule says *what* is wrong and *where logically* (document + path); the engine adds severity,
// message text, exact range, fingerprint and suppression state.

import type { DocPath, DocumentKind, Environment, RelatedLocation, SourceDocument } from '../model/types.js';
import type { Project } from '../model/project.js';
import type { Category, Severity } from '../model/vocabulary.js';
import type { RuleMessagesById, RuleOptionsById } from './rule-types.generated.js';

// The shared vocabulary lives in the model; rules import it from here with the rest of their API.
export type { Category, Severity } from '../model/vocabulary.js';
export { CATEGORIES, SEVERITIES } from '../model/vocabulary.js';

/** Artifact kinds as CHECKLIST.md names them: K H C D E P. */
export type Evidence = 'kubernetes' | 'helm' | 'compose' | 'dockerfile' | 'env' | 'project' | 'render' | 'ecs' | 'vercel' | 'fly' | 'railway';

/** rules/<id>/rule.yaml, validated against schemas/rule.schema.json. */
export interface RuleMeta {
  id: string;
  title: string;
  description: string;
  category: Category;
  severity: Severity;
  /**
   * Availability rules (replicas, PDB, autoscaling, topology spread) are relaxed in development:
   * 'relaxed' → not applicable in the development environment.
   */
  development?: 'same' | 'relaxed';
  /**
   * 'repository': the rule judges the repository rather than a deployment (a committed secret,
   * CI, build contexts), so its outcomes count in every environment's score. Default 'environment'.
   */
  scope?: 'environment' | 'repository';
  tags: string[];
  evidence: Evidence[];
  /** Message templates by id; `{name}` placeholders are filled from report data. */
  messages: Record<string, string>;
  remediation: string;
  /** JSON Schema of the rule's options (config `rules.<id>.options`). */
  options?: Record<string, unknown>;
  /** Reserved rules are emitted by the pipeline itself (parse errors, bad suppressions). */
  builtin?: boolean;
}

/** Something a rule judges: one container, one compose service, one env file, one datastore. */
export interface Target {
  /** Where the target lives; the outcome is scored for this document's file and environment. */
  doc: SourceDocument;
  /** Path of the target inside the document (e.g. a container), used for the fingerprint and as the default finding path. */
  path: DocPath;
  /** Stable, human-readable identity, e.g. `Deployment/api container web`, unique per rule and file. */
  name: string;
}

export interface Problem {
  messageId: string;
  data?: Record<string, string | number>;
  /** Where the problem is; defaults to the target. Missing paths resolve to the closest ancestor. */
  doc?: SourceDocument;
  path?: DocPath;
  /** Point at the key rather than the value. */
  key?: boolean;
  related?: { doc: SourceDocument; path: DocPath; message: string; key?: boolean }[];
  /** Override the rule's default severity for this problem (e.g. a retention warning inside an error rule). */
  severity?: Severity;
}

/** A rule's options with defaults applied, typed from its rule.yaml when the check names its id. */
export type OptionsOf<Id extends string> = Id extends keyof RuleOptionsById ? RuleOptionsById[Id] : Readonly<Record<string, unknown>>;

/**
 * A problem a rule may report: one of its rule.yaml messages, with every `{placeholder}` of that
 * message in its data (checked at compile time for checks that name their id, at run time for all).
 */
export type ProblemOf<Id extends string> = Id extends keyof RuleMessagesById
  ? {
      [M in keyof RuleMessagesById[Id]]: Omit<Problem, 'messageId' | 'data'> & { messageId: M } & ([RuleMessagesById[Id][M]] extends [never]
          ? { data?: Record<string, string | number> }
          : { data: Record<RuleMessagesById[Id][M] & string, string | number> });
    }[keyof RuleMessagesById[Id]]
  : Problem;

export interface RuleContext<Id extends string = string> {
  readonly project: Project;
  readonly meta: RuleMeta;
  /** Options from config (validated against rule.yaml when the config is loaded), defaults applied. */
  readonly options: OptionsOf<Id>;
  /**
   * The environment a file is judged as (config overrides applied); with a path, the environment
   * of that part of the document where its parts serve different ones (a grouped Render Blueprint).
   */
  environmentOf(doc: SourceDocument, path?: DocPath): Environment;
  pass(target: Target): void;
  /** Record a failing outcome for the target, with one or more problems (one finding each). */
  fail(target: Target, ...problems: ProblemOf<Id>[]): void;
  notApplicable(target: Target, reason?: string): void;
}

export interface RuleCheck<Id extends string = string> {
  /** Document kinds the rule reads; the engine skips the rule when the project has none. */
  kinds: DocumentKind[];
  /**
   * What the rule reads outside the unit it judges (a file, a chart's renderings, a compose model,
   * a kustomize build), one fact per entry; absent when it reads only that unit. A run that
   * releases each unit's documents once judged (issue 18) must keep these facts in an index for
   * the rule: `scripts/rule-scope.mjs` measures which rules read across units, and
   * test/engine/rule-scope.test.ts fails on a rule that does so without saying what it reads.
   */
  acrossUnits?: readonly string[];
  check(ctx: RuleContext<Id>): void;
}

/**
 * `defineCheck<'rule-id'>({...})` types the check's options and messages from its rule.yaml (see
 * src/engine/rule-types.generated.ts); without the id both are untyped and checked at run time only.
 */
export function defineCheck<Id extends string = string>(check: RuleCheck<Id>): RuleCheck {
  return check as unknown as RuleCheck;
}

export interface RuleDefinition {
  meta: RuleMeta;
  check?: RuleCheck;
}

export type { RelatedLocation };
