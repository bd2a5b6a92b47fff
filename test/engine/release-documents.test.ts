// A run keeps findings and outcomes, not documents (issue 18): once the rules have judged the
// project, its documents are collectable before the report is built and written, and the outcomes
// wait for the report in a compact form (engine/outcome-log.ts).
import { queryObjects } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { defineCheck, type RuleDefinition } from '../../src/engine/api.js';
import { OutcomeLog } from '../../src/engine/outcome-log.js';
import { FindingLog } from '../../src/engine/finding-log.js';
import type { Outcome } from '../../src/scoring/types.js';
import type { Finding } from '../../src/report/types.js';
import { YamlLocator } from '../../src/parsers/yaml-locator.js';

/** Live YAML locators (one per parsed YAML document), counted after a full collection. */
const liveLocators = (): number => queryObjects(YamlLocator, { format: 'count' }) as number;

const WEB = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n';

describe('documents released once judged', () => {
  it('no document is alive while the report is built', () => {
    const before = liveLocators();
    let judged = 0;
    let aliveWhenBuilt: number | undefined;
    const meta = {
      id: 'one-replica',
      title: 'one replica',
      description: 'test rule',
      category: 'reliability' as const,
      severity: 'error' as const,
      tags: [],
      evidence: ['kubernetes' as const],
      messages: { one: 'runs one replica' },
      // read when the report describes the rule: the documents should be gone by then
      get remediation() {
        aliveWhenBuilt = liveLocators() - before;
        return 'more replicas';
      },
    };
    const rule: RuleDefinition = {
      meta,
      check: defineCheck({
        kinds: ['kubernetes'],
        check(ctx) {
          for (const doc of ctx.project.ofKind('kubernetes')) {
            judged++;
            ctx.fail({ doc, path: [], name: 'Deployment/web' }, { messageId: 'one', path: ['spec', 'replicas'] });
          }
        },
      }),
    };
    const { report } = lint({ files: [{ path: 'web.yaml', text: WEB }], rules: [rule] });
    expect(report.findings.map((f) => [f.ruleId, f.range.start])).toEqual([['one-replica', { line: 6, column: 13 }]]);
    expect(judged).toBe(1);
    expect(aliveWhenBuilt).toBe(0);
  });

  it('the outcome log gives back every outcome as recorded, in order', () => {
    const recorded: Outcome[] = [
      { ruleId: 'a', target: 'Deployment web', file: 'web.yaml', environment: 'production', status: 'pass', severity: 'error', category: 'reliability' },
      {
        ruleId: 'b',
        target: 'service api',
        file: 'compose.yaml',
        environment: 'development',
        status: 'not-applicable',
        severity: 'note',
        category: 'security',
        reason: 'relaxed in development',
      },
      { ruleId: 'a', target: 'Deployment web', file: 'web.yaml', environment: 'staging', status: 'fail', severity: 'error', category: 'reliability' },
      { ruleId: 'a', target: 'Deployment db', file: 'db.yaml', environment: 'production', status: 'waived', severity: 'warning', category: 'reliability' },
    ];
    const log = new OutcomeLog();
    for (const o of recorded) log.push(o);
    expect(log.length).toBe(4);
    expect(log.toArray()).toEqual(recorded);
    // key order as the engine writes outcomes (reason last, absent when none)
    expect(log.toArray().map((o) => Object.keys(o))).toEqual(recorded.map((o) => Object.keys(o)));
  });

  it('the finding log gives back every finding as recorded, in order, with the same keys', () => {
    const range = (a: number, b: number, c: number, d: number) => ({ start: { line: a, column: b }, end: { line: c, column: d } });
    const recorded: Finding[] = [
      {
        ruleId: 'a',
        severity: 'error',
        category: 'reliability',
        messageId: 'one',
        message: 'runs one replica',
        file: 'web.yaml',
        range: range(6, 13, 6, 14),
        environment: 'production',
        target: 'Deployment/web',
        fingerprint: '0123456789abcdef0123456789abcdef',
      },
      {
        ruleId: 'b',
        severity: 'note',
        category: 'security',
        messageId: 'two',
        message: 'a related value',
        file: 'chart/templates/web.yaml',
        range: range(1, 1, 3, 2),
        environment: 'staging',
        target: 'Deployment/web container app',
        fingerprint: 'ffeeddccbbaa99887766554433221100',
        related: [{ file: 'chart/values.yaml', range: range(2, 3, 2, 9), message: 'set here' }],
        suppression: { kind: 'inline', reason: 'known' },
      },
      // kept as given where packing would change what the report prints
      {
        ruleId: 'a',
        severity: 'warning',
        category: 'reliability',
        messageId: 'one',
        message: 'runs one replica',
        file: 'db.yaml',
        range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1.5, column: 2 } } as Finding['range'],
        environment: 'production',
        target: 'StatefulSet/db',
        fingerprint: 'not-a-hex-fingerprint',
        suppression: { kind: 'baseline', reason: 'known in .readiness-lint-baseline.json' },
      },
    ];
    const log = new FindingLog();
    for (const f of recorded) log.push(f);
    expect(log.length).toBe(3);
    expect(log.toArray()).toEqual(recorded);
    expect(JSON.stringify(log.toArray())).toBe(JSON.stringify(recorded));
  });
});
