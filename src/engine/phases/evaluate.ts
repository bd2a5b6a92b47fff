// Phase 4, evaluate: the rules judge the project. Which rules run with which severity and options,
// suppression comments and config waivers, parse and render diagnostics as findings of the reserved
// rules, each rule's outcomes and findings (ranges, messages, fingerprints, waivers, baseline),
// files that were not read, waivers that expired or waive nothing; every message masked.

import { hash } from 'node:crypto';
import { basenamePosix, envKindOf, isDockerfileName } from '../../discovery/classify.js';
import { stripBom } from '../../parsers/index.js';
import { beginRules, endRule, type Project } from '../../model/project.js';
import type { KnownEnvironment } from '../../model/environments.js';
import type { DocPath, Diagnostic, Environment, ParsedFile, Position, Range, SourceDocument, SourceFile } from '../../model/types.js';
import { globMatcher } from '../../parsers/glob.js';
import type { Config } from '../../config/index.js';
import type { Finding, Outcome, WaiverProblem } from '../../report/types.js';
import type { Baseline } from '../../baseline/index.js';
import type { Problem, RuleContext, RuleDefinition, RuleMeta, Severity, Target } from '../api.js';
import { ALL_RULES, RULES_BY_ID } from '../rules.js';
import { findSuppressions, isExpired, parseSuppressions, type Suppression } from '../suppressions.js';
import type { RunSecrets } from '../redaction.js';
import { OutcomeLog } from '../outcome-log.js';
import { FindingLog, grown } from '../finding-log.js';
import { sharedString } from '../../model/shared-string.js';

const MAX_WAIVER_NOTICES = 100;

export interface EvaluateInput {
  files: readonly SourceFile[];
  parsed: readonly ParsedFile[];
  project: Project;
  rendered: { diagnostics: readonly Diagnostic[] };
  /** What is secret in this run: every message and notice is masked with it. */
  secrets: RunSecrets;
  config: Config;
  headline: KnownEnvironment;
  /** Notices so far; the rules' own (internal errors, waivers) are added. */
  notices: string[];
  input: {
    rules?: readonly RuleDefinition[];
    onlyRules?: readonly string[];
    skipped?: ReadonlyArray<{ path: string; reason: string; judged?: boolean }>;
    baseline?: Baseline;
    scope?: (file: string) => boolean;
    today?: string;
    reportUnusedWaivers?: boolean;
    onProgress?: (event: { stage: 'rules'; done: number; total: number }) => void;
  };
}

export interface Evaluation {
  /** Compact while the documents are alive (engine/finding-log.ts); `toArray()` for the report. */
  findings: FindingLog;
  /** Compact while the documents are alive (engine/outcome-log.ts); `toArray()` for the report. */
  outcomes: OutcomeLog;
  /** The rules that ran, in order. */
  active: RuleDefinition[];
  rulesById: ReadonlyMap<string, RuleDefinition>;
  severityOf: (meta: RuleMeta) => Severity;
  /** Skipped files the config does not ignore. */
  skipped: { path: string; reason: string; judged?: boolean }[];
  waiverProblems: WaiverProblem[];
  /** Baseline fingerprints some finding matched. */
  matchedBaseline: Set<string>;
}

