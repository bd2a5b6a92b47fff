// Platform files checked against what the platform accepts: Fly.io against SchemaStore's published
// schema (schemas/platforms/fly.schema.json, Apache-2.0), Render, Railway and Vercel by hand for
// the fields readiness-lint reads (their schemas carry no licence, and SchemaStore's `now.json`
// describes only the legacy v1 keys and accepts every Vercel file of the corpus; see schemas/platforms/README.md).
// A value the platform would reject or ignore is worth knowing before it silently changes what
// the other rules judge (`numInstances: "2"`, `force_https = "true"`).

import type { ErrorObject, ValidateFunction } from 'ajv';
import type flySchemaType from '../../../schemas/platforms/fly.schema.json';
import type { DocPath, SourceDocument } from '../../model/types.js';
import { platformOf, type Platform } from './platforms.js';
import { asArray, asDict, isDict, scalarText, type Dict } from '../data/values.js';

// ajv (about 180 KB of code with its dependencies) is loaded on first use, so a run that needs
// no validation does not compile it; scripts/build.mjs ships it as a file of its own.
const ajv = (): typeof import('ajv') => require('ajv') as typeof import('ajv');
// the schema is read on first use too: its object literal is built only when something is validated
const flySchema = (): typeof flySchemaType => require('../../../schemas/platforms/fly.schema.json') as typeof flySchemaType;

interface PlatformProblem {
  path: DocPath;
  /** What is wrong, naming the key (dotted) and the expectation. */
  message: string;
}

/** At most this many problems per file (a file in another tool's format can yield hundreds). */
const MAX_PLATFORM_PROBLEMS = 10;

let validateFly: ValidateFunction | undefined;

/** Whether readiness-lint validates this platform's files at all. */
export function validatedPlatform(platform: Platform): boolean {
  return platform === 'fly' || platform === 'render' || platform === 'railway' || platform === 'vercel';
}

export function platformProblems(doc: SourceDocument): PlatformProblem[] {
  const platform = platformOf(doc);
  let out: PlatformProblem[] = [];
  if (platform === 'fly') out = flyProblems(doc.data);
  else if (platform === 'render') out = renderProblems(doc.data);
  else if (platform === 'railway') out = railwayProblems(doc.data);
  else if (platform === 'vercel') out = vercelProblems(doc.data);
  return out.slice(0, MAX_PLATFORM_PROBLEMS);
}

const dotted = (path: DocPath) =>
  path
    .map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`))
    .join('')
    .replace(/^\./, '');

function flyProblems(data: unknown): PlatformProblem[] {
  validateFly ??= new (ajv().Ajv)({ strict: false, allErrors: true, validateFormats: false, logger: false }).compile(flySchema());
  // TOML dates are Date objects; the schema speaks JSON.
  const json = flyctlAccepts(JSON.parse(JSON.stringify(data)) as unknown);
  if (validateFly(json)) return [];
  const errors = validateFly.errors ?? [];
  const seen = new Set<string>();
  const out: PlatformProblem[] = [];
  for (const e of errors) {
    // The schema trails flyctl: its enums (VM sizes) and key lists (flyctl's own full reference
    // has keys it lacks) go stale, so only wrong types are reported, and not where flyctl
    // coerces legacy forms itself (string ports, non-string env values, "20,25" concurrency).
    if (e.keyword === 'enum' || e.keyword === 'additionalProperties') continue;
    if (e.keyword === 'type' && FLYCTL_COERCES.test(e.instancePath)) continue;
    // A oneOf/anyOf of shapes (`[[services]]` or one `[services]` table) fails every branch
    // when something deeper is wrong: the deeper error is the one to show.
    const deeper = errors.some((o) => o !== e && o.instancePath.startsWith(`${e.instancePath}/`));
    if (deeper && (e.keyword === 'type' || e.keyword === 'oneOf' || e.keyword === 'anyOf')) continue;
    const path = pointerPath(e.instancePath, json);
    const problem = describe(e, path);
    const key = `${dotted(problem.path)}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return out;
}

