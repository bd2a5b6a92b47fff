// Compose application models: the files `docker compose -f … -f …` merges, merged with the Compose
// specification's rules, one model per environment. Rules judge the models, never a layer alone.
//
// Decisions:
// - In a folder, the base is `compose.yaml` (else compose.yml, docker-compose.yaml,
//   docker-compose.yml, the order Compose looks for them). Another compose file of the folder is a
//   layer of that base when it overrides a base service, holds an override fragment (a service with
//   no image, build or extends) or defines no service; otherwise (a `docker-compose.test.yml` with
//   its own runners) it is a stand-alone application.
// - Layers whose names and content name no environment (`compose.worker.yaml`) belong to the base
//   chain. Each environment layer makes one model: base chain + the layer, in the layer's
//   environment (`compose.override.yaml` development, `compose.prod.yaml` production). The base
//   chain alone is a model too, unless an environment layer already gives a model in the
//   environment the base would be judged in (a prod layer that fixes a base problem fixes it).
// - The config's `compose:` chains (`production: [compose.yaml, compose.prod.yaml]`) are models in
//   the environment named; a file they name is not layered by the convention above.
// - `extends` (same file or `file:`) and `include` are resolved into the model; an included file
//   is not judged on its own.
// - `profiles`: a service whose profiles all name other environments (`[test]`, `[dev]`) is not
//   part of this environment's model; it is judged in a model of the environment its profile names.
// - Positions: every value of a model remembers the layer and path it came from, so a finding
//   points at the file and line holding the effective value (the override's line when the
//   override set it); a missing key points at the closest existing ancestor in the layer that
//   defines it (a service: the layer whose definition came first).

import { posix } from 'node:path';
import { environmentNamed, type Environment, type KnownEnvironment } from '../../model/environments.js';
import type { ComposeModelInfo, DocPath, Location, LocateOptions, SourceDocument, SourceFile } from '../../model/types.js';
import { asArray, asDict, isDict, scalarText, type Dict } from '../data/values.js';

// ---------------------------------------------------------------------------------------------
// Building the models

interface ComposeModelOptions {
  /** The config's `compose:` chains by environment (paths relative to the run, base first). */
  chains?: Partial<Record<KnownEnvironment, readonly (readonly string[])[]>>;
  /** The environment a file serves (config, name, content), `unknown` when nothing says. */
  environmentOf(file: SourceFile): Environment;
  /** What `unknown` is judged as. */
  headline: KnownEnvironment;
}

interface ComposeModels {
  /** The documents rules judge, replacing the compose files' own documents. */
  documents: SourceDocument[];
  notices: string[];
}

const BASE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const MAX_EXTENDS_DEPTH = 16;

/**
 * The compose application models of a run. `composeDocs` are the compose files' documents;
 * `lookup` finds any parsed YAML document by path (an `extends: {file}` or `include` target need
 * not be named like a compose file).
 */
