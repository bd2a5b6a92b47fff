// .readiness-lint.yaml: found upward from the first linted path (or named by --config), validated
// against schemas/config.schema.json. Every problem names the file, the line and what is wrong.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Ajv } from 'ajv';
import { LineCounter, parseDocument, isMap, isScalar, isSeq, visit, type Node } from 'yaml';
import { globProblem } from '../parsers/glob.js';
import { isCalendarDate } from '../model/dates.js';
import type configSchemaType from '../../schemas/config.schema.json';
import type { Severity } from '../model/vocabulary.js';
import { parseEnvironmentName, type KnownEnvironment } from '../model/environments.js';
import { didYouMean } from '../model/nearest.js';

// ajv (about 180 KB of code with its dependencies) is loaded on first use, so a run that needs
// no validation does not compile it; scripts/build.mjs ships it as a file of its own.
const ajv = (): typeof import('ajv') => require('ajv') as typeof import('ajv');
// the schema is read on first use too: its object literal is built only when something is validated
const configSchema = (): typeof configSchemaType => require('../../schemas/config.schema.json') as typeof configSchemaType;

export const CONFIG_FILE_NAMES = ['.readiness-lint.yaml', '.readiness-lint.yml'];

export interface RuleSetting {
  enabled: boolean;
  severity?: Severity;
  options?: Record<string, unknown>;
}

export interface Waiver {
  rule: string;
  files?: string[];
  reason: string;
  /** Last day the waiver holds (YYYY-MM-DD). */
  expires?: string;
  /** Where the waiver is written in the config file (1-based), for messages about it. */
  line?: number;
}

/** Configuration with paths made relative to the working directory of the run. */
export interface Config {
  /** POSIX path of the config file relative to cwd, when one was used. */
  file?: string;
  rules: Record<string, RuleSetting>;
  ignore: string[];
  environments: Partial<Record<KnownEnvironment, string[]>>;
  /**
   * Compose `-f` chains by environment (paths relative to cwd, base first): how the project runs
   * `docker compose -f compose.yaml -f compose.prod.yaml` in that environment.
   */
  compose?: Partial<Record<KnownEnvironment, string[][]>>;
  waivers: Waiver[];
  env?: KnownEnvironment;
  failOn?: Severity | 'none';
  minScore?: number;
  maxFileSize?: number;
  /** Line (1-based) of each setting in the config file, by JSON pointer (`/rules/<id>`, `/ignore/0`, `/env` …): for --print-config. */
  lines?: Record<string, number>;
}

export const EMPTY_CONFIG: Config = { rules: {}, ignore: [], environments: {}, waivers: [] };

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    // The detail may quote the (untrusted) config: no terminal escape or line break reaches stderr.
    super(`${file}:${line}:${column}: ${detail.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}`);
    this.name = 'ConfigError';
  }
}

/**
 * The config file for a run starting at `start` (a file or folder). The search climbs no higher
 * than the repository root (the nearest folder holding `.git`, a folder or, for worktrees and
 * submodules, a file) and, outside any repository, looks only in the folder given: a config
 * planted in a shared parent folder (a world-writable /tmp, a CI workspace's parent) must never
 * configure the lint of what lies below it.
 */
export function findConfig(start: string): string | undefined {
  let dir = resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  const root = repositoryRoot(dir) ?? dir;
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    if (dir === root) return undefined;
    dir = dirname(dir);
  }
}

/**
 * The nearest folder at or above `dir` that holds a `.git` entry (folder or file), if any. The
 * search does not climb into a world-writable folder (/tmp): anyone could plant a `.git` there,
 * and with it a config above every project below.
 */
