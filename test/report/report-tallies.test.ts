// The report's scores and checklists are counted in one pass over outcomes made one at a time
// (report/build.ts, engine/outcome-log.ts). They must be what scoring the whole list gives:
// checked here against score(), scoreBy() and outcomesByEnvironment() on seeded random runs.
import { describe, expect, it } from 'vitest';
import { buildReport, compareFindings, type RuleInput } from '../../src/report/build.js';
import { outcomesByEnvironment, score, scoreBy, Tally } from '../../src/scoring/index.js';
import { OutcomeLog } from '../../src/engine/outcome-log.js';
import { fingerprint } from '../../src/engine/phases/evaluate.js';
import { createHash } from 'node:crypto';
import { ENVIRONMENTS } from '../../src/model/environments.js';
import type { Finding, Outcome } from '../../src/report/types.js';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const RULES: RuleInput[] = ['alpha', 'beta', 'gamma', 'delta'].map((id, i) => ({
  id,
  title: id,
  description: id,
  category: (['security', 'reliability', 'observability', 'security'] as const)[i]!,
  severity: (['error', 'warning', 'note', 'error'] as const)[i]!,
  tags: [],
  remediation: '',
  ...(id === 'delta' ? { scope: 'repository' as const } : {}),
}));

function outcomesOf(seed: number, count: number): Outcome[] {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const out: Outcome[] = [];
  const seen = new Set<string>();
  while (out.length < count) {
    const rule = pick(RULES);
    const o: Outcome = {
      ruleId: rule.id,
      target: `t${Math.floor(next() * 6)}`,
      file: `f${Math.floor(next() * 5)}.yaml`,
      environment: pick(['production', 'staging', 'development', 'production'] as const),
      status: pick(['pass', 'fail', 'not-applicable', 'waived'] as const),
      severity: rule.severity,
      category: rule.category,
    };
    // the engine records one outcome per rule, file, target and environment
    const key = `${o.ruleId} ${o.file} ${o.target} ${o.environment}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (o.status === 'not-applicable' && next() < 0.7) o.reason = pick(['no pods', 'relaxed in development', 'no service']);
    out.push(o);
  }
  return out;
}

const build = (outcomes: Iterable<Outcome>, findings: Finding[] = []) =>
  buildReport({
    files: ['f0.yaml', 'f1.yaml', 'f2.yaml', 'f3.yaml', 'f4.yaml', 'f5.yaml'].map((path) => ({ path, kind: 'kubernetes', environment: 'production', text: '' })),
    documentCounts: new Map(),
    skipped: [],
    findings,
    outcomes,
    rules: RULES,
    headline: 'production',
    notices: [],
  });

describe('report tallies', () => {
  it('a Tally fed outcome by outcome scores as score() scores the list', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const outcomes = outcomesOf(seed, 60);
      const tally = new Tally();
      for (const o of outcomes) tally.add(o);
      expect(tally.score()).toStrictEqual(score(outcomes));
    }
  });

  it('scores per file, category and environment and the checklists are those of the whole list, from one pass', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const outcomes = outcomesOf(seed, 80);
      let passes = 0;
      // a generator that can be read once, as OutcomeLog.values() is
      const report = build(
        (function* () {
          passes++;
          yield* outcomes;
        })(),
      );
      expect(passes).toBe(1);
      expect(report.overall).toStrictEqual(score(outcomes));
      expect(report.categories).toStrictEqual(Object.fromEntries(scoreBy(outcomes, (o) => o.category)));
      const byFile = scoreBy(outcomes, (o) => o.file);
      for (const file of report.files) expect(file.score).toStrictEqual(byFile.get(file.path));
      const present = new Set([...outcomes.map((o) => o.environment), 'production']);
      const expected = outcomesByEnvironment(
        outcomes,
        (id) => id === 'delta',
        ENVIRONMENTS.filter((e) => present.has(e)),
      );
      expect(Object.keys(report.environments)).toStrictEqual([...expected.keys()]);
      for (const [environment, mine] of expected) {
        const got = report.environments[environment]!;
        expect({ ...got, categories: undefined, checklist: undefined }).toStrictEqual({ ...score(mine), categories: undefined, checklist: undefined });
        expect(got.categories).toStrictEqual(Object.fromEntries(scoreBy(mine, (o) => o.category)));
        for (const line of got.checklist) {
          const own = mine.filter((o) => o.ruleId === line.ruleId);
          expect([line.passed, line.failed, line.waived, line.notApplicable]).toStrictEqual(
            (['pass', 'fail', 'waived', 'not-applicable'] as const).map((s) => own.filter((o) => o.status === s).length),
          );
        }
      }
    }
  });

  it('the outcome log gives its outcomes one at a time, as toArray() lists them', () => {
    const outcomes = outcomesOf(7, 50);
    const log = new OutcomeLog();
    for (const o of outcomes) log.push(o);
    const iterator = log.values();
    expect(iterator.next().value).toStrictEqual(outcomes[0]);
    expect([...log.values()]).toStrictEqual(outcomes);
    expect(log.toArray()).toStrictEqual(outcomes);
  });

  it('findings come out in compareFindings order, ties in the order given', () => {
    const next = random(3);
    const findings: Finding[] = Array.from({ length: 400 }, (_, i) => ({
      ruleId: `r${Math.floor(next() * 3)}`,
      severity: (['error', 'warning', 'note'] as const)[Math.floor(next() * 3)]!,
      category: 'security',
      messageId: 'm',
      message: `message ${Math.floor(next() * 2)}`,
      file: `dir/${Math.floor(next() * 4)}/file-${Math.floor(next() * 3)}.yaml`,
      range: { start: { line: 1 + Math.floor(next() * 3), column: 1 }, end: { line: 9, column: 1 } },
      environment: 'production',
      target: 't',
      // unique: duplicates (same place, message and fingerprint) are reported once
      fingerprint: String(i).padStart(32, '0'),
    }));
    expect(build([], findings).findings).toStrictEqual([...findings].sort(compareFindings));
  });

  it('fingerprints are the first 16 bytes of the SHA-256 of the parts joined by NUL, in hex', () => {
    const parts = ['require-probes', 'k8s/deployment.yaml', 'Deployment/api', 'spec.template', 'missing', 'production'];
    const expected = createHash('sha256').update(parts.join('\u0000')).digest().toString('hex', 0, 16);
    expect(fingerprint(parts)).toBe(expected);
    expect(fingerprint(['é', '☃'])).toBe(createHash('sha256').update('é\u0000☃').digest().toString('hex', 0, 16));
  });
});
