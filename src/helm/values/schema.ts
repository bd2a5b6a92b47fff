// values.schema.json validation with ajv (Helm validates the root chart and each subchart against
// its own schema, with that chart's coalesced values).

import { Ajv, type ErrorObject } from 'ajv';
import { GoInt, GoStruct, isMap, type GoMap, type GoValue } from '../value.js';
import type { Chart } from '../chart/types.js';

let ajv: Ajv | undefined;
const compiled = new Map<string, ReturnType<Ajv['compile']>>();

function getAjv(): Ajv {
  ajv ??= new Ajv({ strict: false, allErrors: false, validateSchema: false, logger: false, validateFormats: false, code: { optimize: false } });
  return ajv;
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

/** Returns a Helm-like error text, or undefined when all schemas pass. */
export function validateAgainstSchema(chart: Chart, values: GoMap): string | undefined {
  let sb = '';
  if (chart.schema) {
    try {
      const text = chart.schema.toString('utf8');
      let validate = compiled.get(text);
      if (!validate) {
        const schema = JSON.parse(text) as Record<string, unknown>;
        delete schema.$schema;
        delete schema.$id;
        validate = getAjv().compile(schema);
        compiled.set(text, validate);
      }
      if (!validate(toJson(values))) {
        sb += `${chart.name()}:\n` + (validate.errors ?? []).map(formatError).join('\n') + '\n';
      }
    } catch (e) {
      sb += `${chart.name()}:\n- invalid schema: ${(e as Error).message}\n`;
    }
  }
  for (const sub of chart.dependencies) {
    const sv = values[sub.name()];
    const err = validateAgainstSchema(sub, isMap(sv) ? sv : {});
    if (err) sb += err;
  }
  return sb === '' ? undefined : sb;
}
