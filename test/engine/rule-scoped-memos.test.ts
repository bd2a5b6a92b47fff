// An index only one rule reads (`memo(..., { scope: 'rule' })`) is dropped when that rule ends
// (issue 18): it does not stay next to every document while the other rules run. Dropped too early
// it would only be computed again, so this also checks that no other rule asks for one. The same
// for an index a few rules read (`{ readers }`): it goes when the last of them ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discover } from '../../src/discovery/index.js';
import { lint } from '../../src/engine/lint.js';
import { defineCheck, type RuleDefinition } from '../../src/engine/api.js';
import { ALL_RULES } from '../../src/engine/rules.js';
import { memo, memoKeys, readersKeys, ruleScopedKeys } from '../../src/model/project.js';
// @ts-expect-error: a plain ES module of the benchmark, without types
import { generateMonorepo } from '../../scripts/synthetic-monorepo.mjs';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const WEB = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n';

function probeRule(id: string, check: RuleDefinition['check']): RuleDefinition {
  return {
    meta: {
      id,
      title: id,
      description: 'test rule',
      category: 'reliability',
      severity: 'error',
      tags: [],
      evidence: ['kubernetes'],
      messages: { one: 'one' },
      remediation: 'none',
    },
    check,
  };
}

describe('indexes kept for one rule', () => {
  it('are dropped when that rule ends; project-wide ones stay', () => {
    let computed = 0;
    const seenByNext: string[][] = [];
    const asks = probeRule(
      'asks',
      defineCheck({
        kinds: ['kubernetes'],
        check(ctx) {
          memo(ctx.project, 'test.mine', () => ++computed, { scope: 'rule' });
          memo(ctx.project, 'test.mine', () => ++computed, { scope: 'rule' });
          memo(ctx.project, 'test.shared', () => 'shared');
          for (const doc of ctx.project.ofKind('kubernetes')) ctx.pass({ doc, path: [], name: 'Deployment/web' });
        },
      }),
    );
    const next = probeRule(
      'next',
      defineCheck({
        kinds: ['kubernetes'],
        check(ctx) {
          seenByNext.push(memoKeys(ctx.project));
          for (const doc of ctx.project.ofKind('kubernetes')) ctx.pass({ doc, path: [], name: 'Deployment/web' });
        },
      }),
    );
    lint({ files: [{ path: 'web.yaml', text: WEB }], rules: [asks, next] });
    // computed once while its rule ran, gone when the next one starts
    expect(computed).toBe(1);
    expect(seenByNext).toEqual([['test.shared']]);
  });

  it('an index with readers stays while one of them is still to run, and goes after the last', () => {
    let computed = 0;
    const seen: Record<string, string[]> = {};
    const rule = (id: string, reads: boolean) =>
      probeRule(
        id,
        defineCheck({
          kinds: ['kubernetes'],
          check(ctx) {
            seen[id] = memoKeys(ctx.project);
            if (reads) memo(ctx.project, 'test.read', () => ++computed, { readers: ['first', 'last', 'skipped'] });
            for (const doc of ctx.project.ofKind('kubernetes')) ctx.pass({ doc, path: [], name: 'Deployment/web' });
          },
        }),
      );
    // 'skipped' reads it too but is not run (only 'first' and 'last' are): it does not keep it
    lint({
      files: [{ path: 'web.yaml', text: WEB }],
      rules: [rule('first', true), rule('middle', false), rule('last', true), rule('after', false), rule('skipped', true)],
      onlyRules: ['first', 'middle', 'last', 'after'],
    });
    expect(computed).toBe(1);
    expect(seen.middle).toContain('test.read');
    expect(seen.after).not.toContain('test.read');
  });

  it('are asked for by one rule only (else each asking rule would compute them again)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-rule-memos-'));
    dirs.push(dir);
    (generateMonorepo as (dir: string, files: number) => void)(dir, 300);
    const found = await discover([dir, join(import.meta.dirname, '../../fixtures/demo')], { cwd: dir });
    const askedBy = new Map<string, string[]>();
    const readBy = new Set<string>();
    const rules = ALL_RULES.map((rule): RuleDefinition => {
      const check = rule.check;
      if (!check) return rule;
      return {
        ...rule,
        check: {
          ...check,
          check(ctx) {
            const before = new Set(readersKeys(ctx.project).keys());
            check.check(ctx);
            for (const key of ruleScopedKeys(ctx.project)) askedBy.set(key, [...(askedBy.get(key) ?? []), rule.meta.id]);
            // an index with readers made by a rule not among them would be made again by each such rule
            for (const [key, readers] of readersKeys(ctx.project)) {
              if (!before.has(key)) expect(readers, `${key} made by ${rule.meta.id}`).toContain(rule.meta.id);
              readBy.add(key);
            }
          },
        },
      };
    });
    lint({ files: found.files, skipped: found.skipped, rules, renderHelm: true });
    // the tree makes most of them (compose builds, Dockerfiles, workloads, scrapers)
    expect(askedBy.size).toBeGreaterThanOrEqual(4);
    for (const [key, rulesAsking] of askedBy) expect(rulesAsking, key).toHaveLength(1);
    expect([...readBy]).toContain('settings.values');
    expect([...readBy]).toContain('settings.containers');
  });
});