/**
 * What flyctl accepts and SchemaStore's schema does not describe (the schema trails flyctl):
 * `auto_stop_machines = true/false` (the form before "stop"/"off"), `processes = []`, a single
 * `[vm]` table. Normalised before validation so they are not reported.
 */
function flyctlAccepts(json: unknown): unknown {
  const d = asDict(json);
  if (!d) return json;
  const fixStop = (block: unknown) => {
    const b = asDict(block);
    if (b && typeof b.auto_stop_machines === 'boolean') b.auto_stop_machines = b.auto_stop_machines ? 'stop' : 'off';
  };
  fixStop(d.http_service);
  for (const s of asArray(d.services)) fixStop(s);
  if (isDict(d.services)) fixStop(d.services);
  if (Array.isArray(d.processes) && d.processes.length === 0) delete d.processes;
  if (isDict(d.vm)) d.vm = [d.vm];
  return d;
}

/** Instance paths whose legacy forms flyctl converts (its testdata `old-format.toml`). */
const FLYCTL_COERCES = /(?:^|\/)(?:port|internal_port|concurrency|headers|processes)$|^\/env\//;

/** A JSON pointer as a path, array indexes as numbers. */
function pointerPath(pointer: string, root: unknown): DocPath {
  const out: (string | number)[] = [];
  let cur: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = isDict(cur) ? cur[seg] : undefined;
    }
  }
  return out;
}

function describe(e: ErrorObject, path: DocPath): PlatformProblem {
  const where = dotted(path) || 'the file';
  if (e.keyword === 'additionalProperties') {
    const extra = String((e.params as { additionalProperty?: string }).additionalProperty);
    return { path: [...path, extra], message: `${[dotted(path), extra].filter(Boolean).join('.')} is not a known key here` };
  }
  if (e.keyword === 'enum')
    return { path, message: `${where} must be one of ${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}` };
  if (e.keyword === 'anyOf' || e.keyword === 'oneOf') return { path, message: `${where} does not match any of the allowed shapes` };
  return { path, message: `${where} ${e.message ?? 'is not valid'}` };
}

const RENDER_SERVICE_TYPES = new Set(['web', 'pserv', 'worker', 'cron', 'static', 'redis', 'keyvalue']);

/** Where a Blueprint lists resources: the root, `ungrouped`, and each environment of each project. */
function renderResourceLists(data: unknown): [Dict, DocPath][] {
  const root = asDict(data) ?? {};
  const out: [Dict, DocPath][] = [[root, []]];
  if (asDict(root.ungrouped)) out.push([asDict(root.ungrouped)!, ['ungrouped']]);
  asArray(root.projects).forEach((p, i) =>
    asArray(asDict(p)?.environments).forEach((e, j) => {
      if (asDict(e)) out.push([asDict(e)!, ['projects', i, 'environments', j]]);
    }),
  );
  return out;
}

function renderProblems(data: unknown): PlatformProblem[] {
  const out: PlatformProblem[] = [];
  for (const [d, at] of renderResourceLists(data)) renderListProblems(d, at, out);
  return out;
}

