// A small interpreter for the part of JSON Schema most values.schema.json files use (bitnami's:
// type, properties, items, enum, required, pattern, limits), with ajv's semantics for each keyword
// it takes. A schema that passes `plainSchema` is judged here exactly, so values that meet it need
// no ajv at all: loading ajv and compiling a large schema (bitnami mariadb's is 106 kB) cost more
// than rendering the chart. Values that fail still go through ajv, which words the errors.

/** Every keyword ajv knows (its RULES.keywords with the options of schema.ts; a test keeps the two in step). */
export const AJV_KEYWORDS: ReadonlySet<string> = new Set([
  ...['$async', '$schema', '$id', '$defs', '$vocabulary', '$comment', 'definitions', 'id', '$ref'],
  ...['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'multipleOf', 'maxLength', 'minLength', 'pattern'],
  ...['maxProperties', 'minProperties', 'required', 'maxItems', 'minItems', 'uniqueItems', 'type', 'nullable', 'const', 'enum'],
  ...['not', 'anyOf', 'oneOf', 'allOf', 'if', 'then', 'else', 'propertyNames', 'additionalProperties', 'dependencies'],
  ...['properties', 'patternProperties', 'additionalItems', 'items', 'contains', 'format'],
  ...['title', 'description', 'default', 'deprecated', 'readOnly', 'writeOnly', 'examples', 'contentMediaType', 'contentEncoding', 'contentSchema'],
]);

/** Keywords ajv reads without judging the data: annotations, and `format` (schema.ts turns validateFormats off). */
const ANNOTATIONS = new Set([
  '$comment',
  'title',
  'description',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'examples',
  'contentMediaType',
  'contentEncoding',
  'contentSchema',
  'format',
]);

const JSON_TYPES = new Set(['null', 'boolean', 'object', 'array', 'number', 'integer', 'string']);

type Schema = boolean | { [keyword: string]: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPrimitive = (v: unknown): boolean => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isSchema = (v: unknown): v is Schema => typeof v === 'boolean' || isObject(v);

/** Patterns compiled as ajv compiles them (`new RegExp(p, 'u')`), by source. */
const patterns = new Map<string, RegExp>();

function patternOf(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) patterns.set(source, (re = new RegExp(source, 'u')));
  return re;
}

/**
 * Whether the whole schema (a parsed values.schema.json, `$schema` and `$id` removed at its root)
 * uses only keywords this interpreter takes, each with a value ajv would compile. Anything else
 * (`$ref`, definitions, patternProperties, an enum of objects, a pattern that is not a regular
 * expression, …) leaves the schema to ajv, where it may also be an invalid schema.
 */
export function plainSchema(schema: unknown): boolean {
  if (typeof schema === 'boolean') return true;
  if (!isObject(schema)) return false;
  for (const [k, v] of Object.entries(schema)) {
    if (!AJV_KEYWORDS.has(k) || ANNOTATIONS.has(k)) continue;
    switch (k) {
      case 'type': {
        const types = Array.isArray(v) ? v : [v];
        if (types.length === 0 || !types.every((t) => typeof t === 'string' && JSON_TYPES.has(t))) return false;
        break;
      }
      case 'enum':
        if (!Array.isArray(v) || v.length === 0 || !v.every(isPrimitive)) return false;
        break;
      case 'const':
        if (!isPrimitive(v)) return false;
        break;
      case 'required':
        if (!Array.isArray(v) || !v.every((p) => typeof p === 'string' && !(p in Object.prototype))) return false;
        break;
      case 'properties':
        if (!isObject(v)) return false;
        for (const [name, sub] of Object.entries(v)) if (name in Object.prototype || !plainSchema(sub)) return false;
        break;
      case 'additionalProperties':
      case 'items':
      case 'not':
      case 'if':
      case 'then':
      case 'else':
        if (!isSchema(v) || !plainSchema(v)) return false;
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        if (!Array.isArray(v) || v.length === 0 || !v.every(plainSchema)) return false;
        break;
      case 'pattern':
        if (typeof v !== 'string') return false;
        try {
          patternOf(v);
        } catch {
          return false;
        }
        break;
      case 'minLength':
      case 'maxLength':
      case 'minItems':
      case 'maxItems':
      case 'minProperties':
      case 'maxProperties':
        if (!isCount(v)) return false;
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        if (typeof v !== 'number' || !Number.isFinite(v)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

function hasType(data: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return data === null;
    case 'array':
      return Array.isArray(data);
    case 'object':
      return isObject(data);
    case 'number':
      return typeof data === 'number' && Number.isFinite(data);
    case 'integer':
      return typeof data === 'number' && Number.isFinite(data) && data % 1 === 0;
    default:
      return typeof data === type;
  }
}

/** Code points, as ajv counts a string's length (ucs2length). */
function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    n++;
  }
  return n;
}

/**
 * Whether JSON data (as schema.ts hands it to ajv) meets a schema that passed plainSchema. Each
 * keyword applies as in ajv: the type-specific ones only to data of their type.
 */
export function meetsSchema(schema: Schema, data: unknown): boolean {
  if (typeof schema === 'boolean') return schema;
  if ('type' in schema) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => hasType(data, t))) return false;
  }
  if ('enum' in schema && !(schema.enum as unknown[]).includes(data)) return false;
  if ('const' in schema && schema.const !== data) return false;
  if ('not' in schema && meetsSchema(schema.not as Schema, data)) return false;
  if ('allOf' in schema && !(schema.allOf as Schema[]).every((s) => meetsSchema(s, data))) return false;
  if ('anyOf' in schema && !(schema.anyOf as Schema[]).some((s) => meetsSchema(s, data))) return false;
  if ('oneOf' in schema && (schema.oneOf as Schema[]).filter((s) => meetsSchema(s, data)).length !== 1) return false;
  if ('if' in schema) {
    const branch = meetsSchema(schema.if as Schema, data) ? schema.then : schema.else;
    if (branch !== undefined && !meetsSchema(branch as Schema, data)) return false;
  }
  if (typeof data === 'string') {
    if ('pattern' in schema && !patternOf(schema.pattern as string).test(data)) return false;
    if ('minLength' in schema && codePoints(data) < (schema.minLength as number)) return false;
    if ('maxLength' in schema && codePoints(data) > (schema.maxLength as number)) return false;
  } else if (typeof data === 'number') {
    if ('minimum' in schema && !(data >= (schema.minimum as number))) return false;
    if ('maximum' in schema && !(data <= (schema.maximum as number))) return false;
    if ('exclusiveMinimum' in schema && !(data > (schema.exclusiveMinimum as number))) return false;
    if ('exclusiveMaximum' in schema && !(data < (schema.exclusiveMaximum as number))) return false;
  } else if (Array.isArray(data)) {
    if ('minItems' in schema && data.length < (schema.minItems as number)) return false;
    if ('maxItems' in schema && data.length > (schema.maxItems as number)) return false;
    if ('items' in schema && !data.every((item) => meetsSchema(schema.items as Schema, item))) return false;
  } else if (isObject(data)) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    if ('required' in schema && (schema.required as string[]).some((p) => data[p] === undefined)) return false;
    if ('minProperties' in schema && Object.keys(data).length < (schema.minProperties as number)) return false;
    if ('maxProperties' in schema && Object.keys(data).length > (schema.maxProperties as number)) return false;
    for (const name of Object.keys(properties)) {
      const value = data[name];
      if (value !== undefined && !meetsSchema(properties[name]!, value)) return false;
    }
    if ('additionalProperties' in schema) {
      const extra = schema.additionalProperties as Schema;
      for (const key in data) if (!Object.hasOwn(properties, key) && !meetsSchema(extra, data[key])) return false;
    }
  }
  return true;
}
