// The message contract of rule.yaml enforces itself: a rule that reports a messageId its rule.yaml
// does not declare, or leaves a placeholder of its message without data, fails the fixture harness
// (test/helpers/rule-tester.ts) and, at run time, says so in an internal-error notice instead of
// printing a raw id or a `{placeholder}`.
import { describe, expect, it } from 'vitest';
import { defineCheck, type Problem, type RuleDefinition } from '../../src/engine/api.js';
import { formatMessage, lint, messageContractProblem, ruleById } from '../../src/engine/lint.js';
import { watchRule } from '../helpers/rule-tester.js';

const DEPLOYMENT =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  replicas: 1\n  template: {spec: {containers: [{name: api, image: ghcr.io/acme/api:1.0.0}]}}\n';

/** require-replicas' metadata with a check that reports `problem` for every file. */
function ruleReporting(problem: Problem): RuleDefinition {
  return {
    meta: { ...ruleById('require-replicas')!.meta, id: 'contract-probe' },
    check: defineCheck({
      kinds: ['kubernetes'],
      check(ctx) {
        for (const doc of ctx.project.ofKind('kubernetes')) ctx.fail({ doc, path: [], name: 'Deployment/api' }, problem);
      },
    }),
  };
}

function run(problem: Problem) {
  const rule = ruleReporting(problem);
  const watched = watchRule(rule, [rule]);
  const { report } = lint({ files: [{ path: 'k8s/api.yaml', text: DEPLOYMENT }], rules: watched.rules });
  return { watched, report };
}

describe('message contract', () => {
  it('a made-up messageId fails the harness and is an internal error at run time', () => {
    const { watched, report } = run({ messageId: 'tooFewReplicas', data: { workload: 'Deployment/api', count: 1, min: 2 } });
    expect(watched.violations).toEqual([
      "Deployment/api: reported messageId 'tooFewReplicas', which its rule.yaml does not declare (messages: tooFew, defaultOne, autoscalerFloor, platformDefaultOne, platformFloor, spinsDown, valuesTooFew)",
    ]);
    expect(report.notices).toContain(
      "internal error in rule contract-probe: reported messageId 'tooFewReplicas', which its rule.yaml does not declare (messages: tooFew, defaultOne, autoscalerFloor, platformDefaultOne, platformFloor, spinsDown, valuesTooFew)",
    );
  });

  it('a missing data field fails the harness and is an internal error at run time', () => {
    const { watched, report } = run({ messageId: 'tooFew', data: { workload: 'Deployment/api', count: 1 } });
    expect(watched.violations).toEqual(["Deployment/api: message 'tooFew' reported without data for {min}"]);
    expect(report.notices).toContain("internal error in rule contract-probe: message 'tooFew' reported without data for {min}");
  });

  it('a complete problem passes, and `${VAR}` in a message is quoted shell syntax, not a placeholder', () => {
    const { watched, report } = run({ messageId: 'tooFew', data: { workload: 'Deployment/api', count: 1, min: 2 } });
    expect(watched.violations).toEqual([]);
    expect(report.notices.filter((n) => n.startsWith('internal error'))).toEqual([]);
    const meta = { ...ruleById('require-replicas')!.meta, messages: { shell: 'use `${TOKEN}` for {key}' } };
    expect(messageContractProblem(meta, { messageId: 'shell', data: { key: 'API_KEY' } })).toBeUndefined();
    expect(formatMessage(meta, { messageId: 'shell', data: { key: 'API_KEY', TOKEN: 'x' } })).toBe('use `${TOKEN}` for API_KEY');
  });
});
