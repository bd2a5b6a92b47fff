// The pure core: files in, Report out. The disk and programs only through injected services
// (engine/services.ts), nothing executed from the tree, the input left as given. Five phases
// (engine/phases/), each usable alone:
//   discover (classify, config globs) → parse (+ content evidence) → render (Helm, kustomize,
//   compose models) → evaluate (rules → outcomes and findings, waivers, redaction) → score (Report)

import { Project } from '../model/project.js';
import { DEFAULT_HEADLINE, type KnownEnvironment } from '../model/environments.js';
import type { Range, SourceFile } from '../model/types.js';
import { EMPTY_CONFIG, type Config } from '../config/index.js';
import { isSecretEvidenceRule } from '../report/build.js';
import type { Report } from '../report/types.js';
import type { RuleDefinition } from './api.js';
import type { Baseline } from '../baseline/index.js';
import type { KustomizeStageOptions } from '../kustomize/stage.js';
import type { HelmStageOptions } from './stages/helm.js';
import type { LintServices } from './services.js';
import { RunSecrets } from './redaction.js';
import { discover } from './phases/discover.js';
import { parse } from './phases/parse.js';
import { loadedHelmStage, loadedValuesAdopter } from './helm-loader.js';
import { render } from './phases/render.js';
import { evaluate } from './phases/evaluate.js';
import { documentCountsOf, score } from './phases/score.js';

export interface LintInput {
  /** Raw files (classified here) or already classified SourceFiles. */
  files: ReadonlyArray<{ path: string; text: string } | SourceFile>;
  config?: Config;
  /**
   * Files discovery skipped (size, binary, unreadable, links): listed in the report, and each one
   * that would have been judged (`judged` absent or true) is a `file-not-judged` finding.
   */
  skipped?: ReadonlyArray<{ path: string; reason: string; judged?: boolean }>;
  /** Environment assumed for files whose name and place say nothing; the headline environment. */
  env?: KnownEnvironment;
  /** Restrict to these rule ids (tests, `--rule`). */
  onlyRules?: readonly string[];
  /** Extra notices from earlier stages. */
  notices?: readonly string[];
  /** Render Helm charts into Kubernetes documents (default true; the benchmark turns it off). */
  renderHelm?: boolean;
  /** Helm rendering: extra values files (--values), exact mode through a helm binary. */
  helm?: HelmStageOptions;
  /** Build kustomize overlays into Kubernetes documents (default true; also with Helm rendering off). */
  buildKustomize?: boolean;
  /** Kustomize builds: exact mode through a binary (files are read from `helm.root` when given). */
  kustomize?: KustomizeStageOptions;
  /** The rule set (default: every registered rule); tests pass their own. */
  rules?: readonly RuleDefinition[];
  /** Known findings by fingerprint: a match is reported as baselined (not failing, not scored). */
  baseline?: Baseline;
  /**
   * The files a run over some paths covers (a pre-commit hook's staged files); absent for the whole
   * tree. Baseline entries outside it are never stale, and config waivers are not judged unused.
   */
  scope?: (file: string) => boolean;
  /** The day waiver expiries are judged against (YYYY-MM-DD; default: today, UTC). */
  today?: string;
  /** Report waivers that waive nothing (default true). */
  reportUnusedWaivers?: boolean;
  /**
   * The caller hands its file objects over (the pipeline, which made them for this run): lint may
   * make their texts read from its compressed copies, so the input array stops keeping every text
   * of the tree alive (engine/compact.ts). What they read never changes. Default: lint leaves its
   * input exactly as given.
   */
  handOverFiles?: boolean;
  /** Told as the run goes (the CLI's progress line on a terminal); never affects the result. */
  onProgress?: (event: LintProgress) => void;
}

/** Where a run is: files being parsed, charts being rendered, rules run so far. */
export type LintProgress =
  { stage: 'discovered'; files: number } | { stage: 'parsing'; files: number } | { stage: 'rendering'; charts: number } | { stage: 'rules'; done: number; total: number };

export interface LintResult {
  report: Report;
  /** The linted files (for code frames in the text formatter). */
  files: readonly SourceFile[];
  /**
   * Every secret span known in a file with findings (FormatOptions.secretSpans): code frames mask
   * all of them, whichever finding they show. Computed on demand, once per file.
   */
  secretSpans: (path: string) => readonly Range[];
}

export { ALL_RULES, ruleById } from './rules.js';
export { PLACEHOLDER, messageContractProblem, formatMessage, withoutPositions, fingerprint } from './phases/evaluate.js';
export type { LintServices } from './services.js';

// Which rules' findings point at a secret value is part of what the report says about a rule.
export { isSecretEvidenceRule };

export function lint(input: LintInput, services: LintServices = {}): LintResult {
  const config = input.config ?? EMPTY_CONFIG;
  const headline = input.env ?? config.env ?? DEFAULT_HEADLINE;
  const discovered = discover(input.files, { config, extraValues: input.helm?.extraValues });
  const files = discovered.files;
  // Documents, renderings and the project live only while the rules judge them: what scoring and
  // the formatters need is in the findings, the outcomes and the files (judge() returns nothing
  // that points into a document), so a report is built and written without them.
  const { evaluation, secrets, documentCounts, notices } = judge(input, services, { config, headline, files, notices: discovered.notices });
  const { report, secretSpans } = score({ files, documentCounts, evaluation, secrets, headline, notices, baseline: input.baseline, scope: input.scope });
  return { report, files, secretSpans };
}

/** Parse, render and evaluate: the phases that need the documents. */
function judge(input: LintInput, services: LintServices, run: { config: Config; headline: KnownEnvironment; files: SourceFile[]; notices: readonly string[] }) {
  const { config, headline, files } = run;
  const renderHelm = input.renderHelm !== false;
  input.onProgress?.({ stage: 'parsing', files: files.length });
  // The caller's file objects (the input array lives as long as this call): released with the
  // copies when the caller hands them over, left alone otherwise.
  const callerFiles = new Map<string, { text: string }>(input.handOverFiles ? input.files.map((f) => [f.path, f]) : []);
  // Values files are parsed once: the Helm stage takes the lint's parse of each (not in exact
  // mode, where helm reads them, nor for a renderer of the caller's)
  const inProcessHelm = renderHelm && !input.helm?.helmBinary && (services.helm === undefined || services.helm === loadedHelmStage());
  const adoptValues = inProcessHelm && files.some((f) => f.kind === 'helm-chart') ? loadedValuesAdopter() : undefined;
  const parsed = parse(files, { callerFiles, onValuesDocuments: adoptValues });
  const rendered = render(
    files,
    parsed,
    { config, headline, renderHelm, helm: input.helm, buildKustomize: input.buildKustomize, kustomize: input.kustomize, onProgress: input.onProgress },
    services,
  );
  const notices = [...(input.notices ?? []), ...run.notices, ...rendered.notices];
  const project = new Project(files, rendered.documents);
  // What is secret in this run, from the parsed documents: every message and notice is masked with it.
  const secrets = RunSecrets.collect(parsed);
  const evaluation = evaluate({ files, parsed, project, rendered, secrets, config, headline, notices, input });
  return { evaluation, secrets, documentCounts: documentCountsOf(parsed), notices };
}
