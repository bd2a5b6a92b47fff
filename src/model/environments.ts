// The one environment model (DESIGN.md §9): the vocabulary, every way a name, a folder, a values
// file, a compose layer or a config glob maps to an environment, and the evidence that decided it.
// Discovery, Helm, the config, the CLI flag, the Action input and the README all read their words
// from here; nothing else spells environment names. Imports nothing else of ours but the
// did-you-mean measure.

import { nearestName } from './nearest.js';

export type Environment = 'production' | 'staging' | 'development' | 'test' | 'unknown';
export type KnownEnvironment = Exclude<Environment, 'unknown'>;

/** The environments a file can serve, production (the default headline) first. */
export const KNOWN_ENVIRONMENTS: readonly KnownEnvironment[] = ['production', 'staging', 'development', 'test'];
/** The headline environment when neither `--env` nor the config's `env:` names one. */
export const DEFAULT_HEADLINE: KnownEnvironment = 'production';
/** Every environment value, `unknown` (nothing says which) last. */
export const ENVIRONMENTS: readonly Environment[] = [...KNOWN_ENVIRONMENTS, 'unknown'];

/**
 * The words that name each environment, as whole tokens of a file or folder name, or as a value
 * of `--env`, the config's `env:` and `environments:` keys. `qa` is staging (an acceptance stage
 * before production), as Helm values files have always treated it.
 */
export const ENVIRONMENT_ALIASES: Readonly<Record<KnownEnvironment, readonly string[]>> = {
  production: ['prod', 'prd', 'live'],
  staging: ['stage', 'stg', 'preprod', 'pre-prod', 'uat', 'qa'],
  development: ['dev', 'develop', 'devel', 'local'],
  test: ['testing', 'ci', 'e2e'],
};

/** Compose layer names that are development by the Compose convention (`compose.override.yaml`). */
export const DEVELOPMENT_COMPOSE_LAYERS: readonly string[] = ['override'];

const BY_WORD: ReadonlyMap<string, KnownEnvironment> = new Map(
  KNOWN_ENVIRONMENTS.flatMap((env) => [[env, env] as const, ...ENVIRONMENT_ALIASES[env].map((alias) => [alias, env] as const)]),
);

/** Every accepted name (canonical names and aliases), for help texts and did-you-mean. */
export const ENVIRONMENT_WORDS: readonly string[] = [...BY_WORD.keys()];

/** How an environment was decided. */
export type EnvironmentSource =
  | 'config' // a glob under the config's `environments:`
  | 'file-name' // a whole token of the file name (`values-prod.yaml`, `.env.production`)
  | 'compose-layer' // a compose override layer (`docker-compose.override.yml`)
  | 'chart-ci-values' // a chart's `ci/*.yaml` values (helm's chart-testing convention)
  | 'folder' // a whole token of a folder name (`overlays/production/`)
  | 'ci-pipeline' // a CI pipeline serves every environment, whatever its name
  | 'content' // the file's settings declare it (`NODE_ENV: development`, `npm run dev`, a source bind mount)
  | 'caller' // a pre-classified file given to lint() with its environment and no evidence
  | 'none'; // nothing names one: judged as the headline environment (`--env`, default production)

export interface EnvironmentEvidence {
  environment: Environment;
  source: EnvironmentSource;
  /** For people: what decided it, e.g. `file name token "prod"`. */
  detail: string;
}

/** The environment a word names (`prod`, `Staging`, `pre-prod`), or undefined. */
export function environmentNamed(word: string): KnownEnvironment | undefined {
  const lower = word.trim().toLowerCase();
  return BY_WORD.get(lower) ?? BY_WORD.get(lower.replace(/[^a-z0-9]+/g, '-'));
}

/** Parse a user-given environment name (flag, config, Action input): canonical name or error text. */
export function parseEnvironmentName(input: string): { environment: KnownEnvironment } | { error: string } {
  const environment = environmentNamed(input);
  if (environment) return { environment };
  const suggestion = didYouMean(input);
  return {
    error: `unknown environment '${input}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}; use one of ${KNOWN_ENVIRONMENTS.join(', ')} or an alias (${KNOWN_ENVIRONMENTS.map((e) => ENVIRONMENT_ALIASES[e].join('/')).join(', ')})`,
  };
}

/** The closest accepted word within two edits (a third of the word for long ones), if any. */
function didYouMean(input: string): string | undefined {
  return nearestName(input, ENVIRONMENT_WORDS);
}

// ---------------------------------------------------------------------------------------------
// Names and places

function tokens(s: string): string[] {
  return s
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '');
}