export function repositoryRoot(dir: string): string | undefined {
  const start = resolve(dir);
  for (let current = start; ;) {
    if (current !== start && isWorldWritable(current)) return undefined;
    if (existsSync(join(current, '.git'))) return current;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

function isWorldWritable(dir: string): boolean {
  try {
    return (statSync(dir).mode & 0o002) !== 0;
  } catch {
    return true; // unknown: do not trust it
  }
}

/** The largest maxFileSize a config file may set (the command line may go higher). */
export const CONFIG_MAX_FILE_SIZE_LIMIT = 20 * 1024 * 1024;
/** Config files are small; a larger one is refused before it is read. */
export const CONFIG_FILE_SIZE_LIMIT = 1024 * 1024;
export const HELM_BINARY_REFUSED = 'helmBinary is not read from a config file: a scanned repository must not choose a program to run; pass --helm-binary on the command line';

export const KUSTOMIZE_BINARY_REFUSED =
  'kustomizeBinary is not read from a config file: a scanned repository must not choose a program to run; pass --kustomize-binary on the command line';

let validateConfig: ReturnType<Ajv['compile']> | undefined;

/**
 * Parse and validate config text. `displayPath` is how errors name the file; `baseDir` is the
 * config folder relative to cwd (POSIX), used to re-root its globs. `knownRules` rejects unknown ids.
 */
export function parseConfig(text: string, displayPath: string, baseDir: string, knownRules: ReadonlySet<string>): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number | undefined) => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { line: pos.line, column: pos.col };
  };
  const firstError = doc.errors[0];
  if (firstError) {
    const p = at(firstError.pos[0]);
    throw new ConfigError(displayPath, p.line, p.column, `invalid YAML: ${firstError.message.split('\n')[0]}`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 }) ?? {};
  } catch (error) {
    // An alias bomb: the yaml package refuses to expand it; report where expansion starts.
    let firstAlias: number | undefined;
    visit(doc, {
      Alias(_, node) {
        firstAlias = node.range?.[0];
        return visit.BREAK;
      },
    });
    const p = at(firstAlias);
    throw new ConfigError(displayPath, p.line, p.column, `invalid YAML: ${(error as Error).message} (aliases expand too far)`);
  }
  // The node at a JSON pointer (or, with `key`, the key naming its last step), else the nearest ancestor found.
  const nodeAt = (pointer: string, key = false): Node | undefined => {
    let node: unknown = doc.contents;
    const steps = pointer.split('/').slice(1);
    for (const [i, raw] of steps.entries()) {
      const step = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === step);
        if (!pair) break;
        node = key && i === steps.length - 1 ? pair.key : pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(step)];
        if (item === undefined) break;
        node = item;
      } else break;
    }
    return (node as Node | undefined) ?? undefined;
  };
  const fail = (pointer: string, message: string, key = false): never => {
    const node = nodeAt(pointer, key);
    const p = at(node?.range?.[0]);
    throw new ConfigError(displayPath, p.line, p.column, message);
  };

  // Before the schema, so the reason is the message rather than a generic schema error.
  const helmBinaryKey = isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'helmBinary')?.key : undefined;
  if (isScalar(helmBinaryKey)) {
    const p = at(helmBinaryKey.range?.[0]);
    throw new ConfigError(displayPath, p.line, p.column, HELM_BINARY_REFUSED);
  }
  const kustomizeBinaryKey = isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'kustomizeBinary')?.key : undefined;
  if (isScalar(kustomizeBinaryKey)) {
    const p = at(kustomizeBinaryKey.range?.[0]);
    throw new ConfigError(displayPath, p.line, p.column, KUSTOMIZE_BINARY_REFUSED);
  }

  // Rule options first: each against its rule's own schema, so a typo gets a did-you-mean rather
  // than the config schema's generic "must match exactly one schema in oneOf".
  for (const [id, setting] of Object.entries(isPlainObject(data) && isPlainObject(data.rules) ? data.rules : {})) {
    if (!isPlainObject(setting) || !('options' in setting)) continue;
    const problem = ruleOptionsProblem(id, setting.options);
    if (problem) fail(`/rules/${escapePointer(id)}/options${problem.pointer}`, problem.message, problem.key);
  }

  validateConfig ??= new (ajv().Ajv)({ allErrors: false, strict: false }).compile(configSchema());
  if (!validateConfig(data)) {
    const error = validateConfig.errors![0]!;
    const where = error.instancePath || '/';
    let message = `${where} ${error.message ?? 'is invalid'}`;
    if (error.keyword === 'additionalProperties') {
      message = `${where === '/' ? 'top level' : where}: unknown key '${(error.params as { additionalProperty: string }).additionalProperty}'`;
    } else if (error.keyword === 'enum') {
      message = `${where} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    }
    fail(error.instancePath, message);
  }
  const raw = data as {
    rules?: Record<string, string | boolean | { enabled?: boolean; severity?: Severity; options?: Record<string, unknown> }>;
    ignore?: string[];
    environments?: Record<string, string[]>;
    compose?: Record<string, string[] | string[][]>;
    waivers?: Waiver[];
    env?: string;
    failOn?: Config['failOn'];
    minScore?: number;
    maxFileSize?: number;
  };
  const checkGlob = (glob: string, pointer: string) => {
    const problem = globProblem(glob);
    if (problem) fail(pointer, `glob '${glob.length > 80 ? `${glob.slice(0, 80)}…` : glob}' ${problem}`);
  };
  const reroot = (glob: string) => {
    const negated = glob.startsWith('!');
    const body = negated ? glob.slice(1) : glob;
    const joined = baseDir && baseDir !== '.' ? `${baseDir}/${body.replace(/^\.\//, '')}` : body.replace(/^\.\//, '');
    return (negated ? '!' : '') + joined;
  };
  const rules: Record<string, RuleSetting> = {};
  for (const [id, setting] of Object.entries(raw.rules ?? {})) {
    if (!knownRules.has(id)) fail(`/rules/${id}`, `unknown rule id '${id}'${didYouMean(id, knownRules)} (run readiness-lint --list-rules to see them)`);
    if (setting === 'off' || setting === false) rules[id] = { enabled: false };
    else if (setting === 'on' || setting === true) rules[id] = { enabled: true };
    else if (typeof setting === 'string') rules[id] = { enabled: true, severity: setting as Severity };
    else rules[id] = { enabled: setting.enabled ?? true, severity: setting.severity, options: setting.options };
  }
  (raw.waivers ?? []).forEach((w, i) => {
    if (!knownRules.has(w.rule)) fail(`/waivers/${i}/rule`, `unknown rule id '${w.rule}'${didYouMean(w.rule, knownRules)}`);
    if (w.expires !== undefined && !isCalendarDate(w.expires)) fail(`/waivers/${i}/expires`, `/waivers/${i}/expires is not a date; write YYYY-MM-DD (e.g. 2027-03-31)`);
    w.files?.forEach((glob, j) => checkGlob(glob, `/waivers/${i}/files/${j}`));
  });
  (raw.ignore ?? []).forEach((glob, i) => checkGlob(glob, `/ignore/${i}`));
  for (const [env, globs] of Object.entries(raw.environments ?? {})) (globs as string[]).forEach((glob, i) => checkGlob(glob, `/environments/${env}/${i}`));
  if (raw.maxFileSize !== undefined && raw.maxFileSize > CONFIG_MAX_FILE_SIZE_LIMIT) {
    fail(
      '/maxFileSize',
      `maxFileSize may be at most ${CONFIG_MAX_FILE_SIZE_LIMIT} bytes in a config file: a scanned repository must not choose how much memory a run takes; pass --max-file-size on the command line for more`,
    );
  }
  // Environment names and aliases are the model's; an unknown one is an error with a did-you-mean.
  const environmentAt = (name: string, pointer: string): KnownEnvironment => {
    const parsed = parseEnvironmentName(name);
    return 'error' in parsed ? fail(pointer, `${pointer}: ${parsed.error}`) : parsed.environment;
  };
  const environments: Config['environments'] = {};
  for (const [name, globs] of Object.entries(raw.environments ?? {})) {
    const env = environmentAt(name, `/environments/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    environments[env] = [...(environments[env] ?? []), ...globs.map(reroot)];
  }
  // Compose chains name files, base first, relative to the config's folder: one chain or a list of chains.
  const compose: NonNullable<Config['compose']> = {};
  for (const [name, value] of Object.entries(raw.compose ?? {})) {
    const pointer = `/compose/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const env = environmentAt(name, pointer);
    const chains = (value.length > 0 && Array.isArray(value[0]) ? value : [value]) as string[][];
    chains.forEach((chain, i) =>
      chain.forEach((file, j) => {
        const at = chains === value ? `${pointer}/${i}/${j}` : `${pointer}/${j}`;
        if (/[*?[\]{}!]/.test(file)) fail(at, `${at}: a compose chain names files in the order of docker compose -f, not globs ('${file.slice(0, 80)}')`);
        if (file.startsWith('/') || file.split('/').includes('..'))
          fail(at, `${at}: a compose chain names files inside the project, relative to the config file ('${file.slice(0, 80)}')`);
      }),
    );
    compose[env] = [...(compose[env] ?? []), ...chains.map((chain) => chain.map(reroot))];
  }
  const env = raw.env === undefined ? undefined : environmentAt(raw.env, '/env');
  const pointer = (...parts: string[]) => `/${parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
  const lines: Record<string, number> = {};
  const lineAt = (ptr: string) => {
    const node = nodeAt(ptr);
    if (node?.range) lines[ptr] = at(node.range[0]).line;
  };
  for (const id of Object.keys(raw.rules ?? {})) lineAt(pointer('rules', id));
  for (const name of Object.keys(raw.environments ?? {})) lineAt(pointer('environments', name));
  (raw.ignore ?? []).forEach((_, i) => lineAt(pointer('ignore', String(i))));
  for (const key of ['env', 'failOn', 'minScore', 'maxFileSize']) if (key in raw) lineAt(pointer(key));
  return {
    lines,
    file: displayPath,
    rules,
    ignore: (raw.ignore ?? []).map(reroot),
    environments,
    ...(Object.keys(compose).length ? { compose } : {}),
    waivers: (raw.waivers ?? []).map((w, i) => ({ ...w, files: w.files?.map(reroot), line: at(nodeAt(`/waivers/${i}`)?.range?.[0]).line })),
    env,
    failOn: raw.failOn,
    minScore: raw.minScore,
    maxFileSize: raw.maxFileSize,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapePointer(step: string): string {
  return step.replace(/~/g, '~0').replace(/\//g, '~1');
}

interface OptionSchema {
  type?: string;
  properties?: Record<string, OptionSchema & { description?: string }>;
}

/** Each rule's options schema, from the generated part of the config schema (one source for editors and the loader). */
function optionSchemaOf(id: string): OptionSchema | undefined {
  const rules = (configSchema().properties.rules as { properties?: Record<string, { oneOf: { type?: string; properties?: { options?: OptionSchema } }[] }> }).properties;
  if (!rules || !Object.hasOwn(rules, id)) return undefined;
  return rules[id]!.oneOf.find((s) => s.type === 'object')?.properties?.options;
}

const optionValidators = new Map<string, ReturnType<Ajv['compile']>>();

/**
 * What is wrong with a rule's options, if anything: where (a JSON pointer below `options`, and
 * whether to point at the key) and a message naming the option, with a did-you-mean for a
 * misspelled name. Unknown rule ids are left to the caller (they have their own message).
 */
export function ruleOptionsProblem(id: string, options: unknown): { pointer: string; key: boolean; message: string } | undefined {
  const schema = optionSchemaOf(id);
  if (!schema) return undefined;
  let validate = optionValidators.get(id);
  if (!validate) {
    validate = new (ajv().Ajv)({ allErrors: false, strict: false }).compile(schema);
    optionValidators.set(id, validate);
  }
  if (validate(options)) return undefined;
  const error = validate.errors![0]!;
  const known = Object.keys(schema.properties ?? {});
  const where = `rules.${id}.options${error.instancePath.replace(/\//g, '.')}`;
  if (error.keyword === 'additionalProperties') {
    const name = (error.params as { additionalProperty: string }).additionalProperty;
    const hint = known.length ? didYouMean(name, known) || ` (options: ${known.join(', ')})` : ' (the rule takes no options)';
    return { pointer: `${error.instancePath}/${escapePointer(name)}`, key: true, message: `${where}: unknown option '${name}'${hint}` };
  }
  if (error.keyword === 'enum') {
    return { pointer: error.instancePath, key: false, message: `${where} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` };
  }
  return { pointer: error.instancePath, key: false, message: `${where} ${error.message ?? 'is invalid'}` };
}

/** Read a config file from disk; errors (missing, unreadable, invalid) are ConfigErrors. */
export function loadConfig(path: string, cwd: string, knownRules: ReadonlySet<string>): Config {
  const display = toPosix(relative(cwd, resolve(cwd, path))) || path;
  let text: string;
  try {
    if (statSync(resolve(cwd, path)).size > CONFIG_FILE_SIZE_LIMIT) {
      throw new ConfigError(display, 1, 1, `config file is larger than ${CONFIG_FILE_SIZE_LIMIT} bytes`);
    }
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(display, 1, 1, `cannot read config: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const baseDir = toPosix(relative(cwd, dirname(resolve(cwd, path))));
  return parseConfig(text, display, baseDir, knownRules);
}

export function toPosix(p: string): string {
  return p.split('\\').join('/');
}

export { globMatcher, globProblem, GLOB_MAX_LENGTH } from '../parsers/glob.js';
