// The pure core: files in, Report out. No filesystem, no network, nothing executed.
//   classify → parse → Project → rules (outcomes + problems) → findings (ranges, messages,
//   fingerprints, waivers) → scores → Report

import { createHash } from 'node:crypto';
import { basenamePosix, unsupportedPlatformName } from '../discovery/classify.js';
import { classifyFiles, envKindOf, isDockerfileName } from '../discovery/index.js';
import { parseFile, stripBom } from '../parsers/index.js';
import { Project } from '../model/project.js';
import { configEvidence, DEFAULT_HEADLINE, type EnvironmentEvidence, type KnownEnvironment } from '../model/environments.js';
import type { DocPath, Environment, ParsedFile, Position, Range, SourceDocument, SourceFile } from '../model/types.js';
import { EMPTY_CONFIG, globMatcher, type Config } from '../config/index.js';
import { buildReport, isSecretEvidenceRule } from '../report/build.js';
import type { Finding, Outcome, Report, WaiverProblem } from '../report/types.js';
import type { Problem, RuleContext, RuleDefinition, RuleMeta, Severity, Target } from './api.js';
import { RULES } from './registry.generated.js';
import { findSuppressions, isExpired, parseSuppressions, type Suppression } from './suppressions.js';
import type { Baseline } from '../baseline/index.js';
import { buildKustomizations } from './kustomize-stage.js';
import type { KustomizeStageOptions } from '../kustomize/stage.js';
import { HelmStageNotLoadedError, loadedHelmStage } from './helm-loader.js';
import { compressTextOf, detachParsedStrings } from './compact.js';
import { composeModels } from '../knowledge/compose-layers.js';
import { contentEnvironmentEvidence, renderPartEnvironments } from '../knowledge/environment-content.js';
import type { HelmStageOptions } from '../helm/render/index.js';
import { RunSecrets } from './redaction.js';

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
  /** Told as the run goes (the CLI's progress line on a terminal); never affects the result. */
  onProgress?: (event: LintProgress) => void;
}

/** Where a run is: files being parsed, charts being rendered, rules run so far. */
export type LintProgress =
  | { stage: 'discovered'; files: number }
  | { stage: 'parsing'; files: number }
  | { stage: 'rendering'; charts: number }
  | { stage: 'rules'; done: number; total: number };

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

export const ALL_RULES: readonly RuleDefinition[] = RULES;
const MAX_STALE_NOTICES = 20;
const MAX_WAIVER_NOTICES = 100;
const RULES_BY_ID = new Map(RULES.map((r) => [r.meta.id, r]));

export function ruleById(id: string): RuleDefinition | undefined {
  return RULES_BY_ID.get(id);
}

// Which rules' findings point at a secret value is part of what the report says about a rule.
export { isSecretEvidenceRule };

function isSourceFile(f: { path: string; text: string } | SourceFile): f is SourceFile {
  return 'kind' in f && 'environment' in f;
}

/** The config's `environments:` globs as one lookup naming the glob that matched (first environment wins). */
function configEnvironments(config: Config): ((path: string) => EnvironmentEvidence | undefined) | undefined {
  const entries = (Object.entries(config.environments) as [KnownEnvironment, string[]][]).filter(([, globs]) => globs.length > 0);
  if (entries.length === 0) return undefined;
  const matchers = entries.map(([env, globs]) => {
    const negations = globs.filter((g) => g.startsWith('!'));
    return { env, any: globMatcher(globs), each: globs.filter((g) => !g.startsWith('!')).map((g) => [g, globMatcher([g, ...negations])] as const) };
  });
  return (path) => {
    const hit = matchers.find((m) => m.any(path));
    if (!hit) return undefined;
    const glob = hit.each.find(([, match]) => match(path))?.[0] ?? '';
    return configEvidence(hit.env, glob);
  };
}

