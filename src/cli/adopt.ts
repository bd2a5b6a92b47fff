// The adoption path: the baseline file on disk, `--init` (a first config fitted to the tree) and
// `--print-config` (the effective configuration and where each setting came from).

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { BASELINE_FILE_NAME, BASELINE_FILE_SIZE_LIMIT, BaselineError, parseBaseline, type Baseline } from '../baseline/index.js';
import { repositoryRoot, toPosix, type Config } from '../config/index.js';
import { ALL_RULES } from '../engine/lint.js';
import { DEFAULT_HEADLINE, KNOWN_ENVIRONMENTS, type KnownEnvironment } from '../model/environments.js';
import type { Report } from '../report/types.js';

export const CONFIG_SCHEMA_URL = 'https://raw.githubusercontent.com/readiness-lint/readiness-lint/main/schemas/config.schema.json';

/** The folder a run's own files (config from --init, baseline) belong in: the first path's folder. */
export function startFolder(cwd: string, firstPath: string): string {
  const start = resolve(cwd, firstPath);
  try {
    return statSync(start).isDirectory() ? start : dirname(start);
  } catch {
    return dirname(start);
  }
}

/**
 * Default baseline place: beside the config file in use, else at the repository root, else in the
 * working folder (which report paths, and so fingerprints, are relative to).
 */
export function defaultBaselinePath(cwd: string, firstPath: string, config: Config): string {
  if (config.file) return join(dirname(resolve(cwd, config.file)), BASELINE_FILE_NAME);
  return join(repositoryRoot(startFolder(cwd, firstPath)) ?? resolve(cwd), BASELINE_FILE_NAME);
}

/** Reads a baseline from the scanned tree (untrusted): size-capped, then validated. Missing → undefined. */
export function readBaselineFile(path: string, cwd: string, required: boolean): Baseline | undefined {
  const display = toPosix(relative(cwd, path)) || path;
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new BaselineError(display, 'is not a regular file');
    size = stat.size;
  } catch (error) {
    if (error instanceof BaselineError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !required) return undefined;
    throw new BaselineError(display, `cannot read baseline: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (size > BASELINE_FILE_SIZE_LIMIT) throw new BaselineError(display, `baseline file is larger than ${BASELINE_FILE_SIZE_LIMIT} bytes`);
  return parseBaseline(readFileSync(path, 'utf8'), display);
}

/**
 * A commented first config: the environments the model found (with the evidence), each rule with
 * findings and its default severity (to change or turn off), the schema line editors read. Every
 * setting it writes changes nothing about the run, so a baseline written beside it matches.
 */
export function initialConfig(report: Report): string {
  const out: string[] = [
    `# yaml-language-server: $schema=${CONFIG_SCHEMA_URL}`,
    "# readiness-lint configuration, written by readiness-lint --init. Reference: the README's Configuration section.",
    '',
    `# Headline environment (the score that gates): ${DEFAULT_HEADLINE} unless set here or with --env.`,
    `env: ${report.environment}`,
    '',
  ];
  const found = new Map<KnownEnvironment, string[]>();
  for (const f of report.files) {
    const evidence = f.environmentEvidence;
    if (!evidence || evidence.source === 'none' || f.environment === 'unknown') continue;
    const list = found.get(f.environment as KnownEnvironment) ?? [];
    list.push(`${f.path} (${evidence.detail})`);
    found.set(f.environment as KnownEnvironment, list);
  }
  out.push('# Environments found from file and folder names (files naming none are judged as the headline):');
  if (found.size === 0) out.push('#   none: every file is judged as the headline environment');
  for (const env of KNOWN_ENVIRONMENTS) {
    const files = found.get(env);
    if (!files) continue;
    out.push(`#   ${env}: ${files.length} file${files.length === 1 ? '' : 's'}, e.g. ${comment(files.slice(0, 3).join(', '))}`);
  }
  out.push('# Map other files to an environment with globs:', '# environments:', '#   staging: ["deploy/stage-*/**"]', '');
  const failing = new Map<string, number>();
  for (const f of report.findings) failing.set(f.ruleId, (failing.get(f.ruleId) ?? 0) + 1);
  const ruleIds = [...failing.keys()].sort();
  if (ruleIds.length) {
    out.push('# Rules with findings today (default severity shown): uncomment to change a severity, or turn a rule off with "off".', '# rules:');
    for (const id of ruleIds) {
      const meta = ALL_RULES.find((r) => r.meta.id === id)?.meta;
      out.push(`#   ${id}: ${meta?.severity ?? 'error'}   # ${failing.get(id)} finding${failing.get(id) === 1 ? '' : 's'}${meta ? ` — ${comment(meta.title)}` : ''}`);
    }
    out.push('');
  } else {
    out.push('# No rule has findings today; change a rule with:', '# rules:', '#   require-probes: warning', '');
  }
  out.push(
    '# Paths never linted (picomatch globs, relative to this file):',
    '# ignore: ["examples/**"]',
    '',
    '# Waivers for a rule in some files; a reason is required, an expiry is optional:',
    '# waivers:',
    '#   - rule: require-resource-limits',
    '#     files: ["charts/legacy/**"]',
    '#     reason: legacy chart, replaced this quarter',
    '#     expires: 2027-03-31',
    '',
  );
  return out.join('\n');
}

