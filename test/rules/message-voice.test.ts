// One voice for every rule's messages (README "Writing a rule"): sentence case, names in
// backticks, no single- or double-quoted names, no trailing full stop. A lint over the message
// templates of every rule.yaml, so a new rule cannot bring a fourth style.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { loadMetas } from '../../scripts/generate-registry.mjs';
import type { RuleMeta } from '../../src/engine/api.js';

/** Placeholders that hold a name (of a container, service, resource, key, file, image, flag): always in backticks. */
export const NAME_PLACEHOLDERS = ['container', 'service', 'name', 'account', 'app', 'image', 'dockerfile', 'context', 'key', 'file', 'tag', 'flag', 'source'];

/** What is wrong with a message template's voice, one line each. */
export function voiceProblems(template: string): string[] {
  const problems: string[] = [];
  if (!/^[A-Z`{]/.test(template)) problems.push('starts with neither a capital letter, a backtick nor a placeholder');
  if (/(?<!\.)\.$/.test(template)) problems.push('ends with a full stop');
  if (/'\{\w+\}'|"\{\w+\}"/.test(template)) problems.push('quotes a placeholder with quotation marks instead of backticks');
  // Outside code spans (even segments between backticks), a name placeholder is bare.
  template.split('`').forEach((segment, i) => {
    if (i % 2 === 1) return;
    for (const m of segment.matchAll(/(?<!\$)\{(\w+)\}/g)) if (NAME_PLACEHOLDERS.includes(m[1]!)) problems.push(`{${m[1]}} holds a name: write it in backticks`);
  });
  if ((template.match(/`/g) ?? []).length % 2 === 1) problems.push('has an unbalanced backtick');
  return problems;
}

describe('message voice', () => {
  const metas = loadMetas() as RuleMeta[];
  for (const meta of metas) {
    it(meta.id, () => {
      const problems = Object.entries(meta.messages).flatMap(([id, text]) => voiceProblems(text).map((p) => `${id}: ${p}`));
      expect(problems).toEqual([]);
    });
  }

  it('the lint catches each of the three old styles', () => {
    expect(voiceProblems("Service '{service}' runs privileged.")).toEqual([
      'ends with a full stop',
      'quotes a placeholder with quotation marks instead of backticks',
      '{service} holds a name: write it in backticks',
    ]);
    expect(voiceProblems('service {service} has no restart policy')).toEqual([
      'starts with neither a capital letter, a backtick nor a placeholder',
      '{service} holds a name: write it in backticks',
    ]);
    expect(voiceProblems('Service `{service}` has no restart policy')).toEqual([]);
    expect(voiceProblems('use `${VAR}` without a default')).toEqual(['starts with neither a capital letter, a backtick nor a placeholder']);
  });
});
