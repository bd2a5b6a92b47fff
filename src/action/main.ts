// The GitHub Action: lint the workspace, write SARIF for upload-sarif, annotate, summarise, keep
// one sticky PR comment with the score and its change against the base commit, set outputs, and
// fail the step on the lint result alone (never on an API problem).

import { relative, resolve } from 'node:path';
import { EMPTY_CONFIG, findConfig, loadConfig, toPosix, type Config } from '../config/index.js';
import { discover } from '../discovery/index.js';
import { parseEnvironmentName } from '../model/environments.js';
import { ALL_RULES, lint } from '../engine/lint.js';
import type { Severity } from '../engine/api.js';
import { formatGithub } from '../formatters/github.js';
import { formatMarkdown } from '../formatters/markdown.js';
import { formatSarif } from '../formatters/sarif.js';
import { writeFileAtomic } from '../cli/write.js';
import { emptyVerdictMessage, exitCode, judgedNothing } from '../cli/main.js';
import type { Report } from '../report/types.js';
import { isObjectId, lintCommit, gitChangedFiles } from './base.js';
import { compareWithBaseConfig, configChangesMarkdown } from './config-changes.js';
import { readContext } from './context.js';
import { API_TIMEOUT_MS, changedFiles, client, describeApiError, upsertComment } from './github-api.js';
import { appendSummary, command, getBooleanInput, getInput, getListInput, setOutput, type Env } from './runner.js';

export interface ActionIO {
  env: Env;
  cwd: string;
  stdout: (text: string) => void;
}

const FAIL_ON = ['error', 'warning', 'note', 'none'];

export async function runAction(io: ActionIO): Promise<number> {
  const { env } = io;
  const out = io.stdout;
  try {
    const ctx = readContext(env, io.cwd);
    const workspace = resolve(ctx.workspace);
    const paths = getListInput(env, 'paths', ['.']);
    const failOn = getInput(env, 'fail-on', 'error');
    if (!FAIL_ON.includes(failOn)) throw new Error(`input 'fail-on' must be one of ${FAIL_ON.join(', ')} (got '${failOn}')`);
    const minScoreRaw = getInput(env, 'min-score');
    const minScore = minScoreRaw ? Number(minScoreRaw) : undefined;
    if (minScore !== undefined && !(minScore >= 0 && minScore <= 100)) throw new Error(`input 'min-score' must be a number from 0 to 100 (got '${minScoreRaw}')`);
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

    const discovered = await discover(paths, { cwd: workspace, ignore: config.ignore, maxFileSize: config.maxFileSize });
    const { report } = lint({ files: discovered.files, skipped: discovered.skipped, config, env: envName, helm: { helmBinary } });
    if (!allowEmpty && judgedNothing(report)) throw new Error(`${emptyVerdictMessage(report, paths)}; set the input 'allow-empty' to accept an empty run`);

    // SARIF always holds the whole scan: a partial upload would close alerts on unscanned files.
    let sarifPath = '';
    if (sarifFile) {
      const target = resolve(workspace, sarifFile);
      writeFileAtomic(target, formatSarif(report, { cwd: workspace }));
      sarifPath = toPosix(relative(workspace, target));
    }

    const pr = ctx.pullRequest;
    if (pr && !isObjectId(pr.baseSha)) out(command('notice', "readiness-lint: the event's base SHA is not a full hex object id; the base score and git's list of changed files are skipped"));
    const octokit = token && pr ? client(token, ctx, apiTimeoutMs) : undefined;
    let scoped = report;
    if (changedOnly && pr) {
      let changed: string[] | undefined;
      if (octokit) {
        try {
          changed = await changedFiles(octokit, ctx);
        } catch (error) {
          out(command('notice', `readiness-lint: could not list the PR's files (${describeApiError(error)}); trying git`));
        }
      }
      changed ??= gitChangedFiles(workspace, pr.baseSha);
      if (changed) scoped = restrictToFiles(report, new Set(changed.map((p) => toPosix(relative(workspace, resolve(workspace, p))))));
      else out(command('notice', 'readiness-lint: changed files unknown; reporting on every file'));
    }

    if (wantAnnotations) out(formatGithub(scoped));

    const fileUrl = ctx.owner && ctx.sha ? (path: string, line: number) => `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/blob/${ctx.sha}/${path.split('/').map(encodeURIComponent).join('/')}#L${line}` : undefined;
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
    const body = formatMarkdown(scoped, { fileUrl, preface: configChanges });
    appendSummary(env, body);

    if (pr && wantComment) {
      if (pr.fromFork) {
        out(command('notice', 'readiness-lint: pull request from a fork: its token cannot comment; skipped the PR comment'));
      } else if (!octokit) {
        out(command('notice', "readiness-lint: no 'github-token'; skipped the PR comment"));
      } else {
        const base = lintCommit(workspace, pr.baseSha, config, envName);
        const change = scoreChange(report, base);
        try {
          const done = await upsertComment(octokit, ctx, `${change}\n\n${body}`);
          out(`readiness-lint: PR comment ${done}\n`);
        } catch (error) {
          out(command('notice', `readiness-lint: skipped the PR comment: ${describeApiError(error)}`));
        }
      }
    }

    setOutput(env, 'score', report.score.score === null ? '' : String(report.score.score));
    setOutput(env, 'grade', report.score.grade ?? '');
    setOutput(env, 'findings', String(scoped.findings.length));
    setOutput(env, 'sarif-file', sarifPath);

    const code = exitCode(scoped, failOn as Severity | 'none', minScore);
    if (code !== 0) {
      out(command('error', `readiness-lint: score ${report.score.score ?? 'n/a'}${report.score.grade ? ` (${report.score.grade})` : ''}; ${scoped.summary.errors} errors, ${scoped.summary.warnings} warnings (fail-on: ${failOn}${minScore !== undefined ? `, min-score: ${minScore}` : ''})`));
    }
    return code;
  } catch (error) {
    out(command('error', `readiness-lint: ${(error as Error).message}`));
    return 2;
  }
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

export function scoreChange(head: Report, base: Report | undefined): string {
  const now = head.score.score;
  const before = base?.score.score ?? null;
  const text = (s: number | null, g: string | null) => (s === null ? 'n/a' : `${s}/100 (${g})`);
  if (!base) return `**Score ${text(now, head.score.grade)}**; the base commit's score is unknown (fetch it: actions/checkout with fetch-depth: 0).`;
  if (now === null || before === null) return `**Score ${text(now, head.score.grade)}** (base: ${text(before, base.score.grade)})`;
  const delta = now - before;
  const arrow = delta > 0 ? `▲ +${delta}` : delta < 0 ? `▼ ${delta}` : '= no change';
  return `**Score ${text(now, head.score.grade)}** ${arrow} against the base commit (${text(before, base.score.grade)})`;
}
