// The rule folders, their registration, their READMEs, their fixtures and the README's rules
// table must agree; this test fails when any of them drifts.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/engine/registry.generated.js';
// @ts-expect-error plain ESM script without types
import { generateConfigSchema, generateRegistry, generateRuleTypes, loadMetas, rulesTable, updateReadme } from '../../scripts/generate-registry.mjs';
import { REPO, RULES_DIR, ruleIds } from '../helpers/fixtures.js';

const HEADINGS = ['## Why it matters', '## What is checked', '## How to fix', '## Options', '## When to waive', '## References'];

describe('rule folders', () => {
  it('the generated registry is current', () => {
    expect(readFileSync(join(REPO, 'src/engine/registry.generated.ts'), 'utf8')).toBe(generateRegistry());
  });

  it('the generated rule types (options, message data) are current', () => {
    expect(readFileSync(join(REPO, 'src/engine/rule-types.generated.ts'), 'utf8')).toBe(generateRuleTypes());
  });

  it('the config schema carries every rule and its options, and is current', () => {
    const text = readFileSync(join(REPO, 'schemas/config.schema.json'), 'utf8');
    expect(text, 'schemas/config.schema.json is stale: run npm run docs').toBe(generateConfigSchema(loadMetas(), text));
    const rules = JSON.parse(text).properties.rules.properties as Record<string, { oneOf: { type?: string; properties?: { options?: unknown } }[] }>;
    expect(Object.keys(rules).sort()).toEqual(ruleIds());
    const replicas = rules['require-replicas']!.oneOf.find((s) => s.type === 'object')!.properties!.options;
    expect(replicas).toMatchObject({ additionalProperties: false, properties: { minReplicas: { type: 'integer', default: 2 } } });
  });

  it('the README rules table is current', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    expect(readme).toContain('<!-- rules-table:start');
    expect(updateReadme(readme, rulesTable(loadMetas())), 'the README rules table is stale: run npm run docs').toBe(readme);
  });

  it('every folder is registered and every registered rule has a folder', () => {
    expect(RULES.map((r) => r.meta.id).sort()).toEqual(ruleIds());
  });

  for (const id of ruleIds()) {
    describe(id, () => {
      const rule = RULES.find((r) => r.meta.id === id)!;
      it('README has the required headings in order', () => {
        const readme = readFileSync(join(RULES_DIR, id, 'README.md'), 'utf8');
        expect(readme.startsWith(`# ${id}\n`)).toBe(true);
        const found = readme.split('\n').filter((l) => l.startsWith('## '));
        expect(found).toEqual(HEADINGS);
      });
      it('has pass and fail fixtures', () => {
        for (const kind of ['pass', 'fail']) {
          const dir = join(RULES_DIR, id, 'fixtures', kind);
          expect(existsSync(dir) && readdirSync(dir).length > 0, `${id}/fixtures/${kind}`).toBe(true);
        }
      });
      it('has check code unless it is a builtin rule', () => {
        expect(Boolean(rule.check) || Boolean(rule.meta.builtin)).toBe(true);
        expect(existsSync(join(RULES_DIR, id, 'check.ts'))).toBe(!rule.meta.builtin);
      });
      it('README says whether the rule is repository-wide, as its metadata does', () => {
        const readme = readFileSync(join(RULES_DIR, id, 'README.md'), 'utf8');
        expect(readme.includes('**Repository-wide** (`scope: repository`)')).toBe(rule.meta.scope === 'repository');
      });
      it('message placeholders are well formed', () => {
        for (const text of Object.values(rule.meta.messages)) expect(text).not.toMatch(/\{[^}\w]|\{\}/);
      });
    });
  }
});
