// What a pull request changes in .readiness-lint.yaml. The config lives in the tree under review, so
// a PR can weaken its own gate (turn a rule off, lower a severity, waive, ignore, loosen failOn or
// minScore, remap environments). The comment and the job summary list every change against the
// base commit's config, read from git objects and parsed with the same parseConfig, so reviewers
// see it. Everything listed comes from the tree and is escaped for markdown.

import { execFileSync } from 'node:child_process';
import { dirname, relative, resolve } from 'node:path';
import { CONFIG_FILE_NAMES, EMPTY_CONFIG, parseConfig, toPosix, type Config, type RuleSetting, type Waiver } from '../config/index.js';
import type { Severity } from '../model/vocabulary.js';
import { markdownText } from '../formatters/escape.js';
import { isObjectId } from './base.js';

export interface ConfigChange {
  /** Plain text (unescaped); rendered through markdownText. */
  text: string;
  /** True when the change can let through what the base config stopped. */
  loosens: boolean;
}

export interface ConfigChangesInput {
  workspace: string;
  baseSha: string;
  /** The config the run used (EMPTY_CONFIG without one) and its absolute path. */
  head: Config;
  headPath?: string;
  /** The `config` input as given, when one was: the base is read at the same path. */
  configInput?: string;
  /** First linted path, absolute: where the upward lookup starts, as for the head. */
  lookupStart: string;
  knownRules: ReadonlySet<string>;
  defaultSeverity: (ruleId: string) => Severity | undefined;
}

export type ConfigComparison = { changes: ConfigChange[]; basePath?: string } | { error: string };

const MAX_CONFIG_BYTES = 1024 * 1024;

