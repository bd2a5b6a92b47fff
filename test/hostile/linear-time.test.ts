// Linear and bounded (issue 10, section 4): key-name splitting was quadratic in a run of capitals
// (a 100 KB key took 20 s, 400 KB hung), a 100 KB line beside a finding took ~30 s to print as a
// code frame, and a value like `sk-` × 30000 took 12 s in the secret detectors (an unbounded
// repetition before a literal backtracked over the rest of the value at every start). Each now
// finishes in well under the generous bounds below and gives an exact, checkable result.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { FORMATTERS } from '../../src/formatters/index.js';
import { FRAME_WIDTH } from '../../src/formatters/frame.js';
import { isPlaceholder, judgeSecret, secretSpansInText } from '../../src/knowledge/secrets/secrets.js';
import { parseImageRef } from '../../src/knowledge/containers/images.js';
import { identifierWords } from '../../src/knowledge/data/values.js';

/** Generous: the machine is shared; each of these used to take 10 s or more. */
const BOUND_MS = 3000;

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

/** The two-regex splitter identifierWords used to be: the reference for its results. */
function regexWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toUpperCase());
}

describe('key-name splitting is linear', () => {
  it('a 100 KB run of capitals splits in one pass', () => {
    const key = 'A'.repeat(100_000);
    const { value, ms } = timed(() => identifierWords(`${key}_PASSWORD`));
    expect(value).toEqual([key, 'PASSWORD']);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('an env file with a 100 KB key is linted in seconds', () => {
    const { value, ms } = timed(() => lint({ files: [{ path: '.env.production', text: `${'K'.repeat(100_000)}=1\nDEBUG=true\n` }] }));
    expect(value.report.findings.map((f) => `${f.range.start.line} ${f.ruleId}`)).toContain('2 no-debug-in-production');
    expect(ms).toBeLessThan(BOUND_MS * 3);
  });

  it('splits exactly as the regex pair did', () => {
    const names = fc.stringMatching(/^[aAbB0_.-]{0,24}$/);
    fc.assert(
      fc.property(names, (name) => {
        expect(identifierWords(name)).toEqual(regexWords(name));
      }),
      { numRuns: 2000 },
    );
    expect(identifierWords('HTTPServerURL2Fa')).toEqual(['HTTP', 'SERVER', 'URL2', 'FA']);
  });
});

describe('secret detectors are bounded', () => {
  it('`sk-` × 30000 is judged in linear time', () => {
    const value = 'sk-'.repeat(30_000);
    const { value: judged, ms } = timed(() => judgeSecret('API_KEY', value));
    expect(judged).toEqual({ kind: 'literal', masked: 'sk***' });
    expect(ms).toBeLessThan(BOUND_MS);
    const spans = timed(() => secretSpansInText(`API_KEY=${value}\n`));
    expect(spans.value).toEqual([[8, 8 + value.length]]);
    expect(spans.ms).toBeLessThan(BOUND_MS);
  });
});

describe('code frames are clipped around the finding', () => {
  it('a 100 KB line next to a finding prints a window of it, with the finding underlined', () => {
    const long = `NOTE=${'sk-'.repeat(33_334)}`;
    const files = [{ path: '.env.production', text: `${long}\nDEBUG=true\n` }];
    const { value: out, ms } = timed(() => {
      const { report, files: linted, secretSpans } = lint({ files });
      return FORMATTERS.text!(report, { cwd: '.', color: false, sources: new Map(linted.map((f) => [f.path, f.text])), secretSpans });
    });
    expect(ms).toBeLessThan(BOUND_MS);
    const frame = out.split('\n').filter((l) => /^ {2}[> ] \d \| /.test(l) || /^ {4} {1} \| /.test(l));
    expect(frame).toEqual([`    1 | ${long.slice(0, FRAME_WIDTH)}…`, '  > 2 | DEBUG=true', '      |       ^^^^']);
  });

  it('a finding far into a long line is shown in its window, ellipses on both sides', () => {
    const before = 'a'.repeat(5000);
    const line = `${before} password: "hunter2-very-long-value" ${'b'.repeat(5000)}`;
    const files = [{ path: 'notes.env', text: `${line}\n` }];
    const { report, files: linted, secretSpans } = lint({ files });
    const lines = new Map(linted.map((f) => [f.path, f.text]));
    const frameOf = (column: number) => {
      const f = {
        ...report.files[0],
        ruleId: 'invalid-env',
        severity: 'error',
        category: 'operations',
        message: 'm',
        file: 'notes.env',
        range: { start: { line: 1, column }, end: { line: 1, column: column + 8 } },
        environment: 'production',
        target: 'x',
        fingerprint: 'f',
      } as const;
      return FORMATTERS.text!({ ...report, findings: [f as never] }, { cwd: '.', color: false, sources: lines, secretSpans });
    };
    const column = before.length + 2; // the `password` key
    const shown = frameOf(column)
      .split('\n')
      .find((l) => l.startsWith('  > 1 | '))!;
    expect(shown).toBe(`  > 1 | …${'a'.repeat(39)} password: "hu***" ${'b'.repeat(FRAME_WIDTH - 40 - 36)}…`);
  });
});

// Found after the first round: the placeholder check's PEM envelope regex backtracked cubically
// (6 KB of blanks after a BEGIN line: over a minute), and the image reference's template check was
// quadratic on a run of `<%` (100 KB: 3.7 s). Both are now scanned with indexOf.
describe('PEM envelopes and image templates are scanned linearly', () => {
  it('a BEGIN line followed by 6 KB of blanks is judged at once, and envelopes still read right', () => {
    const hostile = `-----BEGIN A-----${' \n'.repeat(3000)}x`;
    const { value, ms } = timed(() => isPlaceholder(hostile));
    expect(value).toBe(false);
    expect(ms).toBeLessThan(BOUND_MS);
    const alsoHostile = `-----BEGIN A-----${' '.repeat(6000)}-----END A-----x`;
    expect(timed(() => isPlaceholder(alsoHostile)).ms).toBeLessThan(BOUND_MS);
    expect(isPlaceholder('-----BEGIN RSA PRIVATE KEY-----\n\n-----END RSA PRIVATE KEY-----')).toBe(true);
    expect(isPlaceholder('-----BEGIN RSA PRIVATE KEY-----\n<your key here>\n-----END RSA PRIVATE KEY-----')).toBe(true);
    expect(isPlaceholder('-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7x9Lq2Vn8Rt5Wy3Kp6Mz1Bc4Hd7Fg0Js\n-----END RSA PRIVATE KEY-----')).toBe(false);
  });

  it('a 100 KB run of `<%` in an image reference is parsed at once; templated references still are', () => {
    const { value, ms } = timed(() => parseImageRef(`<%${'<%'.repeat(50_000)}`));
    expect(value?.hasVariables).toBe(false);
    expect(ms).toBeLessThan(BOUND_MS);
    expect(parseImageRef('{{ .Values.image }}')?.hasVariables).toBe(true);
    expect(parseImageRef('<%= image %>:1.0')?.hasVariables).toBe(true);
    expect(parseImageRef('<YOUR-CONTAINER>')?.hasVariables).toBe(true);
    expect(parseImageRef('nginx:1.27 <>')?.hasVariables).toBe(false);
    expect(parseImageRef('nginx:1.27')?.hasVariables).toBe(false);
  });
});

describe('Dockerfiles left to dockerfile-ast are bounded', () => {
  // The scanner leaves carriage returns to dockerfile-ast, which compares each later line with a
  // heredoc's delimiter at the delimiter's length: this file took 44 s before it was refused.
  it('a 100 KB heredoc delimiter over 40,000 CRLF lines is reported at its opener, in seconds', () => {
    const text = `FROM alpine:3.20\r\nRUN <<${'E'.repeat(100_000)}\r\n${'x\r\n'.repeat(40_000)}`;
    const { value, ms } = timed(() => lint({ files: [{ path: 'Dockerfile', text }] }));
    const invalid = value.report.findings.filter((f) => f.ruleId === 'invalid-dockerfile');
    expect(invalid.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.message}`)).toEqual([
      '2:5 Heredoc delimiter of 100000 characters is longer than 1024: this Dockerfile was not analysed',
    ]);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('a CRLF Dockerfile with an ordinary heredoc is still analysed', () => {
    const text = 'FROM alpine:latest\r\nRUN <<EOF\r\necho hi\r\nEOF\r\n';
    const { report } = lint({ files: [{ path: 'Dockerfile', text }] });
    expect(report.findings.filter((f) => f.ruleId === 'invalid-dockerfile')).toEqual([]);
    expect(report.findings.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.ruleId}`)).toContain('1:6 require-pinned-images');
  });
});