/** The effective configuration, one setting a line with where it came from. */
export function describeConfig(config: Config, report: Report, envFromCli: KnownEnvironment | undefined): string {
  const from = (pointer: string) => (config.file && config.lines?.[pointer] !== undefined ? `${config.file}:${config.lines[pointer]}` : undefined);
  const out: string[] = [`config file: ${config.file ?? 'none (defaults)'}`];
  const headlineFrom = envFromCli ? '--env' : config.env ? (from('/env') ?? 'config') : 'default';
  out.push(`headline environment: ${report.environment} (${headlineFrom})`);
  if (config.failOn) out.push(`failOn: ${config.failOn} (${from('/failOn') ?? 'config'})`);
  if (config.minScore !== undefined) out.push(`minScore: ${config.minScore} (${from('/minScore') ?? 'config'})`);
  out.push('rules:');
  for (const rule of [...ALL_RULES].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1))) {
    const setting = config.rules[rule.meta.id];
    const state = setting && !setting.enabled ? 'off' : (setting?.severity ?? rule.meta.severity);
    const where = setting ? (from(`/rules/${rule.meta.id}`) ?? 'config') : 'default';
    out.push(`  ${rule.meta.id}: ${state} (${where})${setting?.options ? ` options ${JSON.stringify(setting.options)}` : ''}`);
  }
  out.push('environments:');
  for (const [env, globs] of Object.entries(config.environments)) out.push(`  ${env}: ${JSON.stringify(globs)} (${from(`/environments/${env}`) ?? 'config'})`);
  for (const f of report.files) {
    if (f.skipped !== undefined) continue;
    out.push(`  ${f.path}: ${f.environment}${f.environmentEvidence ? ` (${f.environmentEvidence.detail})` : ''}`);
  }
  out.push('ignore:');
  config.ignore.forEach((glob, i) => out.push(`  ${JSON.stringify(glob)} (${from(`/ignore/${i}`) ?? 'config'})`));
  out.push('waivers:');
  for (const w of config.waivers) {
    out.push(
      `  ${w.rule}${w.files ? ` in ${JSON.stringify(w.files)}` : ''}${w.expires ? ` until ${w.expires}` : ''}: ${JSON.stringify(w.reason)} (${config.file ?? 'config'}:${w.line ?? 1})`,
    );
  }
  return out.map(printable).join('\n') + '\n';
}

/** One comment line: no line break may end the comment early. */
function comment(text: string): string {
  return printable(text).replace(/[\r\n\u2028\u2029]/g, ' ');
}

/** Controls from the tree (paths, reasons) shown as \\uXXXX, never sent to the terminal. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function configExistsIn(folder: string, names: readonly string[]): string | undefined {
  return names.map((n) => join(folder, n)).find((p) => existsSync(p));
}
