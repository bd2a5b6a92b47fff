// Secret values never reach a message: every rule is run over every rule's fixtures, and no
// finding message may contain a value that secret detection judges to be a secret.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { judgeSecret } from '../../src/knowledge/secrets/secrets.js';
import { fixtureCases, ruleIds } from '../helpers/fixtures.js';

const ASSIGNMENT = /([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[:=]\s*["']?([^"'\s#]+)/g;

function secretsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(ASSIGNMENT)) {
    const [, key, value] = m;
    if (value && value.length >= 4 && judgeSecret(key!, value)) out.push(value);
  }
  return out;
}

describe('secret values are masked in every message', () => {
  for (const rule of ruleIds()) {
    for (const c of fixtureCases(rule)) {
      const secrets = c.files.flatMap((f) => secretsIn(f.text));
      if (secrets.length === 0) continue;
      it(`${rule} ${c.expectation}/${c.name}`, () => {
        const { report } = lint({ files: c.files });
        for (const f of report.findings) {
          for (const s of secrets) expect(f.message, `${f.ruleId} at ${f.file}:${f.range.start.line}`).not.toContain(s);
          for (const r of f.related ?? []) for (const s of secrets) expect(r.message).not.toContain(s);
        }
      });
    }
  }
});