export function lint(input: LintInput): LintResult {
  const config = input.config ?? EMPTY_CONFIG;
  const headline = input.env ?? config.env ?? DEFAULT_HEADLINE;
  const notices = [...(input.notices ?? [])];

  // 1. classify, then let config globs decide environments
  const raw = input.files;
  // Copies: content evidence (below) may settle a file's environment, and a caller's objects stay theirs.
  let files: SourceFile[] = raw.every(isSourceFile) ? (raw as SourceFile[]).map((f) => ({ ...f })) : classifyFiles(raw.map((f) => ({ path: f.path, text: f.text })));
  // --values files are values files wherever they live, even when their name says nothing
  const extraValues = new Set(input.helm?.extraValues ?? []);
  for (const f of raw) {
    if (extraValues.has(f.path) && !files.some((x) => x.path === f.path)) {
      files.push({ path: f.path, text: f.text, kind: 'helm-values', environment: 'unknown' });
    }
  }
  const ignored = globMatcher(config.ignore);
  files = files.filter((f) => !ignored(f.path));
  // Platform files we know by name but do not judge: said, not silently dropped.
  for (const f of files) if (f.kind === 'platform-unsupported') notices.push(`${f.path}: ${unsupportedPlatformName(f.path)} configuration is not supported; its settings were not judged`);
  const byConfig = configEnvironments(config);
  if (byConfig) {
    files = files.map((f) => {
      const evidence = byConfig(f.path);
      return evidence ? { ...f, environment: evidence.environment, environmentEvidence: evidence } : f;
    });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  // 2. parse (never throws) and render Helm charts into Kubernetes documents
  // Comments matter only as suppression directives: each file keeps just the comments that
  // mention readiness-lint, so a repository's comments (150,000 on ../shared/corpus, 28 MB) do
  // not stay alive through the run.
  // Texts are compressed once parsed (engine/compact.ts); chart files only after rendering.
  const renderHelm = input.renderHelm !== false;
  const progress = input.onProgress ?? (() => undefined);
  progress({ stage: 'parsing', files: files.length });
  // The caller's file objects (the input array lives as long as this call): released with the copies.
  const callerFiles = new Map<string, { text: string }>(raw.map((f) => [f.path, f]));
  const parsed: ParsedFile[] = files.map((file) => {
    let p = parseFile(file);
    if (p.comments.length > 0) p = { ...p, comments: p.comments.filter((c) => c.text.includes('readiness-lint')) };
    detachParsedStrings(p);
    if (!renderHelm || !file.kind.startsWith('helm-')) compressTextOf(file, callerFiles.get(file.path));
    return p;
  });
  const charts = renderHelm ? files.filter((f) => f.kind === 'helm-chart').length : 0;
  if (charts > 0) progress({ stage: 'rendering', charts });
  const helm = charts > 0 ? helmStage()(files, parsed, input.helm) : { documents: [], diagnostics: [], notices: [] };
  // kustomizations are built where Helm charts are rendered: overlays become per-environment objects
  const kustomize = input.buildKustomize !== false ? buildKustomizations(files, { root: input.helm?.root, ...input.kustomize }) : { documents: [], consumed: new Set<string>(), diagnostics: [], notices: [] };
  notices.push(...kustomize.notices);
  if (renderHelm) for (const file of files) compressTextOf(file, callerFiles.get(file.path));
  notices.push(...helm.notices);

  // Content evidence where names said nothing: a compose or env file whose settings declare
  // development is development (config globs and names were applied above and win).
  for (const p of parsed) {
    const file = p.file;
    if (file.environment !== 'unknown' || file.environmentEvidence?.source === 'ci-pipeline') continue;
    if (file.kind !== 'compose' && file.kind !== 'env' && file.kind !== 'env-template' && file.kind !== 'render') continue;
    for (const doc of p.documents) {
      const evidence = contentEnvironmentEvidence(doc);
      if (!evidence) continue;
      file.environment = evidence.environment;
      file.environmentEvidence = evidence;
      break;
    }
  }

  // A grouped Render Blueprint whose environment groups name several environments: each group's
  // resources are judged in their own (a config glob naming the file's environment wins).
  for (const p of parsed) {
    if (p.file.kind !== 'render' || p.file.environmentEvidence?.source === 'config') continue;
    for (const doc of p.documents) {
      const parts = renderPartEnvironments(doc);
      if (!parts) continue;
      doc.environmentAt = (path) => parts.find((part) => part.path.every((seg, i) => path[i] === seg))?.environment;
    }
  }

  // Compose files are judged as application models: layers merged per environment (knowledge/compose-layers.ts).
  // a file a kustomize build read is judged through the build (its Kustomization objects stay)
  const parsedDocuments = parsed.flatMap((p) => (kustomize.consumed.has(p.file.path) ? [] : p.documents));
  const yamlByPath = new Map<string, SourceDocument>();
  for (const doc of parsedDocuments) if ((doc.kind === 'compose' || doc.kind === 'yaml') && !yamlByPath.has(doc.file.path)) yamlByPath.set(doc.file.path, doc);
  const compose = composeModels(
    parsedDocuments.filter((d) => d.kind === 'compose'),
    (path) => yamlByPath.get(path),
    { chains: config.compose, environmentOf: (file) => file.environment, headline },
  );
  notices.push(...compose.notices);
  const documents: SourceDocument[] = [...parsedDocuments.filter((d) => d.kind !== 'compose'), ...compose.documents, ...helm.documents, ...kustomize.documents];
  const project = new Project(files, documents);
  // What is secret in this run, from the parsed documents: every message and notice below is masked with it.
  const secrets = RunSecrets.collect(parsed);

  // 3. which rules run, with which severity and options
  const ruleSet = input.rules ?? RULES;
  const rulesById = input.rules ? new Map(input.rules.map((r) => [r.meta.id, r])) : RULES_BY_ID;
  const active = ruleSet.filter((rule) => {
    if (input.onlyRules && !input.onlyRules.includes(rule.meta.id)) return false;
    const setting = config.rules[rule.meta.id];
    return setting ? setting.enabled : true;
  });
  const severityOf = (meta: RuleMeta): Severity => config.rules[meta.id]?.severity ?? meta.severity;
  const environmentOf = (doc: SourceDocument | SourceFile, path?: DocPath): Environment => {
    const file = 'file' in doc ? doc.file : doc;
    const part = path && 'environmentAt' in doc && doc.environmentAt ? doc.environmentAt(path) : undefined;
    const env = part ?? ('composeModel' in doc && doc.composeModel ? doc.composeModel.environment : 'origin' in doc && doc.origin ? doc.origin.environment : 'kustomize' in doc && doc.kustomize ? doc.kustomize.environment : file.environment);
    return env === 'unknown' ? headline : env;
  };

  // 4. suppression comments per file
  const suppressionsByFile = new Map<string, Suppression[]>();
  const diagnostics = [...parsed.flatMap((p) => p.diagnostics), ...helm.diagnostics, ...kustomize.diagnostics];
  for (const p of parsed) {
    if (p.comments.length === 0) continue;
    const { suppressions, problems } = parseSuppressions(p.comments, (id) => rulesById.has(id), [...rulesById.keys()]);
    if (suppressions.length) suppressionsByFile.set(p.file.path, suppressions);
    for (const problem of problems) {
      diagnostics.push({ ruleId: 'invalid-suppression', file: p.file.path, range: problem.range, message: problem.message });
    }
  }

  const findings: Finding[] = [];
  const outcomes: Outcome[] = [];
  const fileByPath = new Map(files.map((f) => [f.path, f]));
  const inside = insideFiles(fileByPath);

  // Waivers: an expired one waives nothing; each one used is remembered, so the rest can be reported.
  const today = input.today ?? new Date().toISOString().slice(0, 10);
  const usedInline = new Set<Suppression>();
  const usedConfig = new Set<Config['waivers'][number]>();
  const configWaivers = config.waivers.map((w) => ({ waiver: w, matches: w.files ? globMatcher(w.files) : () => true }));
  const waive = (ruleId: string, file: string, line: number): Finding['suppression'] => {
    const inline = findSuppressions(suppressionsByFile.get(file) ?? [], ruleId, line).find((s) => !isExpired(s.expires, today));
    if (inline) {
      usedInline.add(inline);
      return { kind: inline.scope === 'file' ? 'file' : 'inline', reason: inline.reason };
    }
    const waiver = configWaivers.find((w) => w.waiver.rule === ruleId && !isExpired(w.waiver.expires, today) && w.matches(file))?.waiver;
    if (!waiver) return undefined;
    usedConfig.add(waiver);
    return { kind: 'config', reason: waiver.reason };
  };
  // The baseline waives what no waiver does, by fingerprint.
  const baselined = new Set(input.baseline?.entries.map((e) => e.fingerprint));
  const matchedBaseline = new Set<string>();
  const withBaseline = (suppression: Finding['suppression'], fingerprintOf: string): Finding['suppression'] => {
    if (suppression || !baselined.has(fingerprintOf)) return suppression;
    matchedBaseline.add(fingerprintOf);
    return { kind: 'baseline', reason: `known in ${input.baseline!.file}` };
  };

  // 5. reserved rules: diagnostics from parsing and rendering become findings with failing outcomes
  for (const d of diagnostics) {
    const rule = rulesById.get(d.ruleId) ?? RULES_BY_ID.get(d.ruleId);
    if (!rule || !active.includes(rule)) continue;
    const file = fileByPath.get(d.file);
    const rendering = d.environment !== undefined && d.environment !== 'unknown' ? d.environment : undefined;
    const environment = rendering ?? (file ? environmentOf(file) : headline);
    const severity = severityOf(rule.meta);
    // parse and render errors quote the source (a tpl error quotes the whole values string)
    const message = secrets.redact(d.message);
    const diagnosticFingerprint = fingerprint([d.ruleId, d.file, withoutPositions(message), ...(rendering ? [rendering] : [])]);
    const suppression = withBaseline(waive(d.ruleId, d.file, d.range.start.line), diagnosticFingerprint);
    findings.push({
      ruleId: d.ruleId,
      severity,
      category: rule.meta.category,
      message,
      file: d.file,
      range: inside(d.file, d.range),
      environment,
      target: d.file,
      fingerprint: diagnosticFingerprint,
      ...(suppression ? { suppression } : {}),
    });
    outcomes.push({
      ruleId: d.ruleId,
      target: `${d.file}:${d.range.start.line}${rendering ? ` (${rendering})` : ''}`,
      file: d.file,
      environment,
      status: suppression ? 'waived' : 'fail',
      severity,
      category: rule.meta.category,
    });
  }

  // 6. rule checks
  for (const [ruleIndex, rule] of active.entries()) {
    progress({ stage: 'rules', done: ruleIndex, total: active.length });
    if (!rule.check) continue;
    const kinds = rule.check.kinds;
    if (kinds.length && !kinds.some((k) => project.ofKind(k).length > 0)) continue;
    const meta = rule.meta;
    const severity = severityOf(meta);
    const ruleOutcomes = new Map<string, { outcome: Outcome; findings: Finding[] }>();
    const contractProblems = new Set<string>();
    const record = (target: Target, status: 'pass' | 'fail' | 'not-applicable', problems: Problem[], reason?: string) => {
      let environment = environmentOf(target.doc, target.path);
      if (meta.development === 'relaxed' && environment === 'development' && status !== 'not-applicable') {
        status = 'not-applicable';
        reason = 'relaxed in development';
      }
      const file = target.doc.file.path;
      // One outcome per environment: a chart's production and staging renderings judge the same
      // template and target name, and a staging failure must not fail the production outcome.
      const key = `${file}\u0000${target.name}\u0000${environment}`;
      let entry = ruleOutcomes.get(key);
      if (!entry) {
        entry = {
          outcome: { ruleId: meta.id, target: target.name, file, environment, status, severity, category: meta.category },
          findings: [],
        };
        ruleOutcomes.set(key, entry);
      } else if (rank(status) > rank(entry.outcome.status)) {
        entry.outcome.status = status;
        delete entry.outcome.reason;
      }
      // The reason may quote the manifest (a file path, a value): masked like every message.
      if (entry.outcome.status === 'not-applicable' && reason && !entry.outcome.reason) entry.outcome.reason = secrets.redact(reason);
      if (status !== 'fail') return;
      for (const problem of problems) {
        // A message the rule.yaml does not declare, or a placeholder left empty, is a rule bug:
        // said out loud (tests fail on it) rather than printed as a raw id or a `{name}`.
        const broken = messageContractProblem(meta, problem);
        if (broken) contractProblems.add(broken);
        const doc = problem.doc ?? target.doc;
        const path = problem.path ?? target.path;
        const location = doc.locate(path, { key: problem.key });
        environment = environmentOf(doc, path);
        // A rendering's or a compose model's environment is part of what is judged (the same
        // template or base line fails in staging and dev as two findings); plain files keep theirs.
        const print = fingerprint([meta.id, doc.file.path, target.name, path.join('.'), problem.messageId, ...(doc.origin || doc.composeModel || doc.kustomize ? [environment] : [])]);
        // Two models of one environment (compose.prod.yaml and compose.production.yaml) find the
        // same base problem once.
        if (entry.findings.some((f) => f.fingerprint === print)) continue;
        const suppression = withBaseline(waive(meta.id, location.file, location.range.start.line), print);
        const related = [
          ...(location.related ?? []),
          ...(problem.related ?? []).map((r) => {
            const loc = r.doc.locate(r.path, { key: r.key });
            return { file: loc.file, range: inside(loc.file, loc.range), message: secrets.redact(r.message) };
          }),
        ];
        entry.findings.push({
          ruleId: meta.id,
          severity: problem.severity ?? severity,
          category: meta.category,
          message: secrets.redact(formatMessage(meta, problem)),
          file: location.file,
          range: inside(location.file, location.range),
          environment,
          target: target.name,
          fingerprint: print,
          ...(related.length ? { related } : {}),
          ...(suppression ? { suppression } : {}),
        });
      }
    };
    const ctx: RuleContext = {
      project,
      meta,
      options: { ...defaultOptions(meta), ...(config.rules[meta.id]?.options ?? {}) },
      environmentOf: (doc, path) => environmentOf(doc, path),
      pass: (target) => record(target, 'pass', []),
      fail: (target, ...problems) => record(target, 'fail', problems.length ? problems : [{ messageId: Object.keys(meta.messages)[0]! }]),
      notApplicable: (target, reason) => record(target, 'not-applicable', [], reason),
    };
    try {
      rule.check.check(ctx);
    } catch (error) {
      // A rule bug must not cost the user the rest of the report.
      notices.push(`internal error in rule ${meta.id}: ${(error as Error).message}; its results are incomplete`);
    }
    for (const problem of contractProblems) notices.push(`internal error in rule ${meta.id}: ${problem}`);
    for (const { outcome, findings: ruleFindings } of ruleOutcomes.values()) {
      if (outcome.status === 'fail' && ruleFindings.length > 0 && ruleFindings.every((f) => f.suppression)) {
        outcome.status = 'waived';
      }
      outcomes.push(outcome);
      findings.push(...ruleFindings);
    }
  }

  // 7. fail closed: a file that would have been judged but was not read is a finding, and costs
  // score in every environment (file-not-judged is repository-wide: nothing is known about where
  // it deploys).
  const skipped = (input.skipped ?? []).filter((s) => !ignored(s.path));
  const notJudged = rulesById.get('file-not-judged') ?? RULES_BY_ID.get('file-not-judged');
  if (notJudged && active.includes(notJudged)) {
    for (const s of skipped) {
      if (s.judged === false) continue;
      const artifact = isArtifactByName(s.path);
      const severity = config.rules[notJudged.meta.id]?.severity ?? (artifact ? 'error' : 'warning');
      const suppression = withBaseline(waive(notJudged.meta.id, s.path, 1), fingerprint([notJudged.meta.id, s.path]));
      const start = { line: 1, column: 1 };
      findings.push({
        ruleId: notJudged.meta.id,
        severity,
        category: notJudged.meta.category,
        message: formatMessage(notJudged.meta, { messageId: artifact ? 'artifact' : 'file', data: { reason: secrets.redact(s.reason) } }),
        file: s.path,
        // No parser ever saw the file: line 1, column 1 is the only honest position.
        range: { start, end: { ...start } },
        environment: headline,
        target: s.path,
        fingerprint: fingerprint([notJudged.meta.id, s.path]),
        ...(suppression ? { suppression } : {}),
      });
      outcomes.push({
        ruleId: notJudged.meta.id,
        target: s.path,
        file: s.path,
        environment: headline,
        status: suppression ? 'waived' : 'fail',
        severity,
        category: notJudged.meta.category,
      });
    }
  }

  // Expired waivers and waivers that waive nothing are notices: they describe the run's
  // configuration, not the deployment, so they never cost score or fail the gate (the findings an
  // expired waiver no longer waives do that). A waiver of a rule that did not run is not judged.
  const waiverProblems: WaiverProblem[] = [];
  {
    const ran = new Set(active.map((r) => r.meta.id));
    const note = (file: string, line: number, problem: WaiverProblem['problem'], message: string) => waiverProblems.push({ file, line, problem, message });
    for (const [file, suppressions] of [...suppressionsByFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      for (const s of suppressions) {
        const what = `waiver readiness-lint-disable-${s.scope} ${s.rules.join(', ')}`;
        if (isExpired(s.expires, today)) note(file, s.range.start.line, 'expired', `${what} expired on ${s.expires}: it no longer waives; fix what it waived or renew the date`);
        else if (input.reportUnusedWaivers !== false && !usedInline.has(s) && s.rules.every((r) => ran.has(r))) note(file, s.range.start.line, 'unused', `${what} is unused: it waives no finding; remove it`);
      }
    }
    for (const w of config.waivers) {
      const file = config.file ?? 'config';
      const what = `config waiver for ${w.rule}`;
      if (isExpired(w.expires, today)) note(file, w.line ?? 1, 'expired', `${what} expired on ${w.expires}: it no longer waives; fix what it waived or renew the date`);
      else if (input.reportUnusedWaivers !== false && !input.scope && !usedConfig.has(w) && ran.has(w.rule)) note(file, w.line ?? 1, 'unused', `${what} is unused: it waives no finding; remove it`);
    }
    // A tree can hold any number of waiver comments: the list stops at a readable number.
    const overflow = waiverProblems.length - MAX_WAIVER_NOTICES;
    if (overflow > 0) waiverProblems.length = MAX_WAIVER_NOTICES;
    notices.push(...waiverProblems.map((p) => `${p.file}:${p.line}: ${p.message}`));
    if (overflow > 0) notices.push(`${overflow} more expired or unused waivers not listed`);
  }
  for (const f of findings) {
    if (f.suppression) f.suppression.reason = secrets.redact(f.suppression.reason);
    if (f.related) for (const r of f.related) r.message = secrets.redact(r.message);
  }
  const report = buildReport({
    files,
    parsed,
    skipped: skipped.map((s) => ({ ...s, reason: secrets.redact(s.reason) })),
    findings,
    outcomes,
    rules: active.map((r) => ({ ...r.meta, severity: severityOf(r.meta) })),
    headline,
    notices: notices.map((n) => secrets.redact(n)),
    waiverProblems: waiverProblems.map((p) => ({ ...p, message: secrets.redact(p.message) })),
  });
  if (input.baseline) {
    // Stale: an entry of a rule that ran, for a file this run looked at, whose finding is gone (fixed, or its file removed), so the file can shrink.
    const ran = new Set(active.map((r) => r.meta.id));
    const inScope = input.scope ?? (() => true);
    const stale = input.baseline.entries.filter((e) => ran.has(e.ruleId) && inScope(e.file) && !matchedBaseline.has(e.fingerprint)).map((e) => ({ ruleId: e.ruleId, file: e.file, fingerprint: e.fingerprint }));
    report.baseline = { file: input.baseline.file, entries: input.baseline.entries.length, matched: matchedBaseline.size, stale };
    // Also as notices, so every format says which entries to drop (the first few; the JSON has all).
    for (const e of stale.slice(0, MAX_STALE_NOTICES)) {
      report.notices.push(`${input.baseline.file}: stale baseline entry ${e.ruleId} in ${e.file} (${e.fingerprint.slice(0, 12)}) matches no finding; remove it or rewrite the file with --write-baseline`);
    }
    if (stale.length > MAX_STALE_NOTICES) report.notices.push(`${input.baseline.file}: ${stale.length - MAX_STALE_NOTICES} more stale baseline entries (see the JSON report)`);
  }
  const withFindings = new Set([...report.findings, ...report.waived].map((f) => f.file));
  const secretSpans = secrets.spansOf(
    files.filter((f) => withFindings.has(f.path)),
    [...report.findings, ...report.waived],
    (ruleId) => isSecretEvidenceRule(rulesById.get(ruleId)?.meta ?? RULES_BY_ID.get(ruleId)?.meta),
  );
  return { report, files, secretSpans };
}

/** The Helm stage, loaded on demand by the async callers (engine/helm-loader.ts). */
function helmStage() {
  const stage = loadedHelmStage();
  if (!stage) throw new HelmStageNotLoadedError();
  return stage;
}

/**
 * Keeps every reported range inside its file (line within the line count, column within the
 * line + 1, start ≤ end). Parsers already do; this also holds for ranges made without the text
 * at hand (Helm chart problems reported at 1:1, positions inside rendered templates).
 */
function insideFiles(fileByPath: ReadonlyMap<string, SourceFile>): (file: string, range: Range) => Range {
  const lengths = new Map<string, number[]>();
  const lineLengths = (file: string): number[] | undefined => {
    let out = lengths.get(file);
    if (out) return out;
    const text = fileByPath.get(file)?.text;
    if (text === undefined) return undefined;
    out = lineLengthsOf(stripBom(text));
    lengths.set(file, out);
    return out;
  };
  return (file, range) => {
    const lines = lineLengths(file);
    if (!lines) return range;
    const clamp = (p: Position): Position => {
      const line = Math.min(Math.max(1, p.line), lines.length);
      return { line, column: Math.min(Math.max(1, p.column), lines[line - 1]! + 1) };
    };
    const start = clamp(range.start);
    let end = clamp(range.end);
    if (end.line < start.line || (end.line === start.line && end.column < start.column)) end = start;
    if (start.line === range.start.line && start.column === range.start.column && end.line === range.end.line && end.column === range.end.column) return range;
    return { start, end: { ...end } };
  };
}

/** Length of each line without its line break (`\r\n` or `\n`), without cutting the text into lines. */
function lineLengthsOf(text: string): number[] {
  const out: number[] = [];
  for (let start = 0; ; ) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) {
      out.push(text.length - start);
      return out;
    }
    out.push(newline > start && text.charCodeAt(newline - 1) === 13 ? newline - start - 1 : newline - start);
    start = newline + 1;
  }
}

