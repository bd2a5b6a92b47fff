import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { AJV_KEYWORDS, meetsSchema, plainSchema } from '../../../src/helm/values/schema-check.js';
import { loadChart, memoryFileSystem } from '../../../src/helm/chart/load.js';
import { renderChart } from '../../../src/helm/render/engine.js';

// the options of src/helm/values/schema.ts
const ajvOptions = { strict: false, allErrors: false, validateSchema: false, logger: false, validateFormats: false, code: { optimize: false } } as const;
const ajvVerdict = (schema: object, data: unknown) => new Ajv(ajvOptions).compile(schema)(data);

describe('values.schema.json without ajv', () => {
  it('knows every keyword ajv knows, so none is skipped as an annotation by mistake', () => {
    expect([...AJV_KEYWORDS].sort()).toEqual(Object.keys(new Ajv(ajvOptions).RULES.keywords).sort());
  });

  const cases: { schema: Record<string, unknown>; data: unknown[] }[] = [
    { schema: { type: 'object' }, data: [{}, [], null, 1, 'x'] },
    { schema: { type: ['string', 'null'] }, data: ['a', null, 0, false] },
    { schema: { type: 'integer' }, data: [1, 1.5, -0, '1', true] },
    { schema: { type: 'number', minimum: 1, maximum: 3 }, data: [0, 1, 3, 3.5, 'x'] },
    { schema: { exclusiveMinimum: 1, exclusiveMaximum: 3 }, data: [1, 2, 3, 'not a number'] },
    { schema: { type: 'string', pattern: '^[a-z]+$', minLength: 2, maxLength: 3 }, data: ['ab', 'abcd', 'a', 'A1', '😀😀', 'é', 7] },
    { schema: { pattern: '\\p{Lu}' }, data: ['A', 'a'] },
    { schema: { enum: ['a', 1, null, true] }, data: ['a', 1, null, true, 'b', false, {}] },
    { schema: { const: 'x' }, data: ['x', 'y'] },
    {
      schema: { type: 'object', required: ['a'], properties: { a: { type: 'string' }, b: { type: 'integer' } }, additionalProperties: false },
      data: [{ a: 'x' }, { a: 'x', b: 1 }, { a: 'x', b: 'y' }, { b: 1 }, { a: 'x', c: 1 }, { a: null }],
    },
    { schema: { properties: { a: { type: 'string' } }, additionalProperties: { type: 'number' } }, data: [{ a: 'x', n: 1 }, { a: 'x', n: 'y' }, []] },
    { schema: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2 }, data: [['a'], [], ['a', 'b', 'c'], [1], {}] },
    { schema: { items: false }, data: [[], [1], 'x'] },
    { schema: { minProperties: 1, maxProperties: 1 }, data: [{}, { a: 1 }, { a: 1, b: 2 }, 'x'] },
    { schema: { allOf: [{ type: 'number' }, { minimum: 2 }] }, data: [1, 2, 'x'] },
    { schema: { anyOf: [{ type: 'number' }, { type: 'string' }] }, data: [1, 'x', null] },
    { schema: { oneOf: [{ type: 'number' }, { type: 'integer' }] }, data: [1, 1.5, 'x'] },
    { schema: { not: { type: 'null' } }, data: [null, 1] },
    { schema: { if: { type: 'string' }, then: { minLength: 2 }, else: { type: 'number' } }, data: ['ab', 'a', 1, null] },
    { schema: { title: 'x', description: 'y', default: 3, examples: [1], format: 'email', form: true, sliderMin: 1 }, data: ['not an email', 1] },
    { schema: false as never, data: [1] },
  ];
  it('judges plain schemas exactly as ajv does', () => {
    for (const { schema, data } of cases) {
      expect(plainSchema(schema), JSON.stringify(schema)).toBe(true);
      for (const d of data) expect(meetsSchema(schema, d), `${JSON.stringify(schema)} on ${JSON.stringify(d)}`).toBe(ajvVerdict(schema, d));
    }
  });

  it('leaves to ajv what it does not take, and what ajv would refuse to compile', () => {
    const notPlain: unknown[] = [
      { $ref: '#/definitions/a', definitions: { a: { type: 'string' } } },
      { properties: { a: { $ref: '#/x' } } },
      { patternProperties: { '^a': { type: 'string' } } },
      { enum: [{ a: 1 }] },
      { enum: [] },
      { type: 'int' },
      { type: [] },
      { nullable: true, type: 'string' },
      { pattern: '(' },
      { minimum: '1' },
      { maxLength: -1 },
      { required: 'a' },
      { properties: { constructor: { type: 'string' } } },
      { items: [{ type: 'string' }] },
      { properties: { a: { $id: 'x' } } },
      { uniqueItems: true },
      [],
    ];
    for (const s of notPlain) expect(plainSchema(s), JSON.stringify(s)).toBe(false);
  });

  it("words a failure as before: ajv's errors for the values that do not meet the schema", () => {
    const schema = JSON.stringify({ type: 'object', properties: { replicas: { type: 'integer', minimum: 1 } } });
    const chart = loadChart('c', {
      fs: memoryFileSystem([
        { path: 'c/Chart.yaml', text: 'apiVersion: v2\nname: c\nversion: 1.0.0\n' },
        { path: 'c/values.yaml', text: 'replicas: 1\n' },
        { path: 'c/values.schema.json', text: schema },
        { path: 'c/templates/cm.yaml', text: 'kind: ConfigMap\n' },
      ]),
    });
    expect(renderChart(chart, {}).error).toBeUndefined();
    const bad = renderChart(chart, { valuesFiles: [{ file: 'v.yaml', values: { replicas: 0 } as never }] });
    expect(bad.error?.message).toContain("c:\n- at '/replicas': must be >= 1");
  });

  // the corpus's schemas with their charts' own values: every plain one compiles in ajv and gets its verdict
  const corpus = join(__dirname, '../../../../shared/corpus/repos');
  it.runIf(existsSync(corpus))('agrees with ajv on the corpus charts and their default values', () => {
    const found: string[] = [];
    const walk = (dir: string, depth: number) => {
      if (depth > 6) return;
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory() && !e.name.startsWith('.')) walk(join(dir, e.name), depth + 1);
        else if (e.name === 'values.schema.json') found.push(join(dir, e.name));
      }
    };
    walk(corpus, 0);
    let judged = 0;
    for (const f of found) {
      let schema: Record<string, unknown>;
      let values: unknown;
      try {
        schema = JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;
        values = parse(readFileSync(join(f, '../values.yaml'), 'utf8')) ?? {};
      } catch {
        continue;
      }
      delete schema.$schema;
      delete schema.$id;
      if (!plainSchema(schema)) continue;
      expect(meetsSchema(schema, values), f).toBe(ajvVerdict(schema, values));
      judged++;
    }
    expect(judged).toBeGreaterThan(0);
  });
});
