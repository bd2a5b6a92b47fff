// Command-line parsing with node:util parseArgs (no dependency needed). Usage errors are thrown
// as UsageError and end in exit code 2 with a one-line hint.

import { parseArgs } from 'node:util';
import { didYouMean, nearestName } from '../model/nearest.js';
import type { Severity } from '../model/vocabulary.js';
import { DEFAULT_HEADLINE, ENVIRONMENT_ALIASES, KNOWN_ENVIRONMENTS, parseEnvironmentName, type KnownEnvironment } from '../model/environments.js';

export class UsageError extends Error {}

export interface CliOptions {
  paths: string[];
  formats: string[];
  outputFiles: string[];
  config?: string;
  noConfig: boolean;
  allowEmpty: boolean;
  failOn?: Severity | 'none' | `new-${Severity}`;
  /** A git revision to compare with: findings are new, fixed or unchanged against it. */
  base?: string;
  minScore?: number;
  env?: KnownEnvironment;
  color?: boolean;
  /** Progress on stderr: forced on or off; undefined leaves it to whether stderr is a terminal. */
  progress?: boolean;
  quiet: boolean;
  version: boolean;
  help: boolean;
  listRules: boolean;
  rules: string[];
  maxFileSize?: number;
  uploadSarif: boolean;
  values: string[];
  helmBinary?: string;
  kustomizeBinary?: string;
  /** The name a manifest stream read from stdin (path `-`) is judged as. */
  stdinFilename?: string;
  /** Baseline file to read (and with writeBaseline, to write); default beside the config or at the repository root. */
  baseline?: string;
  noBaseline: boolean;
  writeBaseline: boolean;
  init: boolean;
  printConfig: boolean;
  /** A saved JSON report to render instead of linting. */
  from?: string;
  github: { repository?: string; sha?: string; ref?: string; apiUrl?: string };
}

export const HELP = `Usage: readiness-lint [options] [paths...]
       readiness-lint completion bash|zsh|fish

Checks a repository's deployment artifacts — Kubernetes manifests, Helm charts and values,
compose files, Dockerfiles, env files — against the production-readiness checklist, and scores it.
Paths default to the current folder; .gitignore and the config's ignore globs are honoured.

Output
  -f, --format <name>      text (default), compact (one line per finding: path:line:col severity
                           rule message), json, sarif (GitHub code scanning), markdown (job
                           summary / PR comment), github (workflow annotations), html (one
                           self-contained page), junit (CI test reports), gitlab (GitLab Code
                           Quality); repeat to write several formats in one run, each but one
                           with its own --output-file
  -o, --output-file <path> write the report to a file instead of stdout (pairs with --format
                           in order; a file is written whole or not at all, keeping its mode;
                           missing folders are created; a device or FIFO is written in place)
  --color, --no-color      force colours on or off (default: on for a terminal; NO_COLOR and
                           FORCE_COLOR are honoured)
  -q, --quiet              print errors (without code frames) and the score only
  --progress, --no-progress
                           show progress and the run's timing on stderr (default: on when stderr
                           is a terminal, off in CI logs and pipes); never written to stdout

Policy
  --fail-on <level>        exit 1 when a finding is at or above: error (default), warning, note, none
  --base <rev>             compare with a git revision (e.g. origin/main): count findings as new,
                           fixed or unchanged, judged with the same paths and config
  --fail-on new-<level>    with --base: exit 1 only when a NEW finding is at or above the level
                           (new-error, new-warning, new-note)
  --min-score <n>          exit 1 when the score is below n (0-100)
  --env <name>             environment to judge files with no environment in their name or place,
                           and whose score is the headline: ${KNOWN_ENVIRONMENTS.join(', ')}
                           (default ${DEFAULT_HEADLINE}) or an alias (${KNOWN_ENVIRONMENTS.map((e) => ENVIRONMENT_ALIASES[e][0]).join(', ')} …)
  --rule <id>              run only this rule (repeatable)
  --allow-empty            exit 0 when the paths hold no deployment artifact (default: exit 2,
                           as an empty verdict is not a pass)

Code scanning (CI systems other than GitHub Actions)
  --upload-sarif           upload the SARIF report to GitHub code scanning; token from
                           GITHUB_TOKEN (or GH_TOKEN), never printed
  --github-repository <o/r>, --github-sha <sha>, --github-ref <ref>, --github-api-url <url>
                           where to upload (default: GITHUB_REPOSITORY, GITHUB_SHA,
                           GITHUB_REF, GITHUB_API_URL)

Helm
  --values <file>          add a values file to every chart rendering (repeatable, in order);
                           charts render in-process with values.yaml + each environment's
                           values files (values-prod.yaml …, inside or beside the chart)
  --helm-binary <path>     exact mode: render with this helm executable (helm template; no
                           plugins, no network) instead of the built-in renderer

Kustomize
  --kustomize-binary <path>
                           exact mode: build overlays with this kubectl (kubectl kustomize) or
                           kustomize (kustomize build) instead of the built-in build

Standard input
  -                        as the only path: read a manifest stream from stdin
                           (kustomize build . | readiness-lint -, helm template … | readiness-lint -)
  --stdin-filename <name>  the file name stdin is judged as (default stdin.yaml); decides its
                           kind and environment like any file name

Configuration
  -c, --config <path>      config file (default: .readiness-lint.yaml found upward from the first
                           path, up to the repository root; never read: helmBinary,
                           kustomizeBinary)
  --no-config              ignore config files
  --max-file-size <bytes>  larger files are not read and are reported as file-not-judged
                           (default 5242880; at most 134217728; a config file may set at
                           most 20971520)

Adoption
  --write-baseline         record every finding of this run in the baseline file and exit 0;
                           later runs report those findings as baselined (listed, not failing,
                           not scored) and the entries whose finding is gone as stale
  --baseline <file>        baseline file (default: .readiness-lint-baseline.json beside the
                           config file, else at the repository root, else in the working folder)
  --no-baseline            ignore the baseline file
  --init                   write a commented .readiness-lint.yaml fitted to the paths (refuses to
                           overwrite one); with --write-baseline also the baseline
  --print-config           print the effective configuration for the paths: rules with their
                           severity and where it came from, environments, ignores, waivers

Saved reports
  --from <report.json>     render a JSON report saved by an earlier run (-f json -o report.json)
                           in other formats, without linting: the same output a direct run gives;
                           --fail-on and --min-score judge its findings and score

Information
  --list-rules             list the rules with their category and default severity
  completion <shell>       print a completion script for bash, zsh or fish (flags, formats,
                           environments, rule ids), e.g.
                           readiness-lint completion bash > /etc/bash_completion.d/readiness-lint
  -v, --version            print the version
  -h, --help               print this help

Exit codes: 0 passed; 1 findings at or above --fail-on, or score below --min-score;
2 usage, configuration or I/O error, or no deployment artifact in the paths (see --allow-empty).

Waive a finding in YAML, Dockerfiles and env files with a comment on the line above it:
  # readiness-lint-disable-next-line <rule-id> -- <reason>
or for a whole file: # readiness-lint-disable-file <rule-id> -- <reason>
End a reason with (until YYYY-MM-DD) to make the waiver expire; expired and unused waivers are
reported as notices. READINESS_LINT_TODAY=YYYY-MM-DD sets the day expiries are judged against.
`;

