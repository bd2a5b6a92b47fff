// The CLI shell: arguments → config → discovery → lint → formatters → files/stdout → exit code.
// Only this layer (with discovery) touches the filesystem.

import { existsSync } from 'node:fs';
import { join, resolve, relative } from 'node:path';
import { parseCliArgs, decideColor, COMPLETION_SHELLS, HELP, UsageError, type CliOptions } from './args.js';
import { completionScript, type Shell } from './completion.js';
import { ProgressLine, wantProgress } from './progress.js';
import { didYouMean } from '../model/nearest.js';
import { visibleControls } from '../formatters/escape.js';
import { checkOutputTarget, OutputFileError, standardStreamOf, writeOutputFile } from './write.js';
import { uploadSarif, uploadTargetFromEnv, UploadError } from './upload.js';
import { formatSarif } from '../formatters/sarif.js';
import { CONFIG_FILE_NAMES, ConfigError, EMPTY_CONFIG, findConfig, loadConfig, parseConfig, repositoryRoot, toPosix, type Config } from '../config/index.js';
import { configExistsIn, defaultBaselinePath, describeConfig, initialConfig, readBaselineFile, startFolder } from './adopt.js';
import { BASELINE_FILE_NAME, BaselineError, baselineEntries, serializeBaseline, sortEntries, type Baseline, type BaselineEntry } from '../baseline/index.js';
import { isCalendarDate } from '../model/dates.js';
import { PathNotFoundError } from '../discovery/index.js';
import { ALL_RULES, lint } from '../engine/lint.js';
import { runPipeline } from '../pipeline/run.js';
import { nodeServices } from '../pipeline/node-services.js';
import { compareFindings, type FindingChanges } from '../pipeline/compare.js';
import { lintRevision } from './base-revision.js';
import { formatChunks, getFormatter, UnknownFormatError } from '../formatters/index.js';
import { batched } from '../formatters/stream.js';
import { withCodeFrames } from '../formatters/frame.js';
import { readSavedReport, SavedReportError } from './saved-report.js';
import { TOOL_VERSION } from '../report/build.js';
import type { Report } from '../report/types.js';
import type { Severity } from '../model/vocabulary.js';
import type { TreeListing } from './heap.js';

export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Reports are written in chunks: a returned promise (a full pipe) is awaited before the next. */
  stdout: (text: string) => unknown;
  stderr: (text: string) => unknown;
  /** stdout is a terminal (colours). */
  isTTY: boolean;
  /** stderr is a terminal (progress); default false. */
  stderrIsTTY?: boolean;
  /** Milliseconds, for the timing line; default performance.now. */
  now?: () => number;
  /** Standard input, read whole (for the path `-`). */
  stdin?: () => Promise<string>;
  /**
   * Discovery has listed the tree, before reading a file of it and before anything is printed. A
   * function returned means "do not lint here": the run stops and ends with what it resolves to
   * (bin.ts re-runs the CLI in a child process with a heap fit for the tree, src/cli/heap.ts).
   */
  handOver?: (listing: TreeListing) => (() => Promise<number>) | undefined;
}

