// The GitHub Action: lint the workspace and, on a pull request, its base commit through the same
// pipeline; compare them by fingerprint (new, fixed, already there); write SARIF for upload-sarif,
// annotate the PR's new findings on the lines it changes, summarise, keep one sticky PR comment
// about what the PR did, set outputs, and fail the step on the lint result alone (never on an API
// problem), on every finding or (fail-on: new-*) on what the PR introduced.

import { relative, resolve } from 'node:path';
import { EMPTY_CONFIG, findConfig, loadConfig, repositoryRoot, toPosix, type Config } from '../config/index.js';
import { parseEnvironmentName } from '../model/environments.js';
import { ALL_RULES } from '../engine/lint.js';
import type { Severity } from '../model/vocabulary.js';
import { formatAnnotations } from '../formatters/github.js';
import { formatMarkdown, formatPullRequestComment } from '../formatters/markdown.js';
import { sarifChunks } from '../formatters/sarif.js';
import { writeFileAtomic } from '../cli/write.js';
import { emptyVerdictMessage, exitCode, judgedNothing } from '../cli/main.js';
import { defaultBaselinePath, readBaselineFile } from '../cli/adopt.js';
import type { Finding, Report } from '../report/types.js';
import { compareFindings } from '../pipeline/compare.js';
import { runPipeline } from '../pipeline/run.js';
import { gitChangedFiles, isObjectId, lintCommit } from './base.js';
import { changedLines } from './diff-lines.js';
import { compareWithBaseConfig, configChangesMarkdown } from './config-changes.js';
import { readContext } from './context.js';
import { API_TIMEOUT_MS, changedFiles, client, describeApiError, upsertComment } from './github-api.js';
import { appendSummary, command, getBooleanInput, getInput, getListInput, setOutput, type Env } from './runner.js';

export interface ActionIO {
  env: Env;
  cwd: string;
  stdout: (text: string) => void;
}

const FAIL_ON = ['error', 'warning', 'note', 'none', 'new-error', 'new-warning', 'new-note'];