function renderListProblems(d: Dict, at: DocPath, out: PlatformProblem[]): void {
  const integer = (v: unknown, path: DocPath, min: number) => {
    if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v >= min)) out.push({ path, message: `${dotted(path)} must be an integer of at least ${min}` });
  };
  asArray(d.services).forEach((raw, i) => {
    const s = asDict(raw);
    const base: DocPath = [...at, 'services', i];
    if (!s) return out.push({ path: base, message: `${dotted(base)} must be a mapping` }) as unknown as void;
    const type = scalarText(s.type);
    if (type === undefined) out.push({ path: base, message: `${dotted(base)} has no type (web, pserv, worker, cron, static, keyvalue)` });
    else if (!RENDER_SERVICE_TYPES.has(type)) out.push({ path: [...base, 'type'], message: `${dotted([...base, 'type'])} must be one of ${[...RENDER_SERVICE_TYPES].join(', ')}` });
    if (scalarText(s.name) === undefined) out.push({ path: base, message: `${dotted(base)} has no name` });
    integer(s.numInstances, [...base, 'numInstances'], 1);
    const hc = s.healthCheckPath;
    if (hc !== undefined && !(typeof hc === 'string' && hc.startsWith('/')))
      out.push({ path: [...base, 'healthCheckPath'], message: `${dotted([...base, 'healthCheckPath'])} must be a path starting with /` });
    const scaling = asDict(s.scaling);
    if (scaling) {
      integer(scaling.minInstances, [...base, 'scaling', 'minInstances'], 1);
      integer(scaling.maxInstances, [...base, 'scaling', 'maxInstances'], 1);
      if (typeof scaling.minInstances === 'number' && typeof scaling.maxInstances === 'number' && scaling.minInstances > scaling.maxInstances) {
        out.push({ path: [...base, 'scaling', 'minInstances'], message: `${dotted([...base, 'scaling'])}: minInstances is above maxInstances` });
      }
    }
    asArray(s.envVars).forEach((e, j) => envVarProblem(e, [...base, 'envVars', j], out));
  });
  asArray(d.databases).forEach((raw, i) => {
    const db = asDict(raw);
    const base: DocPath = [...at, 'databases', i];
    if (!db || scalarText(db.name) === undefined) out.push({ path: base, message: `${dotted(base)} has no name` });
    if (db && db.ipAllowList !== undefined && !Array.isArray(db.ipAllowList))
      out.push({ path: [...base, 'ipAllowList'], message: `${dotted([...base, 'ipAllowList'])} must be a list of { source, description }` });
  });
  asArray(d.envVarGroups).forEach((raw, i) => asArray(asDict(raw)?.envVars).forEach((e, j) => envVarProblem(e, [...at, 'envVarGroups', i, 'envVars', j], out)));
}

/** An env var needs a key and one source of its value. */
function envVarProblem(raw: unknown, path: DocPath, out: PlatformProblem[]): void {
  const e = asDict(raw);
  if (!e) return void out.push({ path, message: `${dotted(path)} must be a mapping` });
  if (e.fromGroup !== undefined) return;
  if (scalarText(e.key) === undefined) return void out.push({ path, message: `${dotted(path)} has no key` });
  const sources = ['value', 'generateValue', 'sync', 'fromDatabase', 'fromService'].filter((k) => e[k] !== undefined);
  if (sources.length === 0) out.push({ path, message: `${dotted(path)} (${scalarText(e.key)}) has no value, generateValue, sync: false, fromDatabase or fromService` });
}

const RAILWAY_RESTART = new Set(['ON_FAILURE', 'ALWAYS', 'NEVER']);

function railwayProblems(data: unknown): PlatformProblem[] {
  const out: PlatformProblem[] = [];
  const deploy = asDict(asDict(data)?.deploy);
  if (!deploy) return out;
  const policy = deploy.restartPolicyType;
  if (policy !== undefined && !(typeof policy === 'string' && RAILWAY_RESTART.has(policy.toUpperCase()))) {
    out.push({ path: ['deploy', 'restartPolicyType'], message: `deploy.restartPolicyType must be one of ${[...RAILWAY_RESTART].join(', ')}` });
  }
  const n = deploy.numReplicas;
  if (n !== undefined && !(typeof n === 'number' && Number.isInteger(n) && n >= 1))
    out.push({ path: ['deploy', 'numReplicas'], message: 'deploy.numReplicas must be an integer of at least 1' });
  const hc = deploy.healthcheckPath;
  if (hc !== undefined && !(typeof hc === 'string' && hc.startsWith('/')))
    out.push({ path: ['deploy', 'healthcheckPath'], message: 'deploy.healthcheckPath must be a path starting with /' });
  return out;
}

