// The finding and outcome logs keep a run's results in typed-array columns (files as indexes,
// codes as int32) until the report: what comes out must be what went in, in order, past the
// columns' first growth.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { FindingLog } from '../../src/engine/finding-log.js';
import { OutcomeLog } from '../../src/engine/outcome-log.js';
import type { Finding, Outcome } from '../../src/report/types.js';

describe('compact logs', () => {
  it('the finding log gives back every finding as recorded, extras and odd values included', () => {
    const findings: Finding[] = [];
    for (let i = 0; i < 5000; i++) {
      const f: Finding = {
        ruleId: `rule-${i % 7}`,
        severity: (['error', 'warning', 'note'] as const)[i % 3]!,
        category: 'security',
        messageId: `m${i % 2}`,
        message: `message ${i % 11}`,
        file: `dir-${i % 1500}/file.yaml`,
        range: { start: { line: 1 + (i % 90), column: 1 + (i % 13) }, end: { line: 2 + (i % 90), column: 4 } },
        environment: (['production', 'staging', 'development'] as const)[i % 3]!,
        target: `Deployment/app-${i % 300}`,
        // every 97th is not 32 hex characters: kept as given
        fingerprint: i % 97 === 0 ? `custom-${i}` : (i * 2654435761).toString(16).padStart(32, '0').slice(-32),
      };
      if (i % 50 === 0) f.related = [{ file: 'values.yaml', range: { start: { line: 3, column: 1 }, end: { line: 3, column: 9 } }, message: 'set here' }];
      if (i % 61 === 0) f.suppression = { kind: 'inline', reason: 'accepted' };
      // a fractional column is not an int32 position: kept as given
      if (i % 89 === 0) f.range = { start: { line: 1, column: 1.5 }, end: { line: 1, column: 2 } };
      findings.push(f);
    }
    const log = new FindingLog();
    for (const f of findings) log.push(f);
    expect(log.length).toBe(findings.length);
    expect(log.toArray()).toStrictEqual(findings);
  });

  it('the outcome log gives back every outcome as recorded', () => {
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 5000; i++) {
      const o: Outcome = {
        ruleId: `rule-${i % 9}`,
        target: `Service/api-${i % 400}`,
        file: `svc-${i % 2000}/k8s/service.yaml`,
        environment: (['production', 'staging', 'development', 'test'] as const)[i % 4]!,
        status: (['pass', 'fail', 'not-applicable', 'waived'] as const)[i % 4]!,
        severity: (['error', 'warning'] as const)[i % 2]!,
        category: 'reliability',
      };
      if (o.status === 'not-applicable' && i % 3 === 0) o.reason = `no pods (${i % 5})`;
      outcomes.push(o);
    }
    const log = new OutcomeLog();
    for (const o of outcomes) log.push(o);
    expect(log.length).toBe(outcomes.length);
    expect(log.toArray()).toStrictEqual(outcomes);
    expect([...log.values()]).toStrictEqual(outcomes);
  });
});

describe('the outcome log keeps reasons compact', () => {
  it('a reason costs a few bytes beyond its shared string, not a Map entry', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const N = 200_000;
    const reason = 'no pods: the workload has no containers';
    const logOf = (withReasons: boolean): OutcomeLog => {
      const log = new OutcomeLog();
      for (let i = 0; i < N; i++) {
        const o: Outcome = {
          ruleId: 'r',
          target: 'Deployment/web',
          file: 'web.yaml',
          environment: 'production',
          status: 'not-applicable',
          severity: 'error',
          category: 'reliability',
        };
        if (withReasons) o.reason = reason;
        log.push(o);
      }
      return log;
    };
    const held: { log?: OutcomeLog } = {};
    gc();
    const empty = process.memoryUsage().heapUsed;
    held.log = logOf(false);
    gc();
    const without = process.memoryUsage().heapUsed - empty;
    held.log = logOf(true);
    gc();
    const withReasons = process.memoryUsage().heapUsed - empty;
    expect([...held.log.values()].every((o) => o.reason === reason)).toBe(true);
    // an index and a pointer (12 bytes, with the columns' growth slack); a Map entry was about 30
    expect((withReasons - without) / N).toBeLessThan(20);
  });
});

describe('the finding log keeps extras compact', () => {
  it('a finding with related locations costs its extras object and a few bytes, not a Map entry', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const N = 100_000;
    const related: Finding['related'] = [{ file: 'values.yaml', range: { start: { line: 3, column: 1 }, end: { line: 3, column: 9 } }, message: 'set here' }];
    const logOf = (withRelated: boolean): FindingLog => {
      const log = new FindingLog();
      for (let i = 0; i < N; i++) {
        const f: Finding = {
          ruleId: 'r',
          severity: 'error',
          category: 'security',
          messageId: 'm',
          message: 'a message',
          file: 'web.yaml',
          range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
          environment: 'production',
          target: 'Deployment/web',
          fingerprint: '0123456789abcdef0123456789abcdef',
        };
        if (withRelated) f.related = related;
        log.push(f);
      }
      return log;
    };
    const held: { log?: FindingLog } = {};
    gc();
    const empty = process.memoryUsage().heapUsed;
    held.log = logOf(false);
    gc();
    const without = process.memoryUsage().heapUsed - empty;
    held.log = logOf(true);
    gc();
    const withRelated = process.memoryUsage().heapUsed - empty;
    expect(held.log.toArray().every((f) => f.related === related)).toBe(true);
    // the extras object (about 56 bytes) and 12 bytes of index and pointer; with a Map entry, 93
    expect((withRelated - without) / N).toBeLessThan(80);
  });
});
