// Memory compaction of a lint run (src/engine/compact.ts): values and texts read back unchanged,
// input that cannot be compacted is left alone, and a detached value really lets its text go.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressText, detachParsedStrings, detachStrings, setCompressRunMinChars } from '../../src/engine/compact.js';
import { lint } from '../../src/engine/lint.js';
import { renderHelmCharts } from '../../src/engine/helm-stage.js';
import type { HelmStage } from '../../src/engine/helm-loader.js';
import { parseFile } from '../../src/parsers/index.js';
import type { SourceFile } from '../../src/model/types.js';

const template = (text: string, kind: SourceFile['kind'] = 'helm-template'): SourceFile => ({ path: 'chart/templates/a.yaml', text, kind, environment: 'unknown' });
const long = (s: string) => s.repeat(Math.ceil(3000 / s.length));

describe('compressText', () => {
  it.each([
    ['ASCII', long('kind: Deployment\n')],
    ['non-Latin-1 characters', long('name: café ☃ 😀\n')],
    ['a byte-order mark and CRLF line ends', '\uFEFF' + long('a: 1\r\n')],
    ['NUL characters', long('a\u0000b\n')],
  ])('reads back %s unchanged, stored as a getter', (_name, text) => {
    const file = template(text);
    compressText(file);
    expect(Object.getOwnPropertyDescriptor(file, 'text')?.get).toBeTypeOf('function');
    expect(file.text).toBe(text);
    expect({ ...file }).toEqual(template(text));
  });

  it('leaves small texts, texts rules read, lone surrogates and frozen files as they are', () => {
    const cases = [template('kind: Service\n'), template(long('.env\n'), 'dockerignore'), template(long('a: \uD800\n')), Object.freeze(template(long('b: 2\n')))];
    for (const file of cases) {
      const before = file.text;
      compressText(file);
      expect(Object.getOwnPropertyDescriptor(file, 'text')).toMatchObject({ value: before, writable: !Object.isFrozen(file) });
    }
  });

  it('is a no-op on a file compressed before (lint twice over the same objects)', () => {
    const file = template(long('x: 1\n'));
    compressText(file);
    const getter = Object.getOwnPropertyDescriptor(file, 'text')?.get;
    compressText(file);
    expect(Object.getOwnPropertyDescriptor(file, 'text')?.get).toBe(getter);
  });
});

describe('detachStrings', () => {
  it('leaves values, shared references and cycles intact', () => {
    const shared = { image: 'registry.example.com/team/app:1.2.3' };
    const data: Record<string, unknown> = { a: shared, b: [shared, 'short', 42, null, 'a longer string value here'], c: { d: true } };
    data.self = data;
    const copy = structuredClone(data);
    detachStrings(data);
    expect(data).toEqual(copy);
    expect((data.b as unknown[])[0]).toBe(data.a);
    expect(data.self).toBe(data);
  });

  it('lets the text the strings were cut from be collected (and without it, it stays)', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    /** Heap released when the only direct reference to a ~20 MB text goes, its slices kept. */
    const releasedWhenTextDropped = (detach: boolean): { share: number; last: string } => {
      const unique = String(Math.random());
      const holder: { text?: string } = { text: Array.from({ length: 200_000 }, (_, i) => `value-${unique}-${i}-padding-padding-padding-padding-padding\n`).join('') };
      const values: string[] = [];
      for (let at = 0; at < holder.text!.length;) {
        const end = holder.text!.indexOf('\n', at);
        values.push(holder.text!.slice(at, end));
        at = end + 1;
      }
      const size = holder.text!.length;
      if (detach) detachStrings({ values });
      gc();
      const before = process.memoryUsage().heapUsed;
      holder.text = undefined;
      gc();
      gc();
      return { share: (before - process.memoryUsage().heapUsed) / size, last: values[values.length - 1]! };
    };
    // the text is one-byte: its size in bytes is its length
    expect(releasedWhenTextDropped(false).share).toBeLessThan(0.2);
    const detached = releasedWhenTextDropped(true);
    expect(detached.share).toBeGreaterThan(0.8);
    expect(detached.last).toMatch(/^value-[\d.]+-199999-padding-padding-padding-padding-padding$/);
  });

  it('detaches what a parsed file keeps: data, comments, diagnostics', () => {
    const parsed = parseFile({
      path: 'a.yaml',
      text: '# readiness-lint-disable-file require-probes -- a long enough reason\na: a long enough value\n',
      kind: 'kubernetes',
      environment: 'unknown',
    });
    const copy = structuredClone({ data: parsed.documents.map((d) => d.data), comments: parsed.comments, diagnostics: parsed.diagnostics });
    detachParsedStrings(parsed);
    expect({ data: parsed.documents.map((d) => d.data), comments: parsed.comments, diagnostics: parsed.diagnostics }).toEqual(copy);
  });
});