export function composeModels(composeDocs: readonly SourceDocument[], lookup: (path: string) => SourceDocument | undefined, options: ComposeModelOptions): ComposeModels {
  const notices: string[] = [];
  const effective = (env: Environment): KnownEnvironment => (env === 'unknown' ? options.headline : env);
  // One document per compose file: the first one with a mapping (multi-document compose files do not exist in Compose).
  const byPath = new Map<string, SourceDocument>();
  for (const doc of composeDocs) if (!byPath.has(doc.file.path) && isDict(doc.data)) byPath.set(doc.file.path, doc);
  const isBaseName = (doc: SourceDocument) => BASE_NAMES.includes(posix.basename(doc.file.path).toLowerCase());

  // Files another file includes or extends from are parts of that model, not applications of their
  // own; a base (`compose.yaml`) stays an application when a layer only extends from it.
  const partsOf = new Map<string, string[]>();
  for (const doc of byPath.values()) {
    const parts = includeTargets(doc).filter((target) => target !== doc.file.path);
    for (const target of extendsFiles(doc)) {
      const extended = byPath.get(target);
      if (target !== doc.file.path && !(extended && isBaseName(extended))) parts.push(target);
    }
    partsOf.set(doc.file.path, parts);
  }
  const included = new Set([...partsOf.values()].flat());
  // Parts reached from no application (files that include each other in a cycle) are judged as applications.
  const reached = new Set<string>();
  const pending = [...byPath.keys()].filter((path) => !included.has(path));
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    for (const part of partsOf.get(path) ?? []) {
      if (reached.has(part)) continue;
      reached.add(part);
      pending.push(part);
    }
  }
  for (const path of included) if (!reached.has(path)) included.delete(path);

  const specs: ModelSpec[] = [];
  const claimed = new Set<string>();
  for (const [name, chains] of Object.entries(options.chains ?? {}) as [KnownEnvironment, readonly (readonly string[])[]][]) {
    for (const chain of chains) {
      const docs = chain.map((p) => byPath.get(p) ?? lookup(p));
      const missing = chain.filter((_, i) => !docs[i]);
      if (missing.length) {
        notices.push(`config compose.${name} names ${missing.map((m) => `'${short(m)}'`).join(', ')}, not a parsed compose file of this run; that chain is not judged`);
        continue;
      }
      for (const p of chain) claimed.add(p);
      specs.push({ layers: docs as SourceDocument[], environment: name, detail: `config compose.${name}: ${chain.join(' + ')}` });
    }
  }

  const configBases = new Set(specs.map((s) => `${s.layers[0]!.file.path}\u0000${effective(s.environment)}`));
  const folders = new Map<string, SourceDocument[]>();
  for (const doc of byPath.values()) {
    if (included.has(doc.file.path) && !claimed.has(doc.file.path)) continue;
    const dir = posix.dirname(doc.file.path);
    let list = folders.get(dir);
    if (!list) folders.set(dir, (list = []));
    list.push(doc);
  }
  for (const docs of folders.values()) {
    const base = BASE_NAMES.map((n) => docs.find((d) => posix.basename(d.file.path).toLowerCase() === n)).find((d) => d !== undefined);
    const plainLayers: SourceDocument[] = [];
    const environmentLayers: SourceDocument[] = [];
    for (const doc of docs) {
      if (doc === base || claimed.has(doc.file.path)) continue;
      // A second base name (docker-compose.yml beside compose.yaml) is an alternative Compose never merges.
      if (base && !isBaseName(doc) && layersOnto(doc, base)) (options.environmentOf(doc.file) === 'unknown' ? plainLayers : environmentLayers).push(doc);
      else specs.push({ layers: [doc], environment: options.environmentOf(doc.file), detail: 'stand-alone compose file' });
    }
    if (!base) continue;
    const baseEnvironment = options.environmentOf(base.file);
    const chain = [base, ...plainLayers];
    const chainText = chain.map((d) => posix.basename(d.file.path)).join(' + ');
    const models: ModelSpec[] = environmentLayers.map((layer) => ({
      layers: [...chain, layer],
      environment: options.environmentOf(layer.file),
      detail: `${chainText} + ${posix.basename(layer.file.path)} (the layer's environment)`,
    }));
    const covered = models.some((m) => effective(m.environment) === effective(baseEnvironment)) || configBases.has(`${base.file.path}\u0000${effective(baseEnvironment)}`);
    if (!covered) models.unshift({ layers: chain, environment: baseEnvironment, detail: chain.length > 1 ? `${chainText} (no environment layer)` : 'the base compose file alone' });
    specs.push(...models);
  }

  // Profiles: a service only in other environments' profiles leaves this model for one of its own.
  // Documents that are no model's (a second YAML document, a file that is not a mapping) stay as they are.
  const documents: SourceDocument[] = composeDocs.filter((d) => byPath.get(d.file.path) !== d);
  const builtBySignature = new Map<string, SourceDocument>();
  const basesByEnvironment = new Set(specs.map((s) => `${s.layers[0]!.file.path}\u0000${effective(s.environment)}`));
  for (const spec of specs) {
    const env = effective(spec.environment);
    // A file judged alone, with nothing to resolve, is its own model: no merge, no provenance to keep.
    const only = spec.layers.length === 1 ? spec.layers[0]! : undefined;
    if (
      only &&
      spec.environment === only.file.environment &&
      includeTargets(only).length === 0 &&
      Object.values(servicesOf(only)).every((service) => asDict(service)?.extends === undefined && !profileEnvironment(service, env))
    ) {
      documents.push(only);
      continue;
    }
    const merged = mergeModel(spec.layers, lookup, notices);
    const elsewhere = new Map<KnownEnvironment, string[]>();
    for (const [name, service] of Object.entries(asDict(merged.data.services) ?? {})) {
      const other = profileEnvironment(service, env);
      if (!other) continue;
      let list = elsewhere.get(other);
      if (!list) elsewhere.set(other, (list = []));
      list.push(name);
    }
    const moved = new Set([...elsewhere.values()].flat());
    const sameFilesInOtherEnv = (other: KnownEnvironment) => basesByEnvironment.has(`${spec.layers[0]!.file.path}\u0000${other}`);
    const make = (environment: Environment, detail: string, keep: (service: string) => boolean): SourceDocument => {
      const services = Object.fromEntries(Object.entries(asDict(merged.data.services) ?? {}).filter(([n]) => keep(n)));
      const data = merged.data.services === undefined ? merged.data : { ...merged.data, services };
      return modelDocument(spec.layers, data, merged.provenance, { files: spec.layers.map((d) => d.file.path), environment, detail });
    };
    documents.push(make(spec.environment, spec.detail, (n) => !moved.has(n)));
    for (const [other, names] of elsewhere) {
      if (sameFilesInOtherEnv(other)) continue;
      const signature = `${spec.layers.map((d) => d.file.path).join('\u0000')}\u0000${other}`;
      if (builtBySignature.has(signature)) continue;
      const doc = make(other, `${spec.detail}; services only in ${other} profiles`, (n) => names.includes(n));
      builtBySignature.set(signature, doc);
      documents.push(doc);
    }
  }
  return { documents, notices };
}