/** Even the person running the tool cannot ask for larger files: texts this size already take
 * several times their size in memory once decoded and parsed. */
export const MAX_FILE_SIZE_LIMIT = 128 * 1024 * 1024;

export const FAIL_ON = ['error', 'warning', 'note', 'none', 'new-error', 'new-warning', 'new-note'];

/** What a flag's value is, for shell completion. */
export type OptionValue = 'format' | 'environment' | 'rule' | 'fail-on' | 'file' | 'folder' | 'text';

export interface OptionSpec {
  name: string;
  short?: string;
  /** A boolean flag takes no value; `--no-x` spellings are booleans of their own. */
  value?: OptionValue;
  multiple?: boolean;
  /** One line for shell completion menus (zsh, fish). */
  description: string;
}

/**
 * Every flag the CLI accepts, the one table parsing, did-you-mean and shell completion read
 * (completion.ts), so none of them can drift from the others.
 */
export const OPTIONS: readonly OptionSpec[] = [
  { name: 'format', short: 'f', value: 'format', multiple: true, description: 'report format (repeatable)' },
  { name: 'output-file', short: 'o', value: 'file', multiple: true, description: 'write the report to a file (pairs with --format in order)' },
  { name: 'color', description: 'force colours on' },
  { name: 'no-color', description: 'force colours off' },
  { name: 'quiet', short: 'q', description: 'print errors and the score only' },
  { name: 'progress', description: 'show progress on stderr' },
  { name: 'no-progress', description: 'never show progress' },
  { name: 'fail-on', value: 'fail-on', description: 'exit 1 at or above this level' },
  { name: 'base', value: 'text', description: 'compare with a git revision' },
  { name: 'min-score', value: 'text', description: 'exit 1 below this score (0-100)' },
  { name: 'env', value: 'environment', description: 'headline environment' },
  { name: 'rule', value: 'rule', multiple: true, description: 'run only this rule (repeatable)' },
  { name: 'allow-empty', description: 'exit 0 when no deployment artifact is found' },
  { name: 'upload-sarif', description: 'upload SARIF to GitHub code scanning' },
  { name: 'github-repository', value: 'text', description: 'repository to upload to (owner/repo)' },
  { name: 'github-sha', value: 'text', description: 'commit to upload for' },
  { name: 'github-ref', value: 'text', description: 'ref to upload for' },
  { name: 'github-api-url', value: 'text', description: 'GitHub API URL' },
  // `-f` is the format, as in ESLint, hadolint and Trivy: values files are long-only.
  { name: 'values', value: 'file', multiple: true, description: 'add a Helm values file (repeatable)' },
  { name: 'helm-binary', value: 'file', description: 'render with this helm executable' },
  { name: 'kustomize-binary', value: 'file', description: 'build overlays with this kubectl or kustomize' },
  { name: 'stdin-filename', value: 'text', description: 'the file name stdin (path -) is judged as' },
  { name: 'config', short: 'c', value: 'file', description: 'config file' },
  { name: 'no-config', description: 'ignore config files' },
  { name: 'max-file-size', value: 'text', description: 'larger files are not read (bytes)' },
  { name: 'write-baseline', description: 'record every finding in the baseline file' },
  { name: 'baseline', value: 'file', description: 'baseline file' },
  { name: 'no-baseline', description: 'ignore the baseline file' },
  { name: 'init', description: 'write a commented config fitted to the paths' },
  { name: 'print-config', description: 'print the effective configuration' },
  { name: 'from', value: 'file', description: 'render a saved JSON report instead of linting' },
  { name: 'list-rules', description: 'list the rules' },
  { name: 'version', short: 'v', description: 'print the version' },
  { name: 'help', short: 'h', description: 'print the help' },
];

