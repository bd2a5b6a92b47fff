// Code frames are made as a formatter reads them, not all before the first is written: on a large
// run, frames made up front were most of the report phase's memory (issue 18).
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { codeFrame, findingFrames, sourceLines, withCodeFrames } from '../../src/formatters/frame.js';
import { formatToString } from '../../src/formatters/index.js';
import { formatJson } from '../../src/formatters/json.js';
import type { Report } from '../../src/report/types.js';

// More findings than the JSON formatter stringifies in one piece (its chunked path), and a few files.
const files = Array.from({ length: 40 }, (_, i) => ({
  path: `svc-${String(i).padStart(2, '0')}/deploy.yaml`,
  text: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:latest\n          env:\n            - name: PASSWORD\n              value: hunter2-${i}-secret\n`,
}));
const linted = lint({ files });
const texts = new Map(linted.files.map((f) => [f.path, f.text]));

/** A sources lookup that counts the texts read (a frame is made from its file's text). */
function countingSources() {
  const reads: string[] = [];
  return { reads, sources: { get: (path: string) => (reads.push(path), texts.get(path)) } };
}

/** What the CLI's JSON carried before frames were lazy: every finding copied with its frame. */
function eagerlyFramed(report: Report): Report {
  const frameOf = findingFrames(report, { sources: texts, secretSpans: linted.secretSpans });
  return { ...report, findings: report.findings.map((f) => ({ ...f, ...(frameOf(f) ? { frame: frameOf(f) } : {}) })) };
}

describe('withCodeFrames', () => {
  it('reads no file until a frame is read, then one text per file in finding order', () => {
    expect(linted.report.findings.length).toBeGreaterThan(files.length * 2);
    const { reads, sources } = countingSources();
    const framed = withCodeFrames(linted.report, { sources, secretSpans: linted.secretSpans });
    expect(reads).toEqual([]);
    formatJson(framed);
    expect(reads).toEqual([...new Set(linted.report.findings.map((f) => f.file))]);
  });

  it('writes the same JSON as frames made up front, byte for byte (streamed and in one piece)', () => {
    const framed = withCodeFrames(linted.report, { sources: texts, secretSpans: linted.secretSpans });
    expect(formatJson(framed)).toBe(formatJson(eagerlyFramed(linted.report)));
    const small: Report = { ...linted.report, findings: linted.report.findings.slice(0, 3) };
    expect(formatJson(withCodeFrames(small, { sources: texts, secretSpans: linted.secretSpans }))).toBe(formatJson(eagerlyFramed(small)));
    expect(JSON.parse(formatJson(framed)).findings[0].frame).toEqual(
      codeFrame(sourceLines(texts, linted.secretSpans)(linted.report.findings[0]!.file)!, linted.report.findings[0]!),
    );
  });

  it('keeps a frame the report carries, and other formats read frames the same way', () => {
    const framed = withCodeFrames(linted.report, { sources: texts, secretSpans: linted.secretSpans });
    const saved: Report = JSON.parse(formatJson(framed));
    expect(withCodeFrames(saved, {}).findings[0]).toBe(saved.findings[0]);
    for (const format of ['text', 'junit', 'html']) {
      expect(formatToString(format, framed, { cwd: '.', color: false })).toBe(formatToString(format, saved, { cwd: '.', color: false }));
    }
    // the frame holds no secret value of the file
    expect(formatJson(framed)).not.toMatch(/hunter2-\d+-secret/);
  });
});