export async function runAction(io: ActionIO): Promise<number> {
  const { env } = io;
  const out = io.stdout;
  // The Action's own notices, printed after the annotations: they count in GitHub's limit of 10 per
  // level, so the annotations make room for them and none of them is ever dropped.
  const notices: string[] = [];
  try {
    const ctx = readContext(env, io.cwd);
    const workspace = resolve(ctx.workspace);
    const paths = getListInput(env, 'paths', ['.']);
    const failOnGiven = getInput(env, 'fail-on');
    if (failOnGiven && !FAIL_ON.includes(failOnGiven)) throw new Error(`input 'fail-on' must be one of ${FAIL_ON.join(', ')} (got '${failOnGiven}')`);
    const minScoreRaw = getInput(env, 'min-score');
    const minScoreGiven = minScoreRaw ? Number(minScoreRaw) : undefined;
    if (minScoreGiven !== undefined && !(minScoreGiven >= 0 && minScoreGiven <= 100)) throw new Error(`input 'min-score' must be a number from 0 to 100 (got '${minScoreRaw}')`);
    const environmentInput = getInput(env, 'env');
    const environment = environmentInput ? parseEnvironmentName(environmentInput) : undefined;
    if (environment && 'error' in environment) throw new Error(`input 'env': ${environment.error}`);
    const sarifFile = getInput(env, 'sarif-file', 'readiness-lint.sarif');
    const wantComment = getBooleanInput(env, 'comment', true);
    const wantAnnotations = getBooleanInput(env, 'annotations', true);
    const changedOnly = getBooleanInput(env, 'changed-files-only', false);
    const token = getInput(env, 'github-token');
    // Exact Helm mode: chosen by the workflow, never by a file in the scanned tree.
    const helmBinaryInput = getInput(env, 'helm-binary');
    const helmBinary = helmBinaryInput ? (helmBinaryInput.includes('/') ? resolve(workspace, helmBinaryInput) : helmBinaryInput) : undefined;
    const apiTimeoutMs = Number(env.READINESS_LINT_API_TIMEOUT_MS) > 0 ? Number(env.READINESS_LINT_API_TIMEOUT_MS) : API_TIMEOUT_MS;
    const allowEmpty = getBooleanInput(env, 'allow-empty', false);

    const known = new Set(ALL_RULES.map((r) => r.meta.id));
    const configInput = getInput(env, 'config');
    const configPath = configInput ? resolve(workspace, configInput) : findConfig(resolve(workspace, paths[0]!));
    const config: Config = configPath ? loadConfig(configPath, workspace, known) : EMPTY_CONFIG;
    const envName = environment?.environment;
    // As in the CLI: an input (the workflow, trusted) wins over the config's gate, then the default.
    const failOnInput = failOnGiven || config.failOn || 'error';
    const onlyNew = failOnInput.startsWith('new-');
    const failOn = failOnInput.replace(/^new-/, '') as Severity | 'none';
    const minScore = minScoreGiven ?? config.minScore;
    // The baseline file the CLI reads (beside the config, else at the repository root).
    const baseline = readBaselineFile(defaultBaselinePath(workspace, paths[0]!, config), workspace, false);

    // Head and base go through the same pipeline with the same paths, config and environment.
    const { report } = await runPipeline({ root: workspace, paths, config, env: envName, helm: { helmBinary }, baseline });
    if (!allowEmpty && judgedNothing(report)) throw new Error(`${emptyVerdictMessage(report, paths)}; set the input 'allow-empty' to accept an empty run`);

    // SARIF always holds the whole scan: a partial upload would close alerts on unscanned files.
    let sarifPath = '';
    if (sarifFile) {
      const target = resolve(workspace, sarifFile);
      writeFileAtomic(target, sarifChunks(report, { cwd: workspace, repoRoot: repositoryRoot(workspace) }));
      sarifPath = toPosix(relative(workspace, target));
    }

    const pr = ctx.pullRequest;
    const baseSha = pr && isObjectId(pr.baseSha) ? pr.baseSha : undefined;
    if (pr && !baseSha) notices.push("the event's base SHA is not a full hex object id; new and fixed findings and git's list of changed files are skipped");
    const base = baseSha ? await lintCommit(workspace, baseSha, config, envName, { paths, helm: { helmBinary } }) : undefined;
    if (baseSha && !base) notices.push('the base commit is not in the clone, so new and fixed findings are unknown; check out with fetch-depth: 2 or more');

    const octokit = token && pr ? client(token, ctx, apiTimeoutMs) : undefined;
    let scoped = report;
    let scopedBase = base;
    if (changedOnly && pr) {
      let changed: string[] | undefined;
      if (octokit) {
        try {
          changed = await changedFiles(octokit, ctx);
        } catch (error) {
          notices.push(`could not list the PR's files (${describeApiError(error)}); trying git`);
        }
      }
      if (!changed && baseSha) changed = gitChangedFiles(workspace, baseSha);
      if (changed) {
        const files = new Set(changed.map((p) => toPosix(relative(workspace, resolve(workspace, p)))));
        scoped = restrictToFiles(report, files);
        scopedBase = base && restrictToFiles(base, files);
      } else notices.push('changed files unknown; reporting on every file');
    }
    const changes = scopedBase ? compareFindings(scoped, scopedBase) : undefined;

    // Annotations only where the PR is: its new findings on the lines it changes.
    let annotated: readonly Finding[] = scoped.findings;
    if (pr && changes) {
      const files = [...new Set(changes.introduced.map((f) => f.file))].sort();
      const lines = changedLines(workspace, baseSha!, files);
      annotated = lines ? changes.introduced.filter((f) => touches(f, lines.get(f.file))) : changes.introduced;
    }

    const headSha = pr && isObjectId(pr.headSha) ? pr.headSha : ctx.sha;
    const blobUrl = (sha: string) =>
      ctx.owner && sha
        ? (path: string, line: number) => `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/blob/${sha}/${path.split('/').map(encodeURIComponent).join('/')}#L${line}`
        : undefined;
    const fileUrl = blobUrl(headSha);
    // A PR can loosen its own gate through the config it carries: list what it changes.
    const configChanges = pr
      ? configChangesMarkdown(
          compareWithBaseConfig({
            workspace,
            baseSha: pr.baseSha,
            head: config,
            headPath: configPath,
            configInput: configInput || undefined,
            lookupStart: resolve(workspace, paths[0]!),
            knownRules: known,
            defaultSeverity: (id) => ALL_RULES.find((r) => r.meta.id === id)?.meta.severity,
          }),
        )
      : '';
    const prView = pr
      ? formatPullRequestComment({
          head: scoped,
          base: scopedBase,
          introduced: changes?.introduced ?? [],
          fixed: changes?.fixed ?? [],
          unchanged: changes?.unchanged ?? [],
          headUrl: fileUrl,
          baseUrl: baseSha ? blobUrl(baseSha) : undefined,
          preface: configChanges,
        })
      : '';
    // The summary holds everything: the PR's view first, then the whole report.
    appendSummary(env, pr ? `${prView}\n\n${formatMarkdown(scoped, { fileUrl })}` : formatMarkdown(scoped, { fileUrl, preface: configChanges }));

    if (pr && wantComment) {
      if (pr.fromFork) {
        notices.push('pull request from a fork: its token cannot comment; skipped the PR comment');
      } else if (!octokit) {
        notices.push("no 'github-token'; skipped the PR comment");
      } else {
        try {
          const done = await upsertComment(octokit, ctx, prView);
          out(`readiness-lint: PR comment ${done}\n`);
        } catch (error) {
          notices.push(`skipped the PR comment: ${describeApiError(error)}`);
        }
      }
    }

    // The gate: on what this PR introduced with fail-on: new-*, when the base is known.
    let gated = scoped;
    if (onlyNew && changes) gated = { ...scoped, findings: changes.introduced, summary: countsOf(scoped, changes.introduced) };
    else if (onlyNew && pr) notices.push(`new findings unknown without the base commit; fail-on: ${failOnInput} judges every finding`);

    setOutput(env, 'score', report.score.score === null ? '' : String(report.score.score));
    setOutput(env, 'grade', report.score.grade ?? '');
    setOutput(env, 'findings', String(scoped.findings.length));
    setOutput(env, 'new-findings', changes ? String(changes.introduced.length) : '');
    setOutput(env, 'sarif-file', sarifPath);

    const code = exitCode(gated, failOn, minScore);
    if (wantAnnotations) out(formatAnnotations(annotated, scoped.environment, { reserved: { error: code !== 0 ? 1 : 0, note: notices.length } }));
    for (const notice of notices) out(command('notice', `readiness-lint: ${notice}`));
    if (code !== 0) {
      const counts = `${gated.summary.errors} ${onlyNew && changes ? 'new ' : ''}errors, ${gated.summary.warnings} ${onlyNew && changes ? 'new ' : ''}warnings`;
      out(
        command(
          'error',
          `readiness-lint: score ${report.score.score ?? 'n/a'}${report.score.grade ? ` (${report.score.grade})` : ''}; ${counts} (fail-on: ${failOnInput}${minScore !== undefined ? `, min-score: ${minScore}` : ''})`,
        ),
      );
    }
    return code;
  } catch (error) {
    for (const notice of notices) out(command('notice', `readiness-lint: ${notice}`));
    out(command('error', `readiness-lint: ${(error as Error).message}`));
    return 2;
  }
}

/** Whether a finding's lines meet the lines a diff adds. */
function touches(f: Finding, lines: ReadonlySet<number> | undefined): boolean {
  if (!lines) return false;
  for (let line = f.range.start.line; line <= f.range.end.line; line++) if (lines.has(line)) return true;
  return false;
}

function countsOf(report: Report, findings: readonly Finding[]): Report['summary'] {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return { ...report.summary, errors: count('error'), warnings: count('warning'), notes: count('note') };
}

/** The report seen through a set of files: findings and counts; scores stay the whole project's. */
export function restrictToFiles(report: Report, files: ReadonlySet<string>): Report {
  const findings = report.findings.filter((f) => files.has(f.file));
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return {
    ...report,
    findings,
    waived: report.waived.filter((f) => files.has(f.file)),
    summary: { ...report.summary, errors: count('error'), warnings: count('warning'), notes: count('note') },
  };
}
