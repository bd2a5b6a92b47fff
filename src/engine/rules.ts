// The registered rules, by id: what a run judges unless the caller passes its own set.

import type { RuleDefinition } from './api.js';
import { RULES } from './registry.generated.js';

export const ALL_RULES: readonly RuleDefinition[] = RULES;
export const RULES_BY_ID: ReadonlyMap<string, RuleDefinition> = new Map(RULES.map((r) => [r.meta.id, r]));

export function ruleById(id: string): RuleDefinition | undefined {
  return RULES_BY_ID.get(id);
}