/** Read the base commit's config and compare; undefined when the base commit is not available. */
export function compareWithBaseConfig(input: ConfigChangesInput): ConfigComparison | undefined {
  const { workspace, baseSha } = input;
  if (!isObjectId(baseSha)) return undefined;
  const git = (args: string[]) => execFileSync('git', ['-C', workspace, ...args], { maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  // config-named blobs of the base tree, by repository path (NUL-separated: any name is safe)
  const blobs = new Map<string, { id: string; size: number }>();
  try {
    for (const entry of git(['ls-tree', '-r', '-z', '--long', '--end-of-options', baseSha]).toString('utf8').split('\0')) {
      const m = /^\d+ blob ([0-9a-f]+)\s+(\d+)\t(.*)$/s.exec(entry);
      if (m && CONFIG_FILE_NAMES.includes(m[3]!.slice(m[3]!.lastIndexOf('/') + 1))) blobs.set(m[3]!, { id: m[1]!, size: Number(m[2]) });
    }
  } catch {
    return undefined; // base commit not fetched
  }
  const repoPath = (absolute: string) => toPosix(relative(workspace, absolute));
  let basePath: string | undefined;
  if (input.configInput) {
    const p = repoPath(resolve(workspace, input.configInput));
    if (blobs.has(p)) basePath = p;
  } else {
    // the same upward lookup as for the head, in the base tree, stopping at the workspace
    let dir = input.lookupStart;
    for (;;) {
      const rel = repoPath(dir);
      if (rel.startsWith('..')) break;
      const found = CONFIG_FILE_NAMES.map((n) => (rel ? `${rel}/${n}` : n)).find((p) => blobs.has(p));
      if (found) {
        basePath = found;
        break;
      }
      if (!rel) break;
      dir = dirname(dir);
    }
  }
  let base = EMPTY_CONFIG;
  if (basePath) {
    const blob = blobs.get(basePath)!;
    if (blob.size > MAX_CONFIG_BYTES) return { error: `the base commit's ${basePath} is over ${MAX_CONFIG_BYTES} bytes` };
    try {
      const text = git(['cat-file', 'blob', blob.id]).toString('utf8');
      // relative to the workspace, like the head config (the Action's cwd for config purposes)
      base = parseConfig(text, basePath, toPosix(dirname(basePath)) === '.' ? '' : toPosix(dirname(basePath)), input.knownRules);
    } catch (error) {
      return { error: `the base commit's ${basePath} could not be read: ${(error as Error).message}` };
    }
  }
  const headPath = input.headPath ? repoPath(input.headPath) : undefined;
  const changes = diffConfigs(base, input.head, input.defaultSeverity);
  if (basePath !== headPath) {
    const text = !headPath ? `config file ${basePath} removed` : !basePath ? `config file ${headPath} added` : `config file moved from ${basePath} to ${headPath}`;
    changes.unshift({ text, loosens: false });
  }
  return { changes, basePath };
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, note: 1 };
// How strict a failOn is: 'note' fails on the most, 'none' on nothing.
const FAIL_ON_STRICTNESS: Record<Severity | 'none', number> = { note: 3, warning: 2, error: 1, none: 0 };

/** Every difference between two configs, in a stable order. */
export function diffConfigs(base: Config, head: Config, defaultSeverity: (ruleId: string) => Severity | undefined): ConfigChange[] {
  const changes: ConfigChange[] = [];
  const add = (text: string, loosens: boolean) => changes.push({ text, loosens });

  const effective = (s: RuleSetting | undefined, id: string) => ({
    enabled: s?.enabled ?? true,
    severity: s?.severity ?? defaultSeverity(id),
    options: JSON.stringify(s?.options ?? null),
  });
  for (const id of [...new Set([...Object.keys(base.rules), ...Object.keys(head.rules)])].sort()) {
    const b = effective(base.rules[id], id);
    const h = effective(head.rules[id], id);
    if (b.enabled && !h.enabled) add(`rule ${id} turned off`, true);
    else if (!b.enabled && h.enabled) add(`rule ${id} turned on`, false);
    if (h.enabled && b.severity !== h.severity && b.severity && h.severity) {
      add(`rule ${id} severity ${b.severity} → ${h.severity}`, SEVERITY_RANK[h.severity] < SEVERITY_RANK[b.severity]);
    }
    if (b.options !== h.options) add(`rule ${id} options changed`, true);
  }

  for (const glob of difference(head.ignore, base.ignore)) add(`ignore glob added: ${glob}`, true);
  for (const glob of difference(base.ignore, head.ignore)) add(`ignore glob removed: ${glob}`, false);

  const waiverKey = (w: Waiver) => JSON.stringify([w.rule, w.files ?? [], w.reason]);
  const waiverText = (w: Waiver) => `${w.rule}${w.files?.length ? ` in ${w.files.join(', ')}` : ' everywhere'} (reason: ${w.reason})`;
  const baseWaivers = new Set(base.waivers.map(waiverKey));
  const headWaivers = new Set(head.waivers.map(waiverKey));
  for (const w of head.waivers) if (!baseWaivers.has(waiverKey(w))) add(`waiver added: ${waiverText(w)}`, true);
  for (const w of base.waivers) if (!headWaivers.has(waiverKey(w))) add(`waiver removed: ${waiverText(w)}`, false);

  const bFail = base.failOn ?? 'error';
  const hFail = head.failOn ?? 'error';
  if (bFail !== hFail) add(`failOn ${bFail} → ${hFail}`, FAIL_ON_STRICTNESS[hFail] < FAIL_ON_STRICTNESS[bFail]);
  const bMin = base.minScore ?? 0;
  const hMin = head.minScore ?? 0;
  if (bMin !== hMin) add(`minScore ${base.minScore ?? 'unset'} → ${head.minScore ?? 'unset'}`, hMin < bMin);
  const bEnv = base.env ?? 'production';
  const hEnv = head.env ?? 'production';
  if (bEnv !== hEnv) add(`default environment ${bEnv} → ${hEnv}`, hEnv !== 'production');
  for (const env of [...new Set([...Object.keys(base.environments), ...Object.keys(head.environments)])].sort()) {
    const b = base.environments[env as keyof Config['environments']] ?? [];
    const h = head.environments[env as keyof Config['environments']] ?? [];
    for (const glob of difference(h, b)) add(`environment ${env}: glob added: ${glob}`, env !== 'production');
    for (const glob of difference(b, h)) add(`environment ${env}: glob removed: ${glob}`, env === 'production');
  }
  if (base.maxFileSize !== head.maxFileSize) {
    add(`maxFileSize ${base.maxFileSize ?? 'default'} → ${head.maxFileSize ?? 'default'}`, (head.maxFileSize ?? Infinity) < (base.maxFileSize ?? Infinity));
  }
  return changes;
}

function difference(a: readonly string[], b: readonly string[]): string[] {
  const other = new Set(b);
  return [...new Set(a)].filter((x) => !other.has(x));
}

/** The markdown section for the comment and the summary; empty when nothing changed. */
export function configChangesMarkdown(comparison: ConfigComparison | undefined): string {
  if (!comparison) return '';
  if ('error' in comparison) return `> [!WARNING]\n> Configuration changes unknown: ${markdownText(comparison.error)}\n`;
  const { changes } = comparison;
  if (changes.length === 0) return '';
  const loosening = changes.filter((c) => c.loosens).length;
  const out = [
    `### ${loosening ? '⚠️ ' : ''}This pull request changes the readiness-lint configuration${loosening ? ` (${loosening} change${loosening === 1 ? '' : 's'} can loosen the gate)` : ''}`,
    '',
    ...changes.map((c) => `- ${c.loosens ? '⚠️ ' : ''}${markdownText(c.text)}`),
    '',
  ];
  return out.join('\n');
}