/**
 * Files whose name alone makes them deployment artifacts (so not reading one fails the gate): YAML
 * (Kubernetes manifests, compose files, Helm charts and values), Dockerfiles and env files.
 */
function isArtifactByName(path: string): boolean {
  const name = basenamePosix(path);
  return /\.ya?ml$/i.test(name) || isDockerfileName(name) || envKindOf(name) === 'env';
}

function rank(status: Outcome['status']): number {
  return status === 'fail' ? 3 : status === 'pass' ? 2 : status === 'waived' ? 1 : 0;
}

function defaultOptions(meta: RuleMeta): Record<string, unknown> {
  const props = (meta.options as { properties?: Record<string, { default?: unknown }> } | undefined)?.properties ?? {};
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(props)) if (schema.default !== undefined) out[name] = schema.default;
  return out;
}

/** A `{name}` placeholder of a message template; `${VAR}` is shell syntax quoted in a message, not one. */
export const PLACEHOLDER = /(?<!\$)\{(\w+)\}/g;

/**
 * What breaks the message contract of rules/<id>/rule.yaml, if anything: a messageId the rule does
 * not declare, or data that leaves one of the message's `{placeholders}` empty.
 */
export function messageContractProblem(meta: RuleMeta, problem: Problem): string | undefined {
  if (!Object.hasOwn(meta.messages, problem.messageId)) {
    return `reported messageId '${problem.messageId}', which its rule.yaml does not declare (messages: ${Object.keys(meta.messages).join(', ')})`;
  }
  const missing = [...meta.messages[problem.messageId]!.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => problem.data?.[name] === undefined);
  if (missing.length) return `message '${problem.messageId}' reported without data for ${[...new Set(missing)].map((m) => `{${m}}`).join(', ')}`;
  return undefined;
}

export function formatMessage(meta: RuleMeta, problem: Problem): string {
  const template = meta.messages[problem.messageId] ?? problem.messageId;
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = problem.data?.[name];
    return value === undefined ? whole : String(value);
  });
}

/**
 * A diagnostic's message without the positions it quotes (helm's `parse error at (chart/x.yaml:4)`,
 * `line 12, column 3`): fingerprints must survive lines inserted above, or a baseline would not.
 */
export function withoutPositions(message: string): string {
  return message.replace(/(\w):\d+(?::\d+)?/g, '$1').replace(/\b(line|column|col)\s+\d+/gi, '$1');
}

export function fingerprint(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}