/** Thrown through discovery to stop a run that is handed over (CliIO.handOver). */
const HANDED_OVER = new Error('handed over');

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  // The one subcommand; a folder named `completion` is linted as `./completion`.
  if (argv[0] === 'completion') {
    const shell = argv[1];
    if (argv.length !== 2 || !COMPLETION_SHELLS.includes(shell as Shell)) {
      io.stderr(
        `readiness-lint: completion needs one shell: ${COMPLETION_SHELLS.join(', ')}${shell ? didYouMean(shell, COMPLETION_SHELLS) : ''}\nRun 'readiness-lint --help' for usage.\n`,
      );
      return EXIT_ERROR;
    }
    io.stdout(completionScript(shell as Shell));
    return EXIT_OK;
  }
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`readiness-lint: ${error.message}\nRun 'readiness-lint --help' for usage.\n`);
      return EXIT_ERROR;
    }
    throw error;
  }
  if (options.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (options.version) {
    io.stdout(`${TOOL_VERSION}\n`);
    return EXIT_OK;
  }
  if (options.listRules) {
    for (const r of [...ALL_RULES].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1))) {
      io.stdout(`${r.meta.id.padEnd(34)} ${r.meta.category.padEnd(14)} ${r.meta.severity.padEnd(8)} ${r.meta.title}\n`);
    }
    return EXIT_OK;
  }

  let progress: ProgressLine | undefined;
  let handedOver: (() => Promise<number>) | undefined;
  try {
    for (const format of options.formats) getFormatter(format);
    const known = new Set(ALL_RULES.map((r) => r.meta.id));
    for (const id of options.rules) if (!known.has(id)) throw new UsageError(`unknown rule '${id}'${didYouMean(id, known)} (see --list-rules)`);
    // Two reports on one stdout would be one unparseable stream (JSON then SARIF).
    const onStdout = options.formats.filter((_, i) => {
      const target = options.outputFiles[i];
      return target === undefined || standardStreamOf(target) === 'stdout';
    });
    if (onStdout.length > 1) {
      throw new UsageError(
        `${onStdout.length} formats (${onStdout.join(', ')}) would all print to stdout, one after the other: give each format but one an --output-file, in the same order (e.g. --format ${onStdout[0]} -o report.${onStdout[0]} --format ${onStdout[1]})`,
      );
    }

    // Fail fast on a missing token or target, and on an output path that names a folder, before linting.
    for (const target of options.outputFiles) checkOutputTarget(target, io.cwd);
    const uploadTarget = options.uploadSarif ? uploadTargetFromEnv(io.env, options.github) : undefined;

    // "Today" for waiver expiries: injectable so a test (or a reproducible CI run) can fix the day.
    const today = io.env.READINESS_LINT_TODAY;
    if (today !== undefined && !isCalendarDate(today)) throw new UsageError(`READINESS_LINT_TODAY must be a date YYYY-MM-DD (got '${today.slice(0, 40)}')`);

    // --init writes the config where the run starts; never over an existing one.
    const initFolder = startFolder(io.cwd, options.paths[0]!);
    if (options.init) {
      const existing = configExistsIn(initFolder, CONFIG_FILE_NAMES);
      if (existing) throw new UsageError(`--init: ${toPosix(relative(io.cwd, existing)) || existing} already exists; edit it, or remove it to start again`);
    }

    let config: Config = EMPTY_CONFIG;
    if (!options.noConfig && !options.init) {
      const configPath = options.config ?? findConfig(resolve(io.cwd, options.paths[0]!));
      if (configPath) config = loadConfig(configPath, io.cwd, known);
    }

    for (const f of options.values) {
      if (!existsSync(resolve(io.cwd, f))) throw new UsageError(`--values file not found: ${f}`);
    }
    // The baseline: ignored while writing one (every finding of today goes in) and by --init.
    const baselinePath = options.baseline
      ? resolve(io.cwd, options.baseline)
      : options.init
        ? join(initFolder, BASELINE_FILE_NAME) // beside the config --init writes, where later runs look
        : defaultBaselinePath(io.cwd, options.paths[0]!, config);
    let baseline: Baseline | undefined;
    if (!options.noBaseline && !options.writeBaseline && !options.init && !options.printConfig && options.from === undefined) {
      baseline = readBaselineFile(baselinePath, io.cwd, options.baseline !== undefined);
    }
    // Progress on stderr (a terminal, or --progress); cleared before any report is printed.
    progress = wantProgress(options.progress, io.stderrIsTTY ?? false, options.quiet, io.env)
      ? new ProgressLine({ write: io.stderr, live: io.stderrIsTTY ?? false, now: io.now })
      : undefined;
    // `-`: a manifest stream from stdin (kustomize build | readiness-lint -), judged as one file.
    const fromStdin = options.paths.length === 1 && options.paths[0] === '-';
    if (options.paths.includes('-') && !fromStdin) throw new UsageError("'-' (standard input) cannot be combined with other paths");
    if (fromStdin && options.base !== undefined) throw new UsageError("'-' (standard input) cannot be combined with --base");
    const stdinName = toPosix(options.stdinFilename ?? 'stdin.yaml');
    if (fromStdin && (stdinName.startsWith('/') || stdinName.split('/').includes('..'))) throw new UsageError('--stdin-filename must be a relative path inside the working folder');
    const stdinText = fromStdin ? await (io.stdin ?? (async () => ''))() : undefined;
    const maxStdin = options.maxFileSize ?? config.maxFileSize;
    if (stdinText !== undefined && maxStdin !== undefined && Buffer.byteLength(stdinText) > maxStdin)
      throw new UsageError(`standard input is larger than the file size limit (${maxStdin} bytes)`);
    const pipelineInput = {
      onProgress: progress?.update,
      baseline,
      ...(today ? { today } : {}),
      config,
      env: options.env,
      onlyRules: options.rules.length ? options.rules : undefined,
      // Only the person running the tool chooses a program to run, never a file in the scanned tree.
      kustomize: { binary: options.kustomizeBinary },
    };
    // The same pipeline the Action runs on a PR's head and base.
    linted = true;
    const { report, files, secretSpans } =
      options.from !== undefined
        ? { report: readSavedReport(options.from, io.cwd), files: [], secretSpans: undefined }
        : stdinText !== undefined
          ? lint({ ...pipelineInput, files: [{ path: stdinName, text: stdinText }] }, nodeServices())
          : await runPipeline({
              ...pipelineInput,
              root: io.cwd,
              paths: options.paths,
              onListed:
                io.handOver &&
                ((listing) => {
                  handedOver = io.handOver!(listing);
                  if (handedOver) throw HANDED_OVER;
                }),
              maxFileSize: options.maxFileSize ?? config.maxFileSize,
              // Linting some paths (a pre-commit hook's staged files) judges only their entries.
              scope: underPaths(options.paths.map((p) => toPosix(relative(io.cwd, resolve(io.cwd, p))))),
              helm: {
                extraValues: options.values.map((f) => toPosix(relative(io.cwd, resolve(io.cwd, f)))),
                helmBinary: options.helmBinary,
              },
            });
    for (const file of report.files) lintedKinds.add(file.kind);

    progress?.clear();
    // --base: the same judgement of another revision, compared by fingerprint.
    let changes: FindingChanges | undefined;
    if (options.base !== undefined) {
      const baseProgress =
        progress && new ProgressLine({ write: io.stderr, live: io.stderrIsTTY ?? false, now: io.now, label: `base ${visibleControls(options.base.slice(0, 40))}` });
      const base = await lintRevision(io.cwd, options.base, {
        onProgress: baseProgress?.update,
        paths: options.paths,
        maxFileSize: options.maxFileSize ?? config.maxFileSize,
        config,
        env: options.env,
        onlyRules: options.rules.length ? options.rules : undefined,
        helm: { extraValues: options.values.map((f) => toPosix(relative(io.cwd, resolve(io.cwd, f)))), helmBinary: options.helmBinary },
        kustomize: { binary: options.kustomizeBinary },
        ...(today ? { today } : {}),
      });
      baseProgress?.clear();
      changes = compareFindings(report, base);
      const delta = report.score.score !== null && base.score.score !== null ? `; score ${base.score.score} -> ${report.score.score}` : '';
      io.stderr(`readiness-lint: against ${options.base.slice(0, 80)}: ${changes.introduced.length} new, ${changes.fixed.length} fixed, ${changes.unchanged.length} unchanged${delta}
`);
    }

    if (!options.allowEmpty && options.from === undefined && judgedNothing(report) && !options.printConfig) {
      io.stderr(`readiness-lint: ${emptyVerdictMessage(report, options.paths)}; pass --allow-empty to accept an empty run\n`);
      return EXIT_ERROR;
    }
    if (options.printConfig) {
      io.stdout(describeConfig(config, report, options.env));
      return EXIT_OK;
    }
    if (options.init || options.writeBaseline) {
      const written: string[] = [];
      if (options.init) {
        const text = initialConfig(report);
        const target = join(initFolder, CONFIG_FILE_NAMES[0]!);
        // What we write must load: the same validation as any config.
        parseConfig(text, CONFIG_FILE_NAMES[0]!, '.', known);
        await writeOutputFile(target, io.cwd, text);
        written.push(`${toPosix(relative(io.cwd, target)) || target}`);
      }
      if (options.writeBaseline) {
        // Rewriting over some paths keeps the entries of files outside them (a valid file only:
        // an invalid one is replaced whole).
        const scope = underPaths(options.paths.map((p) => toPosix(relative(io.cwd, resolve(io.cwd, p)))));
        let kept: BaselineEntry[] = [];
        try {
          if (scope) kept = readBaselineFile(baselinePath, io.cwd, false)?.entries.filter((e) => !scope(e.file)) ?? [];
        } catch (error) {
          if (!(error instanceof BaselineError)) throw error;
        }
        const fresh = baselineEntries(report.findings);
        const known = new Set(fresh.map((e) => e.fingerprint));
        const entries = sortEntries([...fresh, ...kept.filter((e) => !known.has(e.fingerprint))]);
        await writeOutputFile(baselinePath, io.cwd, serializeBaseline(entries));
        written.push(`${toPosix(relative(io.cwd, baselinePath)) || baselinePath} (${entries.length} finding${entries.length === 1 ? '' : 's'})`);
      }
      io.stderr(`readiness-lint: wrote ${written.join(' and ')}\n`);
      return EXIT_OK;
    }

    // SARIF URIs are relative to the repository (the same lookup as the config's, which does not
    // trust a `.git` planted in a world-writable parent).
    const runRepository = repositoryRoot(io.cwd);
    const color = decideColor(options.color, io.env, io.isTTY);
    // Code frames come from the files findings are in: only their texts are read back, each when
    // its frames are made (the engine keeps large texts compressed once parsed; a tree's worth of
    // texts read back at once would be most of a large run's memory).
    const withFindings = new Set(report.findings.map((f) => f.file));
    const filesWithFindings = new Map(files.filter((f) => withFindings.has(f.path)).map((f) => [f.path, f]));
    const sources = { get: (path: string) => filesWithFindings.get(path)?.text };
    // Every format shows the frames the report carries (the JSON saves them), so a report rendered
    // again with --from gives the same output as this run.
    const framed = withCodeFrames(report, { sources, secretSpans });
    for (let i = 0; i < options.formats.length; i++) {
      const format = options.formats[i]!;
      const target = options.outputFiles[i];
      // Chunks, never one string: a report may be longer than V8's longest string.
      const chunks = formatChunks(format, framed, {
        cwd: io.cwd,
        color: target ? false : color,
        quiet: options.quiet,
        sources,
        secretSpans,
        // GitLab Code Quality paths are relative to the repository, which a GitLab job names.
        repoRoot: io.env.CI_PROJECT_DIR || undefined,
        repositoryRoot: runRepository,
      });
      const stream = target ? standardStreamOf(target) : 'stdout';
      if (stream) for (const batch of batched(chunks)) await io[stream](batch);
      else await writeOutputFile(target!, io.cwd, chunks);
    }
    if (options.outputFiles.length && !options.formats.some((_, i) => !options.outputFiles[i]) && !options.quiet) {
      io.stderr(
        `readiness-lint: score ${report.score.score ?? 'n/a'}${report.score.grade ? ` (${report.score.grade})` : ''}; report written to ${options.outputFiles.map((f) => (standardStreamOf(f) ? f : toPosix(relative(io.cwd, resolve(io.cwd, f))))).join(', ')}\n`,
      );
    }
    if (uploadTarget) {
      const uploaded = await uploadSarif(formatSarif(report, { cwd: io.cwd, repoRoot: runRepository }), uploadTarget);
      io.stderr(`readiness-lint: SARIF uploaded to ${uploadTarget.owner}/${uploadTarget.repo} (analysis ${uploaded.id || 'accepted'})\n`);
    }
    progress?.finish();
    progress = undefined;
    const failOn = options.failOn ?? config.failOn ?? 'error';
    if (failOn.startsWith('new-') && changes) {
      return exitCode({ ...report, findings: changes.introduced }, failOn.slice(4) as Severity, options.minScore ?? config.minScore);
    }
    return exitCode(report, failOn as Severity | 'none', options.minScore ?? config.minScore);
  } catch (error) {
    progress?.clear();
    if (error === HANDED_OVER && handedOver) return await handedOver();
    if (
      error instanceof UsageError ||
      error instanceof UnknownFormatError ||
      error instanceof PathNotFoundError ||
      error instanceof UploadError ||
      error instanceof OutputFileError ||
      error instanceof BaselineError ||
      error instanceof SavedReportError
    ) {
      io.stderr(`readiness-lint: ${error.message}\n`);
      return EXIT_ERROR;
    }
    if (error instanceof ConfigError) {
      io.stderr(`readiness-lint: invalid configuration: ${error.message}\n`);
      return EXIT_ERROR;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code && /^E[A-Z]+$/.test(code)) {
      io.stderr(`readiness-lint: I/O error: ${(error as Error).message}\n`);
      return EXIT_ERROR;
    }
    io.stderr(`readiness-lint: internal error: ${readableStack(error)}\nPlease report this at https://github.com/readiness-lint/readiness-lint/issues\n`);
    return EXIT_ERROR;
  }
}