export function evaluate({ files, parsed, project, rendered, secrets, config, headline, notices, input }: EvaluateInput): Evaluation {
  const ruleSet = input.rules ?? ALL_RULES;
  const rulesById = input.rules ? new Map(input.rules.map((r) => [r.meta.id, r])) : RULES_BY_ID;
  const active = ruleSet.filter((rule) => {
    if (input.onlyRules && !input.onlyRules.includes(rule.meta.id)) return false;
    const setting = config.rules[rule.meta.id];
    return setting ? setting.enabled : true;
  });
  // made outside this function: a closure made here would keep its context, and with it the
  // project and every document, alive for as long as the evaluation is
  const severityOf = severityFrom(config);
  const environmentOf = (doc: SourceDocument | SourceFile, path?: DocPath): Environment => {
    const file = 'file' in doc ? doc.file : doc;
    const part = path && 'environmentAt' in doc && doc.environmentAt ? doc.environmentAt(path) : undefined;
    const env =
      part ??
      ('composeModel' in doc && doc.composeModel
        ? doc.composeModel.environment
        : 'origin' in doc && doc.origin
          ? doc.origin.environment
          : 'kustomize' in doc && doc.kustomize
            ? doc.kustomize.environment
            : file.environment);
    return env === 'unknown' ? headline : env;
  };

  // suppression comments per file
  const suppressionsByFile = new Map<string, Suppression[]>();
  const diagnostics = [...parsed.flatMap((p) => p.diagnostics), ...rendered.diagnostics];
  for (const p of parsed) {
    if (p.comments.length === 0) continue;
    const { suppressions, problems } = parseSuppressions(p.comments, (id) => rulesById.has(id), [...rulesById.keys()]);
    if (suppressions.length) suppressionsByFile.set(p.file.path, suppressions);
    for (const problem of problems) {
      diagnostics.push({ ruleId: 'invalid-suppression', file: p.file.path, range: problem.range, message: problem.message });
    }
  }

  const findings = new FindingLog();
  // A finding's waiver reason and related messages may quote the tree: masked as it is kept.
  const keep = (f: Finding) => {
    if (f.suppression) f.suppression.reason = secrets.redact(f.suppression.reason);
    if (f.related) for (const r of f.related) r.message = secrets.redact(r.message);
    findings.push(f);
  };
  const outcomes = new OutcomeLog();
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

  // reserved rules: diagnostics from parsing and rendering become findings with failing outcomes
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
    keep({
      ruleId: d.ruleId,
      severity,
      category: rule.meta.category,
      // a reserved rule declares one message: the diagnostic's text
      messageId: Object.keys(rule.meta.messages)[0]!,
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

  // rule checks
  // the rules that will run (the others skip below), so an index their readers share can go
  // once the last of them has ended
  const runs = (rule: RuleDefinition): boolean => !!rule.check && (!rule.check.kinds.length || rule.check.kinds.some((k) => project.ofKind(k).length > 0));
  beginRules(
    project,
    active.filter(runs).map((r) => r.meta.id),
  );
  for (const [ruleIndex, rule] of active.entries()) {
    input.onProgress?.({ stage: 'rules', done: ruleIndex, total: active.length });
    if (!runs(rule)) continue;
    const meta = rule.meta;
    const severity = severityOf(meta);
    // Outcomes in the order first recorded; looked up by file, then target name, then environment
    // (a rule records every target, often several times: no key string per record).
    type Entry = { outcome: Outcome; findings: Finding[] };
    const ruleOutcomes: Entry[] = [];
    const entriesByFile = new Map<string, Map<string, Entry[]>>();
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
      let byName = entriesByFile.get(file);
      if (!byName) entriesByFile.set(file, (byName = new Map()));
      let byEnvironment = byName.get(target.name);
      if (!byEnvironment) byName.set(target.name, (byEnvironment = []));
      let entry = byEnvironment.find((e) => e.outcome.environment === environment);
      if (!entry) {
        entry = {
          // targets are concatenations, and every rule that judges an object names it again: one flat copy
          outcome: { ruleId: meta.id, target: sharedString(target.name), file, environment, status, severity, category: meta.category },
          findings: [],
        };
        byEnvironment.push(entry);
        ruleOutcomes.push(entry);
      } else if (rank(status) > rank(entry.outcome.status)) {
        entry.outcome.status = status;
        delete entry.outcome.reason;
      }
      // The reason may quote the manifest (a file path, a value): masked like every message.
      if (entry.outcome.status === 'not-applicable' && reason && !entry.outcome.reason) entry.outcome.reason = sharedString(secrets.redact(reason));
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
        const print = fingerprint([
          meta.id,
          doc.file.path,
          target.name,
          path.join('.'),
          problem.messageId,
          ...(doc.origin || doc.composeModel || doc.kustomize ? [environment] : []),
        ]);
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
          messageId: problem.messageId,
          message: sharedString(secrets.redact(formatMessage(meta, problem))),
          file: location.file,
          range: inside(location.file, location.range),
          environment,
          target: entry.outcome.target,
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
      rule.check!.check(ctx);
    } catch (error) {
      // A rule bug must not cost the user the rest of the report.
      notices.push(`internal error in rule ${meta.id}: ${(error as Error).message}; its results are incomplete`);
    } finally {
      // what only this rule asked of the project is not kept next to the documents while the rest run
      endRule(project, meta.id);
    }
    for (const problem of contractProblems) notices.push(`internal error in rule ${meta.id}: ${problem}`);
    for (const { outcome, findings: ruleFindings } of ruleOutcomes) {
      if (outcome.status === 'fail' && ruleFindings.length > 0 && ruleFindings.every((f) => f.suppression)) {
        outcome.status = 'waived';
      }
      outcomes.push(outcome);
      for (const f of ruleFindings) keep(f);
    }
  }

  // fail closed: a file that would have been judged but was not read is a finding, and costs
  // score in every environment (file-not-judged is repository-wide: nothing is known about where
  // it deploys).
  const ignored = globMatcher(config.ignore);
  const skipped = (input.skipped ?? []).filter((s) => !ignored(s.path));
  const notJudged = rulesById.get('file-not-judged') ?? RULES_BY_ID.get('file-not-judged');
  if (notJudged && active.includes(notJudged)) {
    for (const s of skipped) {
      if (s.judged === false) continue;
      const artifact = isArtifactByName(s.path);
      const severity = config.rules[notJudged.meta.id]?.severity ?? (artifact ? 'error' : 'warning');
      const suppression = withBaseline(waive(notJudged.meta.id, s.path, 1), fingerprint([notJudged.meta.id, s.path]));
      const start = { line: 1, column: 1 };
      const messageId = artifact ? 'artifact' : 'file';
      keep({
        ruleId: notJudged.meta.id,
        severity,
        category: notJudged.meta.category,
        messageId,
        message: formatMessage(notJudged.meta, { messageId, data: { reason: secrets.redact(s.reason) } }),
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
        else if (input.reportUnusedWaivers !== false && !usedInline.has(s) && s.rules.every((r) => ran.has(r)))
          note(file, s.range.start.line, 'unused', `${what} is unused: it waives no finding; remove it`);
      }
    }
    for (const w of config.waivers) {
      const file = config.file ?? 'config';
      const what = `config waiver for ${w.rule}`;
      if (isExpired(w.expires, today)) note(file, w.line ?? 1, 'expired', `${what} expired on ${w.expires}: it no longer waives; fix what it waived or renew the date`);
      else if (input.reportUnusedWaivers !== false && !input.scope && !usedConfig.has(w) && ran.has(w.rule))
        note(file, w.line ?? 1, 'unused', `${what} is unused: it waives no finding; remove it`);
    }
    // A tree can hold any number of waiver comments: the list stops at a readable number.
    const overflow = waiverProblems.length - MAX_WAIVER_NOTICES;
    if (overflow > 0) waiverProblems.length = MAX_WAIVER_NOTICES;
    notices.push(...waiverProblems.map((p) => `${p.file}:${p.line}: ${p.message}`));
    if (overflow > 0) notices.push(`${overflow} more expired or unused waivers not listed`);
  }
  return { findings, outcomes, active, rulesById, severityOf, skipped: [...skipped], waiverProblems, matchedBaseline };
}

/**
 * Keeps every reported range inside its file (line within the line count, column within the
 * line + 1, start ≤ end). Parsers already do; this also holds for ranges made without the text
 * at hand (Helm chart problems reported at 1:1, positions inside rendered templates).
 */
function insideFiles(fileByPath: ReadonlyMap<string, SourceFile>): (file: string, range: Range) => Range {
  // The line lengths of every file with a finding, in one Int32Array: at a file's offset its line
  // count, then each line's length. An array per file cost 8 bytes a line and its growth slack, and
  // lives until the rules are done (0.9 MB at 10,000 files).
  const offsets = new Map<string, number>();
  let lengths = new Int32Array(4096);
  let used = 0;
  const offsetOf = (file: string): number | undefined => {
    const known = offsets.get(file);
    if (known !== undefined) return known;
    const text = fileByPath.get(file)?.text;
    if (text === undefined) return undefined;
    const lines = lineLengthsOf(stripBom(text));
    const offset = used;
    if (lengths.length < offset + 1 + lines.length) lengths = grown(lengths, offset + 1 + lines.length);
    lengths[offset] = lines.length;
    lengths.set(lines, offset + 1);
    used = offset + 1 + lines.length;
    offsets.set(file, offset);
    return offset;
  };
  return (file, range) => {
    const offset = offsetOf(file);
    if (offset === undefined) return range;
    const lineCount = lengths[offset]!;
    const clamp = (p: Position): Position => {
      const line = Math.min(Math.max(1, p.line), lineCount);
      return { line, column: Math.min(Math.max(1, p.column), lengths[offset + line]! + 1) };
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
  for (let start = 0; ;) {
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

function severityFrom(config: Config): (meta: RuleMeta) => Severity {
  return (meta) => config.rules[meta.id]?.severity ?? meta.severity;
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
  const missing = placeholdersOf(meta.messages[problem.messageId]!).filter((name) => problem.data?.[name] === undefined);
  if (missing.length) return `message '${problem.messageId}' reported without data for ${[...new Set(missing)].map((m) => `{${m}}`).join(', ')}`;
  return undefined;
}

// A rule's templates are few and checked once per finding: their placeholder names are read once.
const placeholderNames = new Map<string, string[]>();
function placeholdersOf(template: string): string[] {
  let names = placeholderNames.get(template);
  if (!names) placeholderNames.set(template, (names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!)));
  return names;
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
  // the first 16 bytes as hex. The one-shot hash costs a fifth of a Hash object per finding; its
  // 64-character hex lives only as long as the finding's own slice of it (the finding log keeps the
  // 16 bytes, not the string).
  return hash('sha256', parts.join('\u0000'), 'hex').slice(0, 32);
}
