// values.schema.json validation (Helm validates the root chart and each subchart against its own
// schema, with that chart's coalesced values): schema-check.ts judges the schemas it can, ajv the
// others and words every failure.

import type { Ajv, ErrorObject } from 'ajv';
import { GoInt, GoStruct, isMap, type GoMap, type GoValue } from '../value.js';
import type { Chart } from '../chart/types.js';
import { meetsSchema, plainSchema } from './schema-check.js';

let ajv: Ajv | undefined;
const compiled = new Map<string, ReturnType<Ajv['compile']>>();
/** Parsed schemas by text, with whether schema-check.ts judges them (then ajv is needed only to word a failure). */
const parsed = new Map<string, { schema: Record<string, unknown>; plain: boolean }>();

function parseSchema(schemaText: string): { schema: Record<string, unknown>; plain: boolean } {
  let p = parsed.get(schemaText);
  if (!p) {
    const schema = JSON.parse(schemaText) as Record<string, unknown>;
    delete schema.$schema;
    delete schema.$id;
    p = { schema, plain: plainSchema(schema) };
    if (parsed.size >= 256) parsed.delete(parsed.keys().next().value!);
    parsed.set(schemaText, p);
  }
  return p;
}

function getAjv(): Ajv {
  // required on first use: one copy of ajv for the whole linter (scripts/build.mjs, LAZY_PACKAGES)
  ajv ??= new (require('ajv') as typeof import('ajv')).Ajv({
    strict: false,
    allErrors: false,
    validateSchema: false,
    logger: false,
    validateFormats: false,
    code: { optimize: false },
  });
  return ajv;
}

function compiledValidator(schemaText: string, schema: Record<string, unknown>): ReturnType<Ajv['compile']> {
  let validate = compiled.get(schemaText);
  if (!validate) {
    validate = getAjv().compile(schema);
    compiled.set(schemaText, validate);
  }
  return validate;
}

function toJson(v: GoValue): unknown {
  if (v instanceof GoInt) return Number(v.value);
  if (Array.isArray(v)) return v.map(toJson);
  if (isMap(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) o[k] = toJson(v[k]);
    return o;
  }
  if (v instanceof GoStruct || typeof v === 'function' || v === undefined) return null;
  return v;
}

function formatError(e: ErrorObject): string {
  const at = e.instancePath === '' ? '' : `at '${e.instancePath}'`;
  return `- ${at}${at ? ': ' : ''}${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : ''}`;
}

export interface SchemaViolation {
  /** Names of the charts from the root down to the chart whose schema failed ([] for the root). */
  chartPath: string[];
  /** Values path inside that chart's values. */
  path: string[];
  message: string;
}

/** Validate the root chart and every subchart against their own schema. */
export function schemaViolations(chart: Chart, values: GoMap, chartPath: string[] = []): { text: string; violations: SchemaViolation[] } {
  let text = '';
  const violations: SchemaViolation[] = [];
  if (chart.schema) {
    try {
      const schemaText = chart.schema.toString('utf8');
      const { schema, plain } = parseSchema(schemaText);
      const data = toJson(values);
      // values that meet a plain schema need no ajv; a failure is worded by ajv, as it always was
      const validate = plain && meetsSchema(schema, data) ? undefined : compiledValidator(schemaText, schema);
      if (validate !== undefined && !validate(data)) {
        const errs = validate.errors ?? [];
        text += `${chart.name()}:\n` + errs.map(formatError).join('\n') + '\n';
        for (const e of errs) {
          const path = e.instancePath
            .split('/')
            .slice(1)
            .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
          if (e.params && 'missingProperty' in e.params) path.push(String(e.params.missingProperty));
          violations.push({ chartPath, path, message: formatError(e).slice(2) });
        }
      }
    } catch (e) {
      text += `${chart.name()}:\n- invalid schema: ${(e as Error).message}\n`;
    }
  }
  for (const sub of chart.dependencies) {
    const sv = values[sub.name()];
    const r = schemaViolations(sub, isMap(sv) ? sv : {}, [...chartPath, sub.name()]);
    text += r.text;
    violations.push(...r.violations);
  }
  return { text, violations };
}

/** Returns a Helm-like error text, or undefined when all schemas pass. */
export function validateAgainstSchema(chart: Chart, values: GoMap): string | undefined {
  const { text } = schemaViolations(chart, values);
  return text === '' ? undefined : text;
}
