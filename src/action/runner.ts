// The few runner protocols the Action needs, written against GitHub's documented formats
// (inputs from INPUT_*, outputs and summary appended to files, workflow commands on stdout).
// Hand-written instead of @actions/core: a dozen lines each, and no extra dependency in the bundle.

import { appendFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';

export type Env = NodeJS.ProcessEnv;

/** `INPUT_<NAME>`: upper-cased, spaces to underscores, hyphens kept (as the runner sets them). */
export function getInput(env: Env, name: string, fallback = ''): string {
  const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
  return value === undefined || value.trim() === '' ? fallback : value.trim();
}

export function getBooleanInput(env: Env, name: string, fallback: boolean): boolean {
  const raw = getInput(env, name, String(fallback));
  if (['true', 'True', 'TRUE'].includes(raw)) return true;
  if (['false', 'False', 'FALSE'].includes(raw)) return false;
  throw new Error(`input '${name}' must be true or false (got '${raw}')`);
}

/** Newline- (or comma-) separated list input. */
export function getListInput(env: Env, name: string, fallback: string[]): string[] {
  const raw = getInput(env, name);
  if (!raw) return fallback;
  return raw
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function setOutput(env: Env, name: string, value: string): void {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

export function appendSummary(env: Env, markdown: string): boolean {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  appendFileSync(file, markdown.endsWith('\n') ? markdown : markdown + '\n');
  return true;
}

export function command(name: 'error' | 'warning' | 'notice', message: string): string {
  return `::${name}::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`;
}