/** Names from the scanned tree quoted in a notice: bounded (formatters escape control characters). */
const short = (text: string): string => (text.length > 80 ? `${text.slice(0, 80)}…` : text);

interface ModelSpec {
  layers: SourceDocument[];
  environment: Environment;
  detail: string;
}

function servicesOf(doc: SourceDocument): Dict {
  return asDict(asDict(doc.data)?.services) ?? {};
}

/** True when `doc` reads as an override of `base` rather than an application of its own. */
function layersOnto(doc: SourceDocument, base: SourceDocument): boolean {
  const mine = servicesOf(doc);
  const theirs = servicesOf(base);
  const names = Object.keys(mine);
  if (names.length === 0) return true;
  return names.some((n) => n in theirs || (isDict(mine[n]) && mine[n].image === undefined && mine[n].build === undefined && mine[n].extends === undefined));
}

/** The environment a service's profiles place it in when that is not `env`, if they all name environments. */
function profileEnvironment(service: unknown, env: KnownEnvironment): KnownEnvironment | undefined {
  const profiles = asArray(asDict(service)?.profiles).map((p) => scalarText(p));
  if (profiles.length === 0) return undefined;
  const named = profiles.map((p) => (p === undefined ? undefined : environmentNamed(p)));
  if (named.some((n) => n === undefined) || named.includes(env)) return undefined;
  return named[0];
}

/** `include:` targets of a compose document (short and long syntax), as run-relative paths. */
function includeTargets(doc: SourceDocument): string[] {
  const dir = posix.dirname(doc.file.path);
  return asArray(asDict(doc.data)?.include).flatMap((entry) => {
    const paths = isDict(entry) ? (Array.isArray(entry.path) ? entry.path : [entry.path]) : [entry];
    return paths.flatMap((p) => {
      const text = scalarText(p);
      return text && !/^[a-z][a-z0-9+.-]*:/i.test(text) ? [relativeTo(dir, text)] : [];
    });
  });
}