/**
 * The Vercel fields the rules read, as Vercel's project configuration describes them: `headers`
 * (source + key/value pairs), `redirects` (source + destination), legacy `routes` (src + a
 * headers map), `env` / `build.env` (string values), and `functions` limits (whole numbers).
 */
function vercelProblems(data: unknown): PlatformProblem[] {
  const out: PlatformProblem[] = [];
  const d = asDict(data) ?? {};
  const problem = (path: DocPath, what: string) => out.push({ path, message: `${dotted(path)} ${what}` });
  const isString = (v: unknown) => typeof v === 'string';
  const list = (key: string, each: (entry: Dict, path: DocPath) => void) => {
    if (d[key] === undefined) return;
    if (!Array.isArray(d[key])) return void problem([key], 'must be a list');
    (d[key] as unknown[]).forEach((raw, i) => {
      const entry = asDict(raw);
      if (!entry) return void problem([key, i], 'must be a mapping');
      // `{ "//": … }` entries are a comment convention of JSON files (readiness-lint's fixtures use it): not judged.
      if (Object.keys(entry).every((k) => k === '//')) return;
      each(entry, [key, i]);
    });
  };
  list('headers', (h, path) => {
    if (!isString(h.source)) problem([...path, 'source'], 'must be a path pattern (string)');
    if (!Array.isArray(h.headers)) return void problem([...path, 'headers'], 'must be a list of { key, value }');
    (h.headers as unknown[]).forEach((raw, j) => {
      const pair = asDict(raw);
      if (pair && Object.keys(pair).every((k) => k === '//')) return;
      if (pair && isString(pair.key) && pair.value !== undefined && !isString(pair.value)) problem([...path, 'headers', j, 'value'], 'must be a string');
      else if (!pair || !isString(pair.key) || !isString(pair.value)) problem([...path, 'headers', j], 'must be { key, value } with string values');
    });
  });
  list('redirects', (r, path) => {
    if (!isString(r.source)) problem([...path, 'source'], 'must be a path pattern (string)');
    if (!isString(r.destination)) problem([...path, 'destination'], 'must be a path or URL (string)');
    if (r.permanent !== undefined && typeof r.permanent !== 'boolean') problem([...path, 'permanent'], 'must be true or false');
  });
  list('routes', (r, path) => {
    if (r.handle !== undefined) return; // `{ "handle": "filesystem" }` phases carry no src
    if (!isString(r.src)) problem([...path, 'src'], 'must be a path pattern (string)');
    if (r.headers === undefined) return;
    const headers = asDict(r.headers);
    if (!headers) return void problem([...path, 'headers'], 'must be a mapping of header names to values');
    for (const [k, v] of Object.entries(headers)) if (!isString(v)) problem([...path, 'headers', k], 'must be a string');
  });
  const env = (value: unknown, path: DocPath) => {
    if (value === undefined) return;
    const map = asDict(value);
    if (!map) return void problem(path, 'must be a mapping of names to string values');
    for (const [k, v] of Object.entries(map)) if (!isString(v)) problem([...path, k], 'must be a string (Vercel rejects other types)');
  };
  env(d.env, ['env']);
  env(asDict(d.build)?.env, ['build', 'env']);
  if (d.functions !== undefined) {
    const functions = asDict(d.functions);
    if (!functions) problem(['functions'], 'must be a mapping of file patterns to settings');
    for (const [glob, raw] of Object.entries(functions ?? {})) {
      const f = asDict(raw);
      const path: DocPath = ['functions', glob];
      if (!f) {
        problem(path, 'must be a mapping');
        continue;
      }
      const whole = (v: unknown, min: number) => typeof v === 'number' && Number.isInteger(v) && v >= min;
      if (f.maxDuration !== undefined && !whole(f.maxDuration, 1)) problem([...path, 'maxDuration'], 'must be a whole number of seconds of at least 1');
      if (f.memory !== undefined && !whole(f.memory, 128)) problem([...path, 'memory'], 'must be a whole number of MB of at least 128');
    }
  }
  return out;
}