/** `readiness-lint completion <shell>`: the one subcommand. */
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;

/** Flags parseArgs cannot negate itself (Node 20 has no negatable booleans): read before it. */
const NEGATED = new Set(OPTIONS.filter((o) => o.name.startsWith('no-')).map((o) => o.name));

export function parseCliArgs(argv: readonly string[]): CliOptions {
  const negated = new Set<string>();
  let color: boolean | undefined;
  let progress: boolean | undefined;
  const rest: string[] = [];
  for (const [i, arg] of argv.entries()) {
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    // The last of --color / --no-color (and of --progress / --no-progress) wins.
    if (name !== undefined && NEGATED.has(name)) negated.add(name);
    if (name === 'no-color' || name === 'color') color = name === 'color';
    else if (name === 'no-progress' || name === 'progress') progress = name === 'progress';
    else if (name === undefined || !NEGATED.has(name)) rest.push(arg);
  }
  const parseOptions: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const o of OPTIONS) {
    if (NEGATED.has(o.name) || o.name === 'color' || o.name === 'progress') continue;
    parseOptions[o.name] = { type: o.value ? 'string' : 'boolean', ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, strict: true, options: parseOptions });
  } catch (error) {
    throw new UsageError(usageMessage(error as NodeJS.ErrnoException));
  }
  const v = parsed.values as Record<string, string | boolean | string[] | undefined> as ParsedValues;
  const failOn = v['fail-on'];
  if (failOn !== undefined && !FAIL_ON.includes(failOn)) {
    throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')} (got '${failOn}'${didYouMean(failOn, FAIL_ON).replace(/^ \(/, '; ').replace(/\)$/, '')})`);
  }
  if (failOn?.startsWith('new-') && v.base === undefined) {
    throw new UsageError(`--fail-on ${failOn} judges what is new against a commit: name it with --base <rev> (for example --base origin/main)`);
  }
  let minScore: number | undefined;
  if (v['min-score'] !== undefined) {
    minScore = Number(v['min-score']);
    if (!Number.isFinite(minScore) || minScore < 0 || minScore > 100) {
      throw new UsageError(`--min-score must be a number from 0 to 100 (got '${v['min-score']}')`);
    }
  }
  let env: KnownEnvironment | undefined;
  if (v.env !== undefined) {
    const parsedEnv = parseEnvironmentName(v.env);
    if ('error' in parsedEnv) throw new UsageError(`--env: ${parsedEnv.error}`);
    env = parsedEnv.environment;
  }
  let maxFileSize: number | undefined;
  if (v['max-file-size'] !== undefined) {
    maxFileSize = Number(v['max-file-size']);
    if (!Number.isInteger(maxFileSize) || maxFileSize < 1 || maxFileSize > MAX_FILE_SIZE_LIMIT) {
      throw new UsageError(`--max-file-size must be a number of bytes from 1 to ${MAX_FILE_SIZE_LIMIT} (got '${v['max-file-size']}')`);
    }
  }
  if (negated.has('no-baseline') && (v.baseline !== undefined || v['write-baseline'])) throw new UsageError('--no-baseline cannot be combined with --baseline or --write-baseline');
  if (v.from !== undefined) {
    // What is linted and how is decided by the run that wrote the report.
    const linting: [string, unknown][] = [
      ['paths', parsed.positionals.length || undefined],
      ['--base', v.base],
      ['--env', v.env],
      ['--rule', v.rule?.length || undefined],
      ['--values', v.values?.length || undefined],
      ['--helm-binary', v['helm-binary']],
      ['--kustomize-binary', v['kustomize-binary']],
      ['--stdin-filename', v['stdin-filename']],
      ['--max-file-size', v['max-file-size']],
      ['--baseline', v.baseline],
      ['--write-baseline', v['write-baseline']],
      ['--init', v.init],
      ['--print-config', v['print-config']],
    ];
    const given = linting.filter(([, value]) => value !== undefined && value !== false).map(([name]) => name);
    if (given.length) throw new UsageError(`--from renders a saved report without linting: it cannot be combined with ${given.join(', ')} (they choose what is linted)`);
  }
  const formats = v.format ?? [];
  const outputFiles = v['output-file'] ?? [];
  if (outputFiles.length > Math.max(formats.length, 1)) {
    throw new UsageError('more --output-file than --format options: give one --format per output file');
  }
  return {
    paths: parsed.positionals.length ? parsed.positionals : ['.'],
    formats: formats.length ? formats : ['text'],
    outputFiles,
    config: v.config,
    noConfig: negated.has('no-config'),
    allowEmpty: v['allow-empty'] ?? false,
    failOn: failOn as CliOptions['failOn'],
    base: v.base,
    minScore,
    env,
    color,
    quiet: v.quiet ?? false,
    version: v.version ?? false,
    help: v.help ?? false,
    listRules: v['list-rules'] ?? false,
    rules: v.rule ?? [],
    maxFileSize,
    uploadSarif: v['upload-sarif'] ?? false,
    values: v.values ?? [],
    helmBinary: v['helm-binary'],
    kustomizeBinary: v['kustomize-binary'],
    stdinFilename: v['stdin-filename'],
    baseline: v.baseline,
    noBaseline: negated.has('no-baseline'),
    progress,
    writeBaseline: v['write-baseline'] ?? false,
    init: v.init ?? false,
    printConfig: v['print-config'] ?? false,
    from: v.from,
    github: { repository: v['github-repository'], sha: v['github-sha'], ref: v['github-ref'], apiUrl: v['github-api-url'] },
  };
}