/**
 * Whether a report path (relative to cwd) lies at or under one of the given paths (relative to cwd);
 * undefined when they cover the whole working folder.
 */
function underPaths(paths: readonly string[]): ((file: string) => boolean) | undefined {
  if (paths.some((p) => p === '' || p === '.')) return undefined;
  return (file) => paths.some((p) => file === p || file.startsWith(`${p}/`));
}

/** Kinds that are deployment artifacts (a lone .gitignore or CI workflow deploys nothing). */
const DEPLOYMENT_KINDS: ReadonlySet<string> = new Set([
  'kubernetes',
  'helm-chart',
  'helm-values',
  'helm-template',
  'helm-other',
  'compose',
  'dockerfile',
  'env',
  'env-template',
  'render',
  'ecs-task-definition',
  'vercel',
  'fly',
  'railway',
]);

/**
 * An empty verdict is not a pass: true when the run linted no deployment artifact and found
 * nothing (an empty folder, everything ignored, a typo'd path that holds nothing we read).
 */
export function judgedNothing(report: Report): boolean {
  return report.findings.length === 0 && report.waived.length === 0 && !report.files.some((f) => f.skipped === undefined && DEPLOYMENT_KINDS.has(f.kind));
}

export function emptyVerdictMessage(report: Report, paths: readonly string[]): string {
  const read = report.files.filter((f) => f.skipped === undefined).length;
  const skipped = report.files.length - read;
  const what = [`${read} file${read === 1 ? '' : 's'} read`, ...(skipped ? [`${skipped} skipped`] : [])].join(', ');
  return `no deployment artifact (Kubernetes manifest, Helm chart, compose file, Dockerfile or env file) in ${paths.join(', ')} (${what}): nothing was judged, check the paths and ignore globs`;
}

const LEVEL: Record<Severity, number> = { note: 1, warning: 2, error: 3 };

export function exitCode(report: Report, failOn: Severity | 'none', minScore?: number): number {
  if (failOn !== 'none' && report.findings.some((f) => LEVEL[f.severity] >= LEVEL[failOn])) return EXIT_FINDINGS;
  if (minScore !== undefined && report.score.score !== null && report.score.score < minScore) return EXIT_FINDINGS;
  return EXIT_OK;
}

let linted = false;
const lintedKinds = new Set<string>();

/** Whether this process linted (or rendered a saved report): the launcher's code cache then holds the linter's code. */
export function hasLinted(): boolean {
  return linted;
}

/** The kinds of the files this process's report judged (the launcher's code cache holds the code that judged them). */
export function lintedFileKinds(): ReadonlySet<string> {
  return lintedKinds;
}

/** The error's stack (the linter's frames are in dist/lib/linter.cjs, with its source map beside it). */
export function readableStack(error: unknown): string {
  return (error as Error)?.stack ?? String(error);
}