/** Files named by `extends: {file}` in a compose document, as run-relative paths. */
function extendsFiles(doc: SourceDocument): string[] {
  const dir = posix.dirname(doc.file.path);
  return Object.values(servicesOf(doc)).flatMap((service) => {
    const file = scalarText(asDict(asDict(service)?.extends)?.file);
    return file ? [relativeTo(dir, file)] : [];
  });
}

function relativeTo(dir: string, path: string): string {
  return posix.normalize(posix.isAbsolute(path) ? path : posix.join(dir, path)).replace(/^\.\//, '');
}

// ---------------------------------------------------------------------------------------------
// Merging, with provenance

interface Source {
  doc: SourceDocument;
  path: DocPath;
}

type Provenance = Map<string, Source>;
const keyOf = (path: DocPath): string => JSON.stringify(path);

interface Merged {
  data: Dict;
  provenance: Provenance;
}

/** Merge the layers (base first), resolving `include` and `extends` in each. */
function mergeModel(layers: readonly SourceDocument[], lookup: (path: string) => SourceDocument | undefined, notices: string[]): Merged {
  const provenance: Provenance = new Map();
  let data: Dict = {};
  const seenIncludes = new Set<string>();
  const apply = (doc: SourceDocument, depth: number) => {
    for (const target of includeTargets(doc)) {
      if (seenIncludes.has(target) || depth > MAX_EXTENDS_DEPTH) continue;
      seenIncludes.add(target);
      const included = lookup(target);
      if (!included || !isDict(included.data)) continue;
      apply(included, depth + 1);
    }
    const own = asDict(doc.data) ?? {};
    if (!provenance.has(keyOf([]))) provenance.set(keyOf([]), { doc, path: [] });
    for (const [key, value] of Object.entries(own)) {
      if (key === 'include') continue;
      if (key === 'services' && isDict(value)) {
        if (!isDict(data.services)) {
          data = { ...data, services: {} };
          provenance.set(keyOf(['services']), { doc, path: ['services'] });
        }
        const services = { ...(data.services as Dict) };
        for (const name of Object.keys(value)) {
          for (const part of extendsChain(doc, name, lookup, notices)) {
            services[name] = mergeValue(services[name], part.data, ['services', name], { doc: part.doc, path: ['services', part.name] }, undefined, provenance);
          }
        }
        data = { ...data, services };
      } else {
        data = { ...data, [key]: mergeValue(data[key], value, [key], { doc, path: [key] }, undefined, provenance) };
      }
    }
  };
  for (const layer of layers) apply(layer, 0);
  return { data, provenance };
}

/** The definitions a service is built from, the furthest `extends` first, the service itself last. */
function extendsChain(
  doc: SourceDocument,
  name: string,
  lookup: (path: string) => SourceDocument | undefined,
  notices: string[],
): { doc: SourceDocument; name: string; data: unknown }[] {
  const out: { doc: SourceDocument; name: string; data: unknown }[] = [];
  const seen = new Set<string>();
  let current: { doc: SourceDocument; name: string } | undefined = { doc, name };
  while (current && out.length <= MAX_EXTENDS_DEPTH) {
    const id = `${current.doc.file.path}\u0000${current.name}`;
    if (seen.has(id)) break; // a cycle: Compose refuses it; judge what was written
    seen.add(id);
    const data: unknown = servicesOf(current.doc)[current.name];
    if (data === undefined) {
      notices.push(`${current.doc.file.path}: service '${short(current.name)}' named by extends is not defined there; judged without it`);
      break;
    }
    out.unshift({ ...current, data });
    const ext = asDict(data)?.extends;
    const target = typeof ext === 'string' ? { service: ext } : isDict(ext) ? { service: scalarText(ext.service), file: scalarText(ext.file) } : undefined;
    if (!target?.service) break;
    const targetDoc: SourceDocument | undefined = target.file ? lookup(relativeTo(posix.dirname(current.doc.file.path), target.file)) : current.doc;
    if (!targetDoc) {
      notices.push(`${current.doc.file.path}: extends file '${short(target.file ?? '')}' is not part of this run; service '${short(current.name)}' judged without it`);
      break;
    }
    current = { doc: targetDoc, name: target.service };
  }
  return out;
}

// Sequences Compose merges by a key instead of appending (the specification's "unique resources"
// and the mapping-like sequences); command, entrypoint and healthcheck.test are replaced.
const REPLACED = new Set(['command', 'entrypoint']);
const BY_KEY_VALUE = new Set(['environment', 'labels', 'extra_hosts', 'sysctls', 'annotations']);
const BY_TARGET = new Set(['volumes', 'devices', 'secrets', 'configs']);

/** Merge `over` (from `source`) onto `base` at `at`, recording where each resulting value came from. */
function mergeValue(base: unknown, over: unknown, at: DocPath, source: Source, attribute: string | undefined, provenance: Provenance): unknown {
  const serviceAttribute = at.length === 3 && at[0] === 'services' ? String(at[2]) : attribute;
  const replaced = REPLACED.has(serviceAttribute ?? '') && at.length === 3;
  const healthTest = at.length === 4 && at[0] === 'services' && at[2] === 'healthcheck' && at[3] === 'test';
  if (base === undefined || base === null || replaced || healthTest) return record(over, at, source, provenance);
  if (isDict(base) && isDict(over)) {
    const out: Dict = { ...base };
    for (const [key, value] of Object.entries(over))
      out[key] = mergeValue(base[key], value, [...at, key], { doc: source.doc, path: [...source.path, key] }, serviceAttribute, provenance);
    return out;
  }
  if (at.length === 3 && BY_KEY_VALUE.has(serviceAttribute ?? '') && (isDict(base) || Array.isArray(base)) && (isDict(over) || Array.isArray(over))) {
    return mergeKeyValues(base, over, at, source, provenance);
  }
  if (Array.isArray(base) && Array.isArray(over)) {
    const keyed = at.length === 3 ? uniqueKeyOf(serviceAttribute) : undefined;
    const out = [...base];
    const indexByKey = new Map<string, number>();
    if (keyed)
      base.forEach((b, i) => {
        const key = keyed(b);
        if (key !== undefined && !indexByKey.has(key)) indexByKey.set(key, i);
      });
    over.forEach((item, i) => {
      const itemSource: Source = { doc: source.doc, path: [...source.path, i] };
      const key = keyed?.(item);
      const index = (key === undefined ? undefined : indexByKey.get(key)) ?? out.length;
      if (key !== undefined) indexByKey.set(key, index);
      out[index] = record(item, [...at, index], itemSource, provenance);
    });
    return out;
  }
  return record(over, at, source, provenance);
}

function uniqueKeyOf(attribute: string | undefined): ((item: unknown) => string | undefined) | undefined {
  if (attribute === 'ports')
    return (item) => (isDict(item) ? JSON.stringify([item.host_ip, item.published, item.target, item.protocol].map((v) => scalarText(v) ?? '')) : scalarText(item));
  if (attribute === 'depends_on' || attribute === 'dns' || attribute === 'expose' || attribute === 'profiles') return (item) => scalarText(item);
  if (BY_TARGET.has(attribute ?? '')) {
    return (item) => {
      if (isDict(item)) return scalarText(item.target) ?? scalarText(item.source);
      const text = scalarText(item);
      if (text === undefined) return undefined;
      const parts = text.split(':');
      return attribute === 'secrets' || attribute === 'configs' ? text : parts.length > 1 ? parts[1] : parts[0];
    };
  }
  return undefined;
}

/**
 * `environment`/`labels` in list (`KEY=value`) or mapping form: merged by key, in the base's form.
 * Only the override's entries are recorded: a base entry keeps its place and its provenance (a
 * chain of layers costs what the layers hold, not layers × entries).
 */
function mergeKeyValues(base: Dict | unknown[], over: Dict | unknown[], at: DocPath, source: Source, provenance: Provenance): unknown {
  const keyOfItem = (item: unknown): string | undefined => {
    const text = scalarText(item);
    if (text === undefined) return undefined;
    const eq = text.indexOf('=');
    return (eq >= 0 ? text.slice(0, eq) : text).trim();
  };
  const incoming: { key: string; value: unknown; rel: string | number; fromList: boolean }[] = Array.isArray(over)
    ? over.flatMap((item, i) => {
        const key = keyOfItem(item);
        return key === undefined ? [] : [{ key, value: item, rel: i, fromList: true }];
      })
    : Object.entries(over).map(([key, value]) => ({ key, value, rel: key, fromList: false }));
  if (Array.isArray(base)) {
    const out = [...base];
    const indexOf = new Map<string, number>();
    base.forEach((item, i) => {
      const key = keyOfItem(item);
      if (key !== undefined && !indexOf.has(key)) indexOf.set(key, i);
    });
    for (const e of incoming) {
      const text = e.fromList ? e.value : e.value === null || e.value === undefined ? e.key : `${e.key}=${scalarText(e.value) ?? ''}`;
      const index = indexOf.get(e.key) ?? out.length;
      indexOf.set(e.key, index);
      out[index] = record(text, [...at, index], { doc: source.doc, path: [...source.path, e.rel] }, provenance);
    }
    return out;
  }
  const out: Dict = { ...base };
  for (const e of incoming) {
    const text = e.fromList ? (scalarText(e.value) ?? '') : '';
    const eq = text.indexOf('=');
    const value = e.fromList ? (eq >= 0 ? text.slice(eq + 1) : null) : e.value;
    out[e.key] = record(value, [...at, e.key], { doc: source.doc, path: [...source.path, e.rel] }, provenance);
  }
  return out;
}

/** Record the provenance of a value and everything under it; returns the value. */
function record(value: unknown, at: DocPath, source: Source, provenance: Provenance): unknown {
  provenance.set(keyOf(at), source);
  if (isDict(value)) for (const [k, v] of Object.entries(value)) record(v, [...at, k], { doc: source.doc, path: [...source.path, k] }, provenance);
  else if (Array.isArray(value)) value.forEach((v, i) => record(v, [...at, i], { doc: source.doc, path: [...source.path, i] }, provenance));
  return value;
}

function existsIn(data: unknown, path: DocPath): boolean {
  let node: unknown = data;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number' && segment < node.length) node = node[segment];
    else if (isDict(node) && typeof segment === 'string' && Object.hasOwn(node, segment)) node = node[segment];
    else return false;
  }
  return true;
}

/** A document over the merged data whose positions are the layers' own. */
function modelDocument(layers: readonly SourceDocument[], data: Dict, provenance: Provenance, info: ComposeModelInfo): SourceDocument {
  const base = layers[0]!;
  // The longest prefix of `path` that exists in the model, with the layer path it came from.
  const resolve = (path: DocPath): Source => {
    for (let n = path.length; n >= 0; n--) {
      const prefix = path.slice(0, n);
      if (!existsIn(data, prefix)) continue;
      const from = provenance.get(keyOf(prefix));
      if (from) return { doc: from.doc, path: [...from.path, ...path.slice(n)] };
    }
    return { doc: base, path };
  };
  return {
    file: base.file,
    index: base.index,
    kind: 'compose',
    data,
    composeModel: info,
    locate(path: DocPath, options?: LocateOptions): Location {
      const from = resolve(path);
      return from.doc.locate(from.path, options);
    },
    locateInScalar(path, line, column) {
      const from = resolve(path);
      return from.doc.locateInScalar?.(from.path, line, column);
    },
    has: (path) => existsIn(data, path),
  };
}