/** The values parseArgs gives for OPTIONS (typed by hand: the table is built at run time). */
interface ParsedValues {
  format?: string[];
  'output-file'?: string[];
  config?: string;
  'fail-on'?: string;
  base?: string;
  'min-score'?: string;
  env?: string;
  quiet?: boolean;
  version?: boolean;
  help?: boolean;
  'list-rules'?: boolean;
  'allow-empty'?: boolean;
  rule?: string[];
  'max-file-size'?: string;
  'upload-sarif'?: boolean;
  values?: string[];
  'helm-binary'?: string;
  'kustomize-binary'?: string;
  'stdin-filename'?: string;
  baseline?: string;
  'write-baseline'?: boolean;
  init?: boolean;
  'print-config'?: boolean;
  from?: string;
  'github-repository'?: string;
  'github-sha'?: string;
  'github-ref'?: string;
  'github-api-url'?: string;
}

/** parseArgs' error as one clear line: an unknown flag gets the nearest real one. */
function usageMessage(error: NodeJS.ErrnoException): string {
  const first = error.message.split('\n')[0]!.replace(/^TypeError \[\w+\]: /, '');
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /^Unknown option '([^']*)'/.exec(first)?.[1] ?? first;
    const spellings = OPTIONS.flatMap((o) => [`--${o.name}`, ...(o.short ? [`-${o.short}`] : [])]);
    // `--formatt=json`: the name is what is misspelt.
    const nearest = flag.startsWith('--')
      ? nearestName(
          flag,
          spellings.filter((s) => s.startsWith('--')),
        )
      : undefined;
    const hint = nearest ? `did you mean ${nearest}?` : 'see --help for the options';
    return `unknown option ${flag} (${hint}); a path starting with '-' goes after '--', as in: -- ${flag}`;
  }
  return first.replace(/\.$/, '');
}

/** Our own colour decision: flag, then NO_COLOR, then FORCE_COLOR, then a TTY, then GitHub Actions. */
export function decideColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (isTTY && env.TERM !== 'dumb') return true;
  // The Actions log viewer renders ANSI colours although stdout is not a TTY.
  return env.GITHUB_ACTIONS === 'true';
}