/** The first environment word among the tokens; `pre` + `prod` (`pre-prod`) is one staging word. */
function fromTokens(toks: readonly string[], composeLayers: boolean): { environment: KnownEnvironment; word: string; layer: boolean } | undefined {
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const next = toks[i + 1];
    if (t === 'pre' && next !== undefined && environmentNamed(next) === 'production') return { environment: 'staging', word: `pre-${next}`, layer: false };
    if (composeLayers && DEVELOPMENT_COMPOSE_LAYERS.includes(t)) return { environment: 'development', word: t, layer: true };
    const environment = BY_WORD.get(t);
    if (environment) return { environment, word: t, layer: false };
  }
  return undefined;
}

export interface PathContext {
  /** The file is a compose file: `override` in its name is the development layer. */
  compose?: boolean;
  /** The file is a CI pipeline: it serves every environment, its name says nothing. */
  ciPipeline?: boolean;
  /**
   * Folders to read instead of the file's own (a chart's files take their environment from the
   * folders above the chart: `local-path-provisioner/`, `templates/` say nothing).
   */
  folder?: string;
}

/**
 * Environment from whole, delimited tokens of the file name (first match), then of the folder
 * segments from the innermost outwards. `product.yaml` is not production, `devices/` not dev.
 */
export function environmentFromPath(path: string, context: PathContext = {}): EnvironmentEvidence {
  if (context.ciPipeline) return { environment: 'unknown', source: 'ci-pipeline', detail: 'a CI pipeline serves every environment' };
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  const byName = fromTokens(tokens(name), context.compose === true);
  if (byName) {
    return byName.layer
      ? { environment: byName.environment, source: 'compose-layer', detail: `compose layer "${byName.word}" (development by the Compose convention)` }
      : { environment: byName.environment, source: 'file-name', detail: `file name token "${byName.word}"` };
  }
  const folder = context.folder ?? (slash === -1 ? '' : path.slice(0, slash));
  const dirs = folder.split('/').filter((d) => d !== '');
  for (let i = dirs.length - 1; i >= 0; i--) {
    const byFolder = fromTokens(tokens(dirs[i]!), false);
    if (byFolder) return { environment: byFolder.environment, source: 'folder', detail: `folder "${dirs.slice(0, i + 1).join('/')}/" token "${byFolder.word}"` };
  }
  return NO_ENVIRONMENT;
}

const NO_ENVIRONMENT: EnvironmentEvidence = {
  environment: 'unknown',
  source: 'none',
  detail: 'no environment word in the file name or its folders',
};

/** A chart's `ci/*.yaml` values files: chart-testing inputs, so test. */
export function chartCiValuesEvidence(): EnvironmentEvidence {
  return { environment: 'test', source: 'chart-ci-values', detail: "a chart's ci/ values file (chart-testing input)" };
}

/** A config glob under `environments:` decided it. */
export function configEvidence(environment: KnownEnvironment, glob: string): EnvironmentEvidence {
  return { environment, source: 'config', detail: `config environments.${environment} glob "${glob}"` };
}

/**
 * The file's own settings declared it (names said nothing): `what` names the setting as written,
 * `line` is where it is (1-based, from the parser).
 */
export function contentEvidence(environment: KnownEnvironment, what: string, line: number): EnvironmentEvidence {
  return { environment, source: 'content', detail: `setting ${what} at line ${line}` };
}

/**
 * An environment values file of a chart: `values-prod.yaml`, `values.production.yaml`,
 * `values-pre-prod.yaml`. The whole suffix must name one environment (`values-prod-eu.yaml` is a
 * regional variant, not the production layer every production rendering uses).
 */
export function environmentOfValuesFileName(name: string): KnownEnvironment | undefined {
  const m = /^values[-._](.+)\.ya?ml$/i.exec(name);
  if (!m) return undefined;
  const toks = tokens(m[1]!);
  if (toks.length === 1) return BY_WORD.get(toks[0]!);
  if (toks.length === 2 && toks[0] === 'pre' && BY_WORD.get(toks[1]!) === 'production') return 'staging';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Documentation

/** The README's word table, generated so it never drifts from the model. */
export function environmentWordsMarkdown(): string {
  return [
    '| environment | words (whole tokens of a file or folder name; also accepted by `--env`, `env:` and `environments:`) |',
    '|---|---|',
    ...KNOWN_ENVIRONMENTS.map((env) => {
      const extra = env === 'development' ? `, and \`${DEVELOPMENT_COMPOSE_LAYERS.join('`, `')}\` in a compose file name` : '';
      return `| ${env} | ${[env, ...ENVIRONMENT_ALIASES[env]].map((w) => `\`${w}\``).join(', ')}${env === 'staging' ? ', `pre` + a production word' : ''}${extra} |`;
    }),
  ].join('\n');
}
