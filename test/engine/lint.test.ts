// The engine with rules made for the test: outcomes, findings, waivers, fingerprints, severity
// overrides, environments, and a crashing rule that must not cost the rest of the report.
import { describe, expect, it } from 'vitest';
import { defineCheck, type RuleDefinition, type RuleMeta } from '../../src/engine/api.js';
import { lint } from '../../src/engine/lint.js';
import { parseConfig } from '../../src/config/index.js';
import { RULES } from '../../src/engine/registry.generated.js';

const meta = (id: string, extra: Partial<RuleMeta> = {}): RuleMeta => ({
  id,
  title: `test rule ${id}`,
  description: 'a rule made for the engine test',
  category: 'reliability',
  severity: 'error',
  tags: [],
  evidence: ['compose'],
  messages: { missing: 'service {service} has no restart policy' },
  remediation: 'add restart: unless-stopped',
  ...extra,
});

/** Fails every compose service without `restart`, pointing at the missing key. */
const restartRule = (id = 'test-restart', extra: Partial<RuleMeta> = {}): RuleDefinition => ({
  meta: meta(id, extra),
  check: defineCheck({
    kinds: ['compose'],
    check(ctx) {
      for (const doc of ctx.project.ofKind<{ services?: Record<string, { restart?: string }> }>('compose')) {
        for (const [name, service] of Object.entries(doc.data.services ?? {})) {
          const target = { doc, path: ['services', name], name: `service ${name}` };
          if (service.restart) ctx.pass(target);
          else ctx.fail(target, { messageId: 'missing', data: { service: name }, path: ['services', name, 'restart'] });
        }
      }
    },
  }),
});

const builtins = RULES.filter((r) => r.meta.builtin);
const compose = (body: string) => [{ path: 'docker-compose.yml', text: body }];

describe('engine', () => {
  it('turns problems into findings at the closest existing node, with outcomes and a score', () => {
    const { report } = lint({
      files: compose('services:\n  web:\n    image: nginx:1.27\n    restart: always\n  worker:\n    image: app:1.0\n'),
      rules: [restartRule()],
    });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      ruleId: 'test-restart',
      severity: 'error',
      message: 'service worker has no restart policy',
      file: 'docker-compose.yml',
      range: { start: { line: 5, column: 3 } },
      environment: 'production',
      target: 'service worker',
    });
    expect(report.checklist).toEqual([expect.objectContaining({ ruleId: 'test-restart', passed: 1, failed: 1, waived: 0, notApplicable: 0 })]);
    expect(report.score).toMatchObject({ score: 50, grade: 'F' });
  });

  it('gives fingerprints that survive the finding moving to another line', () => {
    const a = lint({ files: compose('services:\n  worker:\n    image: app:1.0\n'), rules: [restartRule()] }).report.findings[0]!;
    const b = lint({ files: compose('# moved down\n\nservices:\n  worker:\n    image: app:1.0\n'), rules: [restartRule()] }).report.findings[0]!;
    expect(b.range.start.line).toBe(a.range.start.line + 2);
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('waives with an inline reason, counts the outcome as waived, and lists it', () => {
    const { report } = lint({
      files: compose('services:\n  # readiness-lint-disable-next-line test-restart -- one-shot migration\n  worker:\n    image: app:1.0\n'),
      rules: [restartRule(), ...builtins],
    });
    expect(report.findings).toEqual([]);
    expect(report.waived).toHaveLength(1);
    expect(report.waived[0]!.suppression).toEqual({ kind: 'inline', reason: 'one-shot migration' });
    expect(report.checklist.find((l) => l.ruleId === 'test-restart')).toMatchObject({ waived: 1, failed: 0 });
    expect(report.score.score).toBe(100);
  });

  it('reports a waiver without a reason and does not apply it', () => {
    const { report } = lint({
      files: compose('services:\n  # readiness-lint-disable-next-line test-restart\n  worker:\n    image: app:1.0\n'),
      rules: [restartRule(), ...builtins],
    });
    expect(report.findings.map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.column}`)).toEqual(['invalid-suppression@2:3', 'test-restart@3:3']);
  });

  it('applies config severity overrides, waivers and environment globs', () => {
    const config = parseConfig(
      'rules:\n  test-restart: note\nenvironments:\n  development: [docker-compose.yml]\nwaivers:\n  - rule: test-restart\n    files: [other.yml]\n    reason: not ours\n',
      '.readiness-lint.yaml',
      '',
      new Set(['test-restart']),
    );
    const { report } = lint({ files: compose('services:\n  worker:\n    image: app:1.0\n'), rules: [restartRule()], config });
    expect(report.findings[0]).toMatchObject({ severity: 'note', environment: 'development' });
    // a note-level outcome is informational (scoring v2): listed, never scored
    expect(report.environments.development).toMatchObject({ failed: 0, informational: 1, score: null });
    // no production outcomes: the headline falls back to the overall score
    expect(report.score).toEqual(report.overall);
  });

  it('makes availability rules not applicable in development', () => {
    const { report } = lint({
      files: [{ path: 'docker-compose.dev.yml', text: 'services:\n  worker:\n    image: app:1.0\n' }],
      rules: [restartRule('test-relaxed', { development: 'relaxed' })],
    });
    expect(report.findings).toEqual([]);
    expect(report.checklist[0]).toMatchObject({ notApplicable: 1, failed: 0 });
    expect(report.score.score).toBeNull();
  });

  it('keeps going when a rule throws, with a notice', () => {
    const broken: RuleDefinition = {
      meta: meta('test-broken'),
      check: defineCheck({
        kinds: ['compose'],
        check: () => {
          throw new Error('boom');
        },
      }),
    };
    const { report } = lint({ files: compose('services:\n  worker:\n    image: app:1.0\n'), rules: [broken, restartRule()] });
    expect(report.notices).toContain('internal error in rule test-broken: boom; its results are incomplete');
    expect(report.findings.map((f) => f.ruleId)).toEqual(['test-restart']);
  });

  it('reports syntax errors as invalid-yaml findings and goes on with the other files', () => {
    const { report } = lint({
      files: [
        { path: 'docker-compose.yml', text: 'services:\n  worker:\n    image: app:1.0\n' },
        { path: 'k8s/broken.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: [\n' },
      ],
      rules: [restartRule(), ...builtins],
    });
    expect(report.findings.map((f) => `${f.file} ${f.ruleId}`)).toEqual(['docker-compose.yml test-restart', 'k8s/broken.yaml invalid-yaml']);
    expect(report.findings[1]!.range.start.line).toBeGreaterThan(1);
  });

  it('is deterministic whatever the input order', () => {
    const files = [
      { path: 'b/docker-compose.yml', text: 'services:\n  a:\n    image: x:1\n' },
      { path: 'a/docker-compose.yml', text: 'services:\n  b:\n    image: y:1\n' },
    ];
    const one = JSON.stringify(lint({ files, rules: [restartRule()] }).report);
    const two = JSON.stringify(lint({ files: [...files].reverse(), rules: [restartRule()] }).report);
    expect(one).toBe(two);
  });
});
