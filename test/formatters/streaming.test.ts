// Reports are written as chunks, never as one string: a report can be longer than V8's longest
// string (2^29 - 24 characters), where `JSON.stringify(report)` throws `Invalid string length`.
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { writeOutputFile } from '../../src/cli/write.js';
import { lint } from '../../src/engine/lint.js';
import { FORMATTERS, formatChunks, formatToString } from '../../src/formatters/index.js';
import { formatJson, jsonReportChunks } from '../../src/formatters/json.js';
import { toSarif } from '../../src/formatters/sarif.js';
import { toCodeQuality } from '../../src/formatters/gitlab.js';
import { jsonChunks } from '../../src/formatters/stream.js';
import type { Report } from '../../src/report/types.js';

/** V8's maximum string length on 64-bit builds (String::kMaxLength). */
const V8_MAX_STRING_LENGTH = 2 ** 29 - 24;

const work = mkdtempSync(join(tmpdir(), 'rl-stream-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Enough findings that the long arrays (findings, files, results) are streamed element by element.
const files = Array.from({ length: 20 }, (_, i) => ({
  path: `svc-${i}/deploy.yaml`,
  text: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:latest\n`,
}));
const { report, files: linted } = lint({ files });
const options = { cwd: '.', color: false, sources: new Map(linted.map((f) => [f.path, f.text])) };

describe('jsonChunks', () => {
  it('is JSON.stringify(value, null, 2), byte for byte', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out what JSON leaves out, honours toJSON, writes null for holes', () => {
    const long = Array.from({ length: 40 }, (_, i) => (i % 3 ? { i, gone: undefined, f: () => 1 } : undefined));
    const value = { a: undefined, b: [undefined, () => 1, Symbol('s')], when: new Date(0), long, nested: { deep: [[[{ x: [1, { y: 'a\nb' }] }]]] }, empty: {}, none: [] };
    expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(value, null, 2));
  });

  it('no chunk holds more than one element of a long array', () => {
    const big = { items: Array.from({ length: 1000 }, (_, i) => ({ i, text: 'x'.repeat(100) })) };
    const longest = Math.max(...[...jsonChunks(big)].map((c) => c.length));
    expect(longest).toBeLessThan(200);
  });
});

describe('streaming formatters', () => {
  expect(report.findings.length).toBeGreaterThan(16);

  it('json, sarif and gitlab write the same text as one JSON.stringify', () => {
    expect(formatToString('json', report, options)).toBe(JSON.stringify(report, null, 2) + '\n');
    expect(formatToString('sarif', report, options)).toBe(JSON.stringify(toSarif(report, { cwd: '.' }), null, 2) + '\n');
    expect(formatToString('gitlab', report, options)).toBe(JSON.stringify(toCodeQuality(report, { cwd: '.' }), null, 2) + '\n');
  });

  it('json, sarif, gitlab and junit return chunks; the others a string, adapted to one chunk', () => {
    for (const format of ['sarif', 'gitlab', 'junit'] as const) {
      const chunks = [...formatChunks(format, report, options)];
      expect(chunks.length, format).toBeGreaterThan(report.findings.length);
    }
    // json: a report of a few thousand elements is one JSON.stringify (cheaper for a one-file lint);
    // a larger one is written in chunks, with the same text
    expect([...formatChunks('json', report, options)]).toEqual([JSON.stringify(report, null, 2), '\n']);
    const large = { ...report, findings: Array.from({ length: 2_500 }, (_, i) => report.findings[i % report.findings.length]!) };
    const chunks = [...formatChunks('json', large, options)];
    expect(chunks.length).toBeGreaterThan(large.findings.length);
    expect(chunks.join('')).toBe(JSON.stringify(large, null, 2) + '\n');
    for (const format of ['text', 'markdown', 'github', 'html'] as const) {
      const output = FORMATTERS[format](report, options);
      expect(typeof output).toBe('string');
      expect([...formatChunks(format, report, options)]).toEqual([output]);
    }
    // a formatter given as a function that returns a string (as a format added elsewhere may)
    expect([...formatChunks(() => 'whole\n', report, options)]).toEqual(['whole\n']);
  });
});

describe('output files take chunks', () => {
  it('written whole: a formatter failing half-way leaves the existing file as it was and no temporary file', async () => {
    const target = join(work, 'keep.json');
    writeFileSync(target, 'previous\n');
    function* failing(): Generator<string> {
      yield 'x'.repeat(3 << 20); // several batches already written to the temporary file
      throw new Error('formatter failed');
    }
    await expect(writeOutputFile(target, work, failing())).rejects.toThrow('formatter failed');
    expect(readFileSync(target, 'utf8')).toBe('previous\n');
    expect(readdirSync(work).filter((f) => f.startsWith('.keep.json'))).toEqual([]);
  });

  it('chunks are written in order, multi-byte characters split across batches intact', async () => {
    const target = join(work, 'order.txt');
    const chunks = Array.from({ length: 5000 }, (_, i) => `${i}é€😀\n`.repeat(50));
    await writeOutputFile(target, work, chunks);
    expect(readFileSync(target, 'utf8')).toBe(chunks.join(''));
  });
});

// The size of a JSON report grows by the same number of bytes per (identical) finding.
function reportWith(count: number): Report {
  const finding = { ...report.findings[0]!, message: `${report.findings[0]!.message} ${'and more words to make a long message '.repeat(8)}` };
  return { ...report, findings: new Array(count).fill(finding) };
}

describe('a report longer than V8 can hold in one string', () => {
  it('is written to a file as JSON, complete and well formed', { timeout: 240_000 }, async () => {
    const small1 = formatJson(reportWith(20));
    const small2 = formatJson(reportWith(21));
    const perFinding = Buffer.byteLength(small2) - Buffer.byteLength(small1);
    const count = Math.ceil(V8_MAX_STRING_LENGTH / perFinding) + 1000;
    const expectedBytes = Buffer.byteLength(small1) + (count - 20) * perFinding;
    expect(expectedBytes).toBeGreaterThan(V8_MAX_STRING_LENGTH);

    const target = join(work, 'huge.json');
    await writeOutputFile(target, work, jsonReportChunks(reportWith(count)));

    expect(statSync(target).size).toBe(expectedBytes);
    // it starts and ends as the same report with fewer findings does
    const fd = openSync(target, 'r');
    try {
      const head = Buffer.alloc(4096);
      readSync(fd, head, 0, head.length, 0);
      expect(head.toString('utf8')).toBe(Buffer.from(small1).subarray(0, 4096).toString('utf8'));
      const tailText = small1.slice(small1.lastIndexOf('\n    }'));
      const tail = Buffer.alloc(Buffer.byteLength(tailText));
      readSync(fd, tail, 0, tail.length, expectedBytes - tail.length);
      expect(tail.toString('utf8')).toBe(tailText);
    } finally {
      closeSync(fd);
      rmSync(target, { force: true });
    }
  });
});
