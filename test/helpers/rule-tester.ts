// ESLint's RuleTester, for our fixtures: runs one rule with its context watched, so every problem
// it reports is checked against the message contract of its rule.yaml (a declared messageId, data
// for every `{placeholder}`), whatever the fixture's position expectations say.
import { messageContractProblem } from '../../src/engine/lint.js';
import type { Problem, RuleDefinition } from '../../src/engine/api.js';
import { RULES } from '../../src/engine/registry.generated.js';

export interface WatchedRule {
  /** The registry with the rule replaced by its watched copy: pass as `lint({ rules })`. */
  rules: RuleDefinition[];
  /** Every problem the rule reported, in order. */
  reported: Problem[];
  /** Contract violations, one line each ("tooFew: message 'tooFew' reported without data for {min}"). */
  violations: string[];
}

export function watchRule(rule: RuleDefinition, registry: readonly RuleDefinition[] = RULES): WatchedRule {
  const reported: Problem[] = [];
  const violations: string[] = [];
  const original = rule.check;
  const watched: RuleDefinition = original
    ? {
        meta: rule.meta,
        check: {
          kinds: original.kinds,
          check(ctx) {
            original.check({
              ...ctx,
              fail(target, ...problems) {
                for (const problem of problems) {
                  reported.push(problem);
                  const broken = messageContractProblem(rule.meta, problem);
                  if (broken) violations.push(`${target.name}: ${broken}`);
                }
                ctx.fail(target, ...problems);
              },
            });
          },
        },
      }
    : rule;
  return { rules: registry.map((r) => (r.meta.id === rule.meta.id ? watched : r)), reported, violations };
}