describe('lint compresses texts only in a run large enough for it to matter', () => {
  it('keeps the texts of a small run as strings (deflating them costs CPU and saves little)', () => {
    const text = long('# a comment line that makes the file large enough\n') + 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n';
    const files: SourceFile[] = [{ path: 'k8s/service.yaml', text, kind: 'kubernetes', environment: 'production' }];
    const result = lint({ files, renderHelm: false, handOverFiles: true });
    expect(Object.getOwnPropertyDescriptor(files[0]!, 'text')?.value).toBe(text);
    expect(Object.getOwnPropertyDescriptor(result.files[0]!, 'text')?.value).toBe(text);
  });

  it('compresses them once the compressible texts add up to the threshold', () => {
    const text = long('# a comment line that makes the file large enough\n') + 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n';
    const files = (): SourceFile[] => [
      { path: 'k8s/a.yaml', text, kind: 'kubernetes', environment: 'production' },
      { path: 'k8s/b.yaml', text, kind: 'kubernetes', environment: 'production' },
    ];
    try {
      setCompressRunMinChars(text.length * 2 + 1);
      expect(lint({ files: files(), renderHelm: false }).files.map((f) => typeof Object.getOwnPropertyDescriptor(f, 'text')?.get)).toEqual(['undefined', 'undefined']);
      setCompressRunMinChars(text.length * 2);
      expect(lint({ files: files(), renderHelm: false }).files.map((f) => typeof Object.getOwnPropertyDescriptor(f, 'text')?.get)).toEqual(['function', 'function']);
    } finally {
      setCompressRunMinChars(undefined);
    }
  });
});

// The tests below lint small trees as if they were large ones.
describe('with every run compressing its texts', () => {
  beforeAll(() => setCompressRunMinChars(0));
  afterAll(() => setCompressRunMinChars(undefined));

  describe('lint keeps texts readable', () => {
    it('returns files whose text is the input text, and the same report when run again', () => {
      const text = long('# a comment line that makes the file large enough\n') + 'services:\n  web:\n    image: nginx:1.27\n';
      const chart = long('{{/* a template */}}\n');
      const files: SourceFile[] = [
        { path: 'compose.yaml', text, kind: 'compose', environment: 'production' },
        { path: 'chart/templates/x.yaml', text: chart, kind: 'helm-template', environment: 'unknown', chartRoot: 'chart' },
      ];
      const first = lint({ files, renderHelm: false });
      expect(first.files.map((f) => f.text)).toEqual([chart, text]);
      const second = lint({ files, renderHelm: false });
      expect(second.report).toEqual(first.report);
    });
  });

  describe("lint releases the caller's texts", () => {
    // The caller's array is lint's input and stays alive for the whole run: its strings kept every
    // text of the tree alive next to the compressed copies (peak RSS 249 -> 322 MB on the corpus).
    it("points the caller's file objects at the compressed copies when handed over; their text reads the same", () => {
      const text = long('# a comment line that makes the file large enough\n') + 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n';
      const small = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: small\n';
      const files: SourceFile[] = [
        { path: 'k8s/service.yaml', text, kind: 'kubernetes', environment: 'production' },
        { path: 'k8s/small.yaml', text: small, kind: 'kubernetes', environment: 'production' },
      ];
      const result = lint({ files, renderHelm: false, handOverFiles: true });
      expect(Object.getOwnPropertyDescriptor(files[0]!, 'text')?.get).toBeTypeOf('function');
      expect(files[0]!.text).toBe(text);
      expect(files[0]!.environment).toBe('production');
      // small texts are not compressed, and the caller's keep their value
      expect(Object.getOwnPropertyDescriptor(files[1]!, 'text')?.value).toBe(small);
      expect(result.files.map((f) => f.text)).toEqual([text, small]);
      expect(lint({ files, renderHelm: false }).report).toEqual(result.report);
    });

    it('hands the Helm stage chart files already compressed (it reads them through the getter), and renders them the same', () => {
      const deployment = long('# a comment line that makes the template large enough\n') + 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Values.name }}\n';
      const files: SourceFile[] = [
        { path: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: chart\nversion: 1.0.0\n', kind: 'helm-chart', environment: 'unknown', chartRoot: 'chart' },
        { path: 'chart/values.yaml', text: 'name: web\n', kind: 'helm-values', environment: 'unknown', chartRoot: 'chart' },
        { path: 'chart/templates/deployment.yaml', text: deployment, kind: 'helm-template', environment: 'unknown', chartRoot: 'chart' },
      ];
      const textsSeen: (string | undefined)[] = [];
      const names: unknown[] = [];
      const helm: HelmStage = (stageFiles, parsed, options) => {
        // a text still a string here is a second copy of the chart alive while every chart renders
        textsSeen.push(...stageFiles.filter((f) => f.path.endsWith('deployment.yaml')).map((f) => typeof Object.getOwnPropertyDescriptor(f, 'text')?.get));
        const result = renderHelmCharts(stageFiles, parsed, options);
        names.push(...result.documents.map((d) => (d.data as { metadata?: { name?: string } }).metadata?.name));
        return result;
      };
      lint({ files, handOverFiles: true }, { helm });
      expect(textsSeen).toEqual(['function']);
      expect(names).toEqual(['web']);
    });

    it('leaves frozen input and plain { path, text } objects that classify to other texts alone', () => {
      const text = long('# padding padding padding padding padding padding\n') + 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n';
      const frozen = Object.freeze({ path: 'k8s/service.yaml', text, kind: 'kubernetes', environment: 'production' } as SourceFile);
      lint({ files: [frozen], renderHelm: false, handOverFiles: true });
      expect(frozen.text).toBe(text);
      const plain = { path: 'k8s/service.yaml', text };
      lint({ files: [plain], renderHelm: false, handOverFiles: true });
      expect(plain.text).toBe(text);
    });
  });
});
