// Command-line parsing with node:util parseArgs (no dependency needed). Usage errors are thrown
// as UsageError and end in exit code 2 with a one-line hint.

import { parseArgs } from 'node:util';
import type { Severity } from '../engine/api.js';
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
  github: { repository?: string; sha?: string; ref?: string; apiUrl?: string };
}

export const HELP = `Usage: readiness-lint [options] [paths...]

Checks a repository's deployment artifacts — Kubernetes manifests, Helm charts and values,
compose files, Dockerfiles, env files — against the production-readiness checklist, and scores it.
Paths default to the current folder; .gitignore and the config's ignore globs are honoured.

Output
  --format <name>          text (default), json, sarif (GitHub code scanning), markdown (job
                           summary / PR comment), github (workflow annotations), html (one
                           self-contained page), junit (CI test reports), gitlab (GitLab Code
                           Quality); repeat to write several formats in one run
  -o, --output-file <path> write the report to a file instead of stdout (pairs with --format
                           in order; a file is written whole or not at all, keeping its mode;
                           missing folders are created; a device or FIFO is written in place)
  --color, --no-color      force colours on or off (default: on for a terminal; NO_COLOR and
                           FORCE_COLOR are honoured)
  -q, --quiet              print errors and the score only

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
  -f, --values <file>      add a values file to every chart rendering (repeatable, in order);
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

Information
  --list-rules             list the rules with their category and default severity
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

const FAIL_ON = ['error', 'warning', 'note', 'none', 'new-error', 'new-warning', 'new-note'];

export function parseCliArgs(argv: readonly string[]): CliOptions {
  // --no-color / --color: parseArgs on Node 20 has no negatable booleans.
  let color: boolean | undefined;
  let noConfig = false;
  let noBaseline = false;
  const rest: string[] = [];
  for (const arg of argv) {
    if (arg === '--no-color') color = false;
    else if (arg === '--color') color = true;
    else if (arg === '--no-config') noConfig = true;
    else if (arg === '--no-baseline') noBaseline = true;
    else rest.push(arg);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', multiple: true },
        'output-file': { type: 'string', short: 'o', multiple: true },
        config: { type: 'string', short: 'c' },
        'fail-on': { type: 'string' },
        base: { type: 'string' },
        'min-score': { type: 'string' },
        env: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
        'list-rules': { type: 'boolean' },
        'allow-empty': { type: 'boolean' },
        rule: { type: 'string', multiple: true },
        'max-file-size': { type: 'string' },
        'upload-sarif': { type: 'boolean' },
        values: { type: 'string', short: 'f', multiple: true },
        'helm-binary': { type: 'string' },
        'kustomize-binary': { type: 'string' },
        'stdin-filename': { type: 'string' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'boolean' },
        init: { type: 'boolean' },
        'print-config': { type: 'boolean' },
        'github-repository': { type: 'string' },
        'github-sha': { type: 'string' },
        'github-ref': { type: 'string' },
        'github-api-url': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!.replace(/^TypeError \[\w+\]: /, ''));
  }
  const v = parsed.values;
  const failOn = v['fail-on'];
  if (failOn !== undefined && !FAIL_ON.includes(failOn)) {
    throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')} (got '${failOn}')`);
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
  if (noBaseline && (v.baseline !== undefined || v['write-baseline'])) throw new UsageError('--no-baseline cannot be combined with --baseline or --write-baseline');
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
    noConfig,
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
    noBaseline,
    writeBaseline: v['write-baseline'] ?? false,
    init: v.init ?? false,
    printConfig: v['print-config'] ?? false,
    github: { repository: v['github-repository'], sha: v['github-sha'], ref: v['github-ref'], apiUrl: v['github-api-url'] },
  };
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
