// The in-process kustomize build (kubectl v1.35 / kustomize v5.7.1 semantics): accumulate resources,
// bases and components, run generators, then the builtin transformers in kustomize's order; at the
// root only, append content hashes to generated names, fix name references and resolve vars.
// Remote bases, helmCharts and plugins are never fetched or run: each is reported as left out.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  applyMapFields,
  COMMON_ANNOTATIONS,
  COMMON_LABELS,
  NAME_REFERENCES,
  parseFieldSpecs,
  REPLICAS,
  specMatches,
  splitPath,
  TEMPLATE_LABELS,
  VAR_REFERENCES,
  visitPath,
  type FieldSpec,
  type NameRefSpec,
} from './fieldspec.js';
import { applyJson6902, PatchError, strategicMerge } from './patch.js';
import {
  allIds,
  annotationsOf,
  currentId,
  effectiveNamespace,
  getKind,
  getName,
  idString,
  isNamespaceable,
  labelsOf,
  originalId,
  rememberId,
  splitApiVersion,
  type ResId,
  type Resource,
} from './resource.js';
import { cloneJson, emitGoYaml, keyLocOf, locOf, parseYamlStream, setKeyLoc, setLoc, YamlError, type Json, type JsonObject, type ParsedDoc, type SourceLoc } from './yaml.js';

export class KustomizeError extends Error {
  /** The kustomization whose build failed (the innermost one), when known. */
  /** What was left out before the build failed (reported too). */
  leftOut: LeftOut[] = [];
  constructor(
    message: string,
    public file?: string,
  ) {
    super(message);
  }
}

/** Something the build could not do offline and left out (the rest is still built). */
export interface LeftOut {
  what: 'remote-resource' | 'helm-charts' | 'plugin';
  ref: string;
  file: string;
  loc?: SourceLoc;
}

export interface BuildResult {
  resources: Resource[];
  leftOut: LeftOut[];
  /** Every file read by the build (absolute), kustomization files first in visit order. */
  inputs: string[];
  kustomizations: string[];
}

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

interface TransformerConfig {
  /** Extended by `configurations:` somewhere in the build (a default config adds nothing to merge). */
  custom?: boolean;
  nameReference: NameRefSpec[];
  commonLabels: FieldSpec[];
  templateLabels: FieldSpec[];
  commonAnnotations: FieldSpec[];
  namePrefix: FieldSpec[];
  nameSuffix: FieldSpec[];
  namespace: FieldSpec[];
  images: FieldSpec[];
  replicas: FieldSpec[];
  varReference: FieldSpec[];
}

function defaultConfig(): TransformerConfig {
  return {
    nameReference: NAME_REFERENCES.map((n) => ({ ...n, fieldSpecs: [...n.fieldSpecs] })),
    commonLabels: [...COMMON_LABELS],
    templateLabels: [...TEMPLATE_LABELS],
    commonAnnotations: [...COMMON_ANNOTATIONS],
    namePrefix: [{ path: 'metadata/name' }],
    nameSuffix: [{ path: 'metadata/name' }],
    namespace: [],
    images: [],
    replicas: [...REPLICAS],
    varReference: [...VAR_REFERENCES],
  };
}

function mergeConfig(into: TransformerConfig, from: TransformerConfig): void {
  if (!from.custom) return;
  into.custom = true;
  const key = (f: FieldSpec) => `${f.group ?? ''}|${f.version ?? ''}|${f.kind ?? ''}|${f.path}`;
  for (const k of ['commonLabels', 'templateLabels', 'commonAnnotations', 'namePrefix', 'nameSuffix', 'namespace', 'images', 'replicas', 'varReference'] as const) {
    const seen = new Set(into[k].map(key));
    for (const f of from[k])
      if (!seen.has(key(f))) {
        seen.add(key(f));
        into[k].push(f);
      }
  }
  for (const n of from.nameReference) {
    const existing = into.nameReference.find((x) => x.kind === n.kind && (x.group ?? '') === (n.group ?? ''));
    if (!existing) into.nameReference.push({ ...n, fieldSpecs: [...n.fieldSpecs] });
    else {
      const seen = new Set(existing.fieldSpecs.map(key));
      for (const f of n.fieldSpecs)
        if (!seen.has(key(f))) {
          seen.add(key(f));
          existing.fieldSpecs.push(f);
        }
    }
  }
}

interface Var {
  name: string;
  objref: { kind: string; name: string; apiVersion?: string };
  fieldPath: string;
}

interface Accumulator {
  resources: Resource[];
  config: TransformerConfig;
  vars: Var[];
}

function isObj(v: Json | undefined): v is JsonObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

function strList(v: Json | undefined): string[] {
  return Array.isArray(v) ? v.filter((x) => x !== null).map((x) => (typeof x === 'string' ? x : JSON.stringify(x))) : [];
}

function isRemote(ref: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(ref) ||
    ref.startsWith('git@') ||
    /\?(ref|version|submodules|timeout)=/.test(ref) ||
    /\.git(\/\/|$)/.test(ref)
  );
}

/** File access for a build: absolute paths; undefined / false for what is not there. */
export interface KustomizeFs {
  readFile(abs: string): Buffer | undefined;
  isDirectory(abs: string): boolean;
  exists(abs: string): boolean;
  /** Links resolved (the load restrictor compares real paths). */
  realpath(abs: string): string;
}

/** The real file system. */
export const nodeKustomizeFs: KustomizeFs = {
  readFile: (abs) => {
    try {
      return fs.statSync(abs).isFile() ? fs.readFileSync(abs) : undefined;
    } catch {
      return undefined;
    }
  },
  isDirectory: (abs) => {
    try {
      return fs.statSync(abs).isDirectory();
    } catch {
      return false;
    }
  },
  exists: (abs) => fs.existsSync(abs),
  realpath: (abs) => {
    try {
      return fs.realpathSync(abs);
    } catch {
      return path.resolve(abs);
    }
  },
};

function within(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

class Loader {
  inputs: string[] = [];
  kustomizations: string[] = [];
  leftOut: LeftOut[] = [];
  constructor(
    readonly fs: KustomizeFs,
    readonly display: (abs: string) => string,
    readonly boundary: string | undefined,
    readonly cache: Map<string, { text: string; docs: ParsedDoc[] }> | undefined,
  ) {}

  /** Something fetched at build time was left out: a target missing now may be in it. */
  get partial(): boolean {
    return this.leftOut.some((l) => l.what === 'remote-resource');
  }

  /** Parsed documents of a file, fresh copies (a build changes them); parsed once per cache. */
  parse(text: string, abs: string): ParsedDoc[] {
    if (!this.cache) return parseYamlStream(text, abs);
    let hit = this.cache.get(abs);
    if (!hit || hit.text !== text) this.cache.set(abs, (hit = { text, docs: parseYamlStream(text, abs) }));
    return hit.docs.map((d) => ({ value: cloneJson(d.value), line: d.line }));
  }

  /** Nothing outside the linted tree is read, whatever a kustomization names. */
  checkBoundary(abs: string): void {
    if (this.boundary !== undefined && !within(this.fs.realpath(abs), this.boundary)) {
      throw new KustomizeError(`'${this.display(abs)}' is outside the linted folder; not read`);
    }
  }

  /** Read a file of a kustomization; kustomize's default load restrictor: in or below its folder. */
  readBytesWithin(root: string, rel: string): Buffer {
    const abs = path.resolve(root, rel);
    const real = this.fs.realpath(abs);
    if (!within(real, this.fs.realpath(root))) {
      throw new KustomizeError(`security; file '${this.display(abs)}' is not in or below '${this.display(root)}'`);
    }
    this.checkBoundary(abs);
    if (this.fs.isDirectory(abs)) throw new KustomizeError(`'${this.display(abs)}' is a directory`);
    const buf = this.fs.readFile(abs);
    if (buf === undefined) throw new KustomizeError(`evalsymlink failure on '${this.display(abs)}' : lstat ${this.display(abs)}: no such file or directory`);
    this.inputs.push(abs);
    return buf;
  }

  readWithin(root: string, rel: string): string {
    return this.readBytesWithin(root, rel).toString('utf8');
  }
}

export function findKustomizationFile(dir: string, kfs: KustomizeFs = nodeKustomizeFs): string | undefined {
  const found = KUSTOMIZATION_FILES.filter((f) => kfs.exists(path.join(dir, f)) && !kfs.isDirectory(path.join(dir, f)));
  if (found.length > 1) throw new KustomizeError(`Found multiple kustomization files under: ${dir}`);
  return found[0] ? path.join(dir, found[0]) : undefined;
}

interface Kustomization {
  dir: string;
  file: string;
  k: JsonObject;
  kind: string;
}

function loadKustomization(ldr: Loader, dir: string): Kustomization {
  ldr.checkBoundary(dir);
  const file = findKustomizationFile(dir, ldr.fs);
  if (!file) {
    throw new KustomizeError(`unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${ldr.display(dir)}'`);
  }
  ldr.inputs.push(file);
  ldr.kustomizations.push(file);
  let docs;
  try {
    docs = parseYamlStream(ldr.fs.readFile(file)?.toString('utf8') ?? '', file);
  } catch (e) {
    throw new KustomizeError(`invalid Kustomization: ${(e as Error).message}`, file);
  }
  const k = docs[0]?.value ?? {};
  if (!isObj(k)) throw new KustomizeError(`invalid Kustomization: ${ldr.display(file)} is not a map`);
  for (const f of ['patches', 'replacements']) {
    const list = k[f];
    if (Array.isArray(list) && list.some((x) => typeof x === 'string' && f === 'patches')) {
      throw new KustomizeError(`invalid Kustomization: json: cannot unmarshal string into Go struct field Kustomization.${f} of type types.Patch`);
    }
  }
  const kind = typeof k.kind === 'string' ? k.kind : 'Kustomization';
  return { dir, file, k, kind };
}

function locAt(obj: object, key: string | number): SourceLoc | undefined {
  return locOf(obj, key);
}

// ------------------------------------------------------------------------------------------------

/** Parse resource documents; `kind: List` items are flattened as kustomize does. */
function resourcesFromText(ldr: Loader, text: string, file: string, display: string): Resource[] {
  let docs;
  try {
    docs = ldr.parse(text, file);
  } catch (e) {
    throw new KustomizeError(`${display}: ${(e as Error).message}`);
  }
  const out: Resource[] = [];
  for (const d of docs) {
    const v = d.value;
    if (v === null) continue;
    if (!isObj(v)) throw new KustomizeError(`${display}: resource is not a map`);
    if (Object.keys(v).length === 0) continue;
    const kind = getKind(v);
    if (/List$/.test(kind) && Array.isArray(v.items)) {
      v.items.forEach((item, i) => {
        if (isObj(item)) out.push({ obj: item, origin: locAt(v.items as Json[], i) ?? { file, line: d.line, column: 1 }, previous: [currentId(item)] });
      });
      continue;
    }
    if (!kind) throw new KustomizeError(`missing Resource metadata`);
    out.push({ obj: v, origin: { file, line: d.line, column: 1 }, previous: [currentId(v)] });
  }
  return out;
}

function idEquals(a: ResId, b: ResId): boolean {
  return a.kind === b.kind && a.group === b.group && a.version === b.version && a.name === b.name && effectiveNamespace(a) === effectiveNamespace(b);
}

function appendAll(acc: Accumulator, add: Resource[]): void {
  for (const r of add) {
    const id = currentId(r.obj);
    if (acc.resources.some((x) => idEquals(currentId(x.obj), id))) {
      throw new KustomizeError(`may not add resource with an already registered id: ${idString(id)}`);
    }
    acc.resources.push(r);
  }
}

function accumulateResources(ldr: Loader, kz: Kustomization, acc: Accumulator, visiting: Set<string>): void {
  const entries: { ref: string; loc: SourceLoc | undefined }[] = [];
  for (const field of ['resources', 'bases']) {
    const list = kz.k[field];
    if (Array.isArray(list)) list.forEach((x, i) => x !== null && entries.push({ ref: typeof x === 'string' ? x : JSON.stringify(x), loc: locOf(list, i) }));
  }
  for (const { ref, loc } of entries) {
    if (isRemote(ref)) {
      ldr.leftOut.push({ what: 'remote-resource', ref, file: kz.file, loc });
      continue;
    }
    const abs = path.resolve(kz.dir, ref);
    if (ldr.fs.isDirectory(abs)) {
      const sub = buildTarget(ldr, abs, visiting, false);
      if (sub.kind === 'Component') throw new KustomizeError(`expected kind != 'Component' for path '${ldr.display(abs)}'`);
      appendAll(acc, sub.acc.resources);
      mergeConfig(acc.config, sub.acc.config);
      for (const v of sub.acc.vars) acc.vars.push(v);
      continue;
    }
    if (!ldr.fs.exists(abs)) {
      throw new KustomizeError(
        `accumulating resources: accumulation err='accumulating resources from '${ref}': evalsymlink failure on '${ldr.display(abs)}' : lstat ${ldr.display(abs)}: no such file or directory'`,
      );
    }
    const text = ldr.readWithin(kz.dir, ref);
    appendAll(acc, resourcesFromText(ldr, text, abs, ldr.display(abs)));
  }
}

function loadConfigurations(ldr: Loader, kz: Kustomization, acc: Accumulator): void {
  for (const ref of strList(kz.k.configurations)) {
    const text = ldr.readWithin(kz.dir, ref);
    const docs = parseYamlStream(text, path.resolve(kz.dir, ref));
    const c = defaultConfig();
    for (const k of Object.keys(c) as (keyof TransformerConfig)[]) if (k !== 'nameReference') (c[k] as FieldSpec[]) = [];
    c.nameReference = [];
    c.custom = true;
    for (const d of docs) {
      const v = d.value;
      if (!isObj(v)) continue;
      for (const k of ['commonLabels', 'templateLabels', 'commonAnnotations', 'namePrefix', 'nameSuffix', 'namespace', 'images', 'replicas', 'varReference'] as const) {
        c[k].push(...parseFieldSpecs(v[k]));
      }
      if (Array.isArray(v.nameReference)) {
        for (const n of v.nameReference) {
          if (!isObj(n)) continue;
          c.nameReference.push({ kind: String(n.kind ?? ''), group: typeof n.group === 'string' ? n.group : undefined, fieldSpecs: parseFieldSpecs(n.fieldSpecs) });
        }
      }
    }
    mergeConfig(acc.config, c);
  }
}

// ------------------------------------------------------------------------------------------------
// generators

function parseKv(line: string): [string, string] | undefined {
  const data = line.replace(/^\s+/, '');
  if (data === '' || data.startsWith('#')) return undefined;
  const i = data.indexOf('=');
  // a bare name takes its value from the environment in kustomize; a lint run reads none
  if (i < 0) return [data.trimEnd(), ''];
  return [data.slice(0, i), data.slice(i + 1)];
}

function removeQuotes(v: string): string {
  if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) return v.slice(1, -1);
  return v;
}

interface GeneratorArgs {
  name: string;
  namespace?: string;
  behavior: 'create' | 'merge' | 'replace';
  literals: string[];
  files: string[];
  envs: string[];
  options: JsonObject;
  type?: string;
}

function generatorArgs(g: JsonObject): GeneratorArgs {
  const envs = strList(g.envs);
  if (typeof g.env === 'string') envs.push(g.env);
  const b = g.behavior;
  return {
    name: String(g.name ?? ''),
    namespace: typeof g.namespace === 'string' ? g.namespace : undefined,
    behavior: b === 'merge' || b === 'replace' ? b : 'create',
    literals: strList(g.literals),
    files: strList(g.files),
    envs,
    options: isObj(g.options) ? g.options : {},
    type: typeof g.type === 'string' ? g.type : undefined,
  };
}

function isUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

/** kyaml's encodeBase64: 70-character lines, each ending in a newline, once there is more than one. */
function encodeBase64Lines(buf: Buffer): string {
  const enc = buf.toString('base64');
  const lines = Math.floor(enc.length / 70) + 1;
  if (lines <= 1) return enc;
  let out = '';
  for (let i = 0; i < enc.length; i += 70) out += enc.slice(i, i + 70) + '\n';
  return out;
}

function generate(ldr: Loader, kz: Kustomization, kind: 'ConfigMap' | 'Secret', g: JsonObject, genOpts: JsonObject, gloc: SourceLoc | undefined): Resource {
  const a = generatorArgs(g);
  const data: JsonObject = {};
  const binary: JsonObject = {};
  const dataLocs: Record<string, SourceLoc | undefined> = {};
  const put = (k: string, v: string | Buffer, loc: SourceLoc | undefined) => {
    if (k in data || k in binary) throw new KustomizeError(`cannot add key ${k}, another key by that name already exists`);
    dataLocs[k] = loc;
    if (typeof v !== 'string') {
      if (kind === 'ConfigMap' && !isUtf8(v)) {
        binary[k] = v.toString('base64');
        return;
      }
      v = v.toString('utf8');
    }
    data[k] = kind === 'Secret' ? encodeBase64Lines(Buffer.from(v, 'utf8')) : v;
  };
  for (const env of a.envs) {
    const text = ldr.readWithin(kz.dir, env);
    for (const line of text.split(/\r?\n/)) {
      const kv = parseKv(line);
      if (kv) put(kv[0], kv[1], gloc);
    }
  }
  const literalList = Array.isArray(g.literals) ? g.literals : [];
  a.literals.forEach((lit, i) => {
    const eq = lit.indexOf('=');
    if (eq < 0) throw new KustomizeError(`invalid literal source ${lit}, expected key=value`);
    put(lit.slice(0, eq), removeQuotes(lit.slice(eq + 1)), locOf(literalList, i));
  });
  const fileList = Array.isArray(g.files) ? g.files : [];
  a.files.forEach((f, i) => {
    const eq = f.indexOf('=');
    const key = eq >= 0 ? f.slice(0, eq) : path.basename(f);
    const rel = eq >= 0 ? f.slice(eq + 1) : f;
    put(key, ldr.readBytesWithin(kz.dir, rel), locOf(fileList, i));
  });
  const obj: JsonObject = { apiVersion: 'v1', kind, metadata: { name: a.name } };
  const md = obj.metadata as JsonObject;
  setLoc(md, 'name', gloc);
  if (a.namespace) md.namespace = a.namespace;
  const labels = { ...(isObj(genOpts.labels) ? genOpts.labels : {}), ...(isObj(a.options.labels) ? a.options.labels : {}) };
  const annotations = { ...(isObj(genOpts.annotations) ? genOpts.annotations : {}), ...(isObj(a.options.annotations) ? a.options.annotations : {}) };
  if (Object.keys(labels).length) md.labels = Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
  if (Object.keys(annotations).length) md.annotations = Object.fromEntries(Object.entries(annotations).map(([k, v]) => [k, String(v)]));
  if (Object.keys(data).length || kind === 'Secret' || Object.keys(binary).length === 0) {
    obj.data = data;
    for (const [k, l] of Object.entries(dataLocs)) if (k in data) setLoc(data, k, l);
  }
  if (Object.keys(binary).length) obj.binaryData = binary;
  if (kind === 'Secret') obj.type = a.type ?? 'Opaque';
  const immutable = a.options.immutable ?? genOpts.immutable;
  if (immutable === true) obj.immutable = true;
  const disable = a.options.disableNameSuffixHash ?? genOpts.disableNameSuffixHash;
  return { obj, origin: gloc ?? { file: kz.file, line: 1, column: 1 }, previous: [currentId(obj)], needsHash: disable !== true, behavior: a.behavior, generated: true };
}

function runGenerators(ldr: Loader, kz: Kustomization, acc: Accumulator): void {
  const genOpts = isObj(kz.k.generatorOptions) ? kz.k.generatorOptions : {};
  for (const [field, kind] of [
    ['configMapGenerator', 'ConfigMap'],
    ['secretGenerator', 'Secret'],
  ] as const) {
    const list = kz.k[field];
    if (!Array.isArray(list)) continue;
    list.forEach((g, i) => {
      if (!isObj(g)) return;
      const r = generate(ldr, kz, kind, g, genOpts, locOf(list, i));
      if (r.behavior === 'create') {
        appendAll(acc, [r]);
        return;
      }
      const id = currentId(r.obj);
      const existing = acc.resources.filter((x) =>
        allIds(x).some((pid) => pid.kind === kind && pid.name === id.name && (id.namespace === '' || effectiveNamespace(pid) === effectiveNamespace(id))),
      );
      if (existing.length === 0 && ldr.partial) {
        // what it merges into may be in a remote base that was left out: judge it as generated
        appendAll(acc, [r]);
        return;
      }
      if (existing.length !== 1) throw new KustomizeError(`id ${JSON.stringify(idString(id))} does not exist; cannot merge or replace`);
      const target = existing[0]!;
      if (r.behavior === 'replace') {
        target.obj.data = r.obj.data ?? {};
        if (r.obj.binaryData) target.obj.binaryData = r.obj.binaryData;
      } else {
        const d = isObj(target.obj.data) ? target.obj.data : (target.obj.data = {});
        const nd = (r.obj.data ?? {}) as JsonObject;
        for (const [k, v] of Object.entries(nd)) {
          d[k] = v;
          setLoc(d, k, locOf(nd, k));
        }
      }
      const md = target.obj.metadata as JsonObject;
      const rmd = r.obj.metadata as JsonObject;
      for (const f of ['labels', 'annotations'] as const) {
        if (isObj(rmd[f])) md[f] = { ...(isObj(md[f]) ? md[f] : {}), ...rmd[f] };
      }
      // the merged object keeps its hash suffix unless this generator's options turn it off
      if (r.needsHash === false) target.needsHash = false;
    });
  }
}

// ------------------------------------------------------------------------------------------------
// selection and patches

interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

function anchored(re: string | undefined): RegExp | undefined {
  if (re === undefined || re === '') return undefined;
  try {
    return new RegExp(`^(?:${re})$`);
  } catch {
    throw new KustomizeError(`invalid selector regular expression ${JSON.stringify(re)}`);
  }
}

function matchesSelectorString(sel: string | undefined, values: Record<string, string>): boolean {
  if (!sel) return true;
  for (const raw of sel.split(',')) {
    const part = raw.trim();
    if (!part) continue;
    let m;
    if ((m = /^(\S+?)\s*(!=)\s*(.*)$/.exec(part))) {
      if (values[m[1]!] === m[3]!.trim()) return false;
    } else if ((m = /^(\S+?)\s*==?\s*(.*)$/.exec(part))) {
      if (values[m[1]!] !== m[2]!.trim()) return false;
    } else if ((m = /^(\S+)\s+(notin|in)\s+\((.*)\)$/.exec(part))) {
      const set = m[3]!.split(',').map((s) => s.trim());
      const has = m[1]! in values && set.includes(values[m[1]!]!);
      if (m[2] === 'in' ? !has : has) return false;
    } else if (part.startsWith('!')) {
      if (part.slice(1) in values) return false;
    } else if (!(part in values)) return false;
  }
  return true;
}

function select(resources: Resource[], s: Selector): Resource[] {
  const g = anchored(s.group);
  const v = anchored(s.version);
  const k = anchored(s.kind);
  const n = anchored(s.name);
  const ns = anchored(s.namespace);
  return resources.filter((r) => {
    const cur = currentId(r.obj);
    const org = originalId(r);
    if (ns && !ns.test(effectiveNamespace(org)) && !ns.test(effectiveNamespace(cur)) && !ns.test(org.namespace) && !ns.test(cur.namespace)) return false;
    if (n && !n.test(org.name) && !n.test(cur.name)) return false;
    if (g && !g.test(cur.group)) return false;
    if (v && !v.test(cur.version)) return false;
    if (k && !k.test(cur.kind)) return false;
    if (!matchesSelectorString(s.labelSelector, labelsOf(r.obj))) return false;
    if (!matchesSelectorString(s.annotationSelector, annotationsOf(r.obj))) return false;
    return true;
  });
}

function selectorOf(t: Json | undefined): Selector | undefined {
  if (!isObj(t)) return undefined;
  const s: Selector = {};
  for (const k of ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'] as const) if (typeof t[k] === 'string') s[k] = t[k] as string;
  return s;
}

/** Where an inline block scalar's content sits: the line of its indicator and the content's indent. */
function blockOffset(ldr: Loader, kz: Kustomization, loc: SourceLoc | undefined): { lineOffset: number; columnOffset: number } {
  if (!loc) return { lineOffset: 0, columnOffset: 0 };
  const lines = (ldr.fs.readFile(kz.file)?.toString('utf8') ?? '').split(/\r?\n/);
  const first = lines.slice(loc.line).find((l) => l.trim() !== '') ?? '';
  return { lineOffset: loc.line, columnOffset: first.length - first.trimStart().length };
}

function loadPatchText(ldr: Loader, kz: Kustomization, p: JsonObject): { text: string; file: string; lineOffset: number; columnOffset: number } | undefined {
  if (typeof p.path === 'string' && isRemote(p.path)) {
    ldr.leftOut.push({ what: 'remote-resource', ref: p.path, file: kz.file, loc: locOf(p, 'path') });
    return undefined;
  }
  if (typeof p.path === 'string') return { text: ldr.readWithin(kz.dir, p.path), file: path.resolve(kz.dir, p.path), lineOffset: 0, columnOffset: 0 };
  if (typeof p.patch === 'string') {
    const loc = locOf(p, 'patch');
    return { text: p.patch, file: kz.file, ...blockOffset(ldr, kz, loc) };
  }
  throw new KustomizeError('must specify one of patch and path in patches');
}

/** Inline patches: shift positions to the kustomization's lines (the block starts a line below). */
function parsePatchDocs(text: string, file: string, lineOffset: number, columnOffset = 0): Json[] {
  const docs = parseYamlStream(text, file).map((d) => d.value);
  if (lineOffset > 0) shiftLocs(docs, lineOffset, columnOffset);
  return docs;
}

function shiftLocs(v: Json, by: number, columns: number, seen = new Set<object>()): void {
  if (v === null || typeof v !== 'object' || seen.has(v)) return;
  seen.add(v);
  const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  for (const k of keys) {
    const l = locOf(v, k);
    if (l) setLoc(v, k, { ...l, line: l.line + by, column: l.column + columns });
    const kl = typeof k === 'string' ? keyLocOf(v, k) : undefined;
    if (kl && typeof k === 'string') setKeyLoc(v, k, { ...kl, line: kl.line + by, column: kl.column + columns });
    shiftLocs((v as Record<string | number, Json>)[k]!, by, columns, seen);
  }
}

function looksLikeJsonPatch(docs: Json[]): boolean {
  return docs.length === 1 && Array.isArray(docs[0]);
}

function applySmp(acc: Accumulator, targets: Resource[], patch: JsonObject): void {
  for (const t of targets) {
    const keep = strategicMerge(t.obj, cloneJson(patch), splitApiVersion(t.obj.apiVersion).group);
    if (!keep) acc.resources.splice(acc.resources.indexOf(t), 1);
    rememberId(t);
  }
}

function smpTargetsById(ldr: Loader, acc: Accumulator, patch: JsonObject): Resource[] {
  const pid = currentId(patch);
  const found = acc.resources.filter((r) =>
    allIds(r).some((id) => id.kind === pid.kind && id.name === pid.name && id.group === pid.group && (pid.namespace === '' || effectiveNamespace(id) === effectiveNamespace(pid))),
  );
  // the target may be in a remote base that was left out: the rest is still built
  if (found.length === 0 && ldr.partial) return [];
  if (found.length === 0) {
    throw new KustomizeError(`no resource matches strategic merge patch "${idString({ ...pid })}"`);
  }
  if (found.length > 1) {
    const narrowed = found.filter((r) => allIds(r).some((id) => effectiveNamespace(id) === effectiveNamespace(pid)));
    if (narrowed.length === 1) return narrowed;
    throw new KustomizeError(`multiple matches for Id ${idString(pid)}; failed to find unique target for patch`);
  }
  return found;
}

function runPatches(ldr: Loader, kz: Kustomization, acc: Accumulator): void {
  const list = kz.k.patches;
  if (!Array.isArray(list)) return;
  for (const p of list) {
    if (!isObj(p)) continue;
    const loaded = loadPatchText(ldr, kz, p);
    if (!loaded) continue;
    const { text, file, lineOffset, columnOffset } = loaded;
    const docs = parsePatchDocs(text, file, lineOffset, columnOffset).filter((d) => d !== null);
    const sel = selectorOf(p.target);
    if (looksLikeJsonPatch(docs)) {
      if (!sel) throw new KustomizeError('must specify a target for JSON patch');
      const ops = docs[0] as Json[];
      applyJsonPatchToAll(select(acc.resources, sel), ops);
      continue;
    }
    for (const d of docs) {
      if (!isObj(d)) continue;
      const targets = sel ? select(acc.resources, sel) : smpTargetsById(ldr, acc, d);
      const options = isObj(p.options) ? p.options : {};
      for (const t of targets) {
        const before = { name: getName(t.obj), kind: getKind(t.obj) };
        const pd = cloneJson(d);
        if (sel) {
          // a targeted patch applies whatever its own metadata says, unless names may change
          const md = isObj(pd.metadata) ? pd.metadata : undefined;
          if (md && options.allowNameChange !== true) delete md.name;
          if (options.allowKindChange !== true) delete pd.kind;
          if (md && md.namespace !== undefined) delete md.namespace;
          if (options.allowKindChange !== true) delete pd.apiVersion;
        }
        const keep = strategicMerge(t.obj, pd, splitApiVersion(t.obj.apiVersion).group);
        if (!keep) {
          acc.resources.splice(acc.resources.indexOf(t), 1);
          continue;
        }
        if (!sel && (getName(t.obj) !== before.name || getKind(t.obj) !== before.kind)) {
          (t.obj.metadata as JsonObject).name = before.name;
          t.obj.kind = before.kind;
        }
        rememberId(t);
      }
    }
  }
}

function runPatchesStrategicMerge(ldr: Loader, kz: Kustomization, acc: Accumulator): void {
  const list = kz.k.patchesStrategicMerge;
  if (!Array.isArray(list)) return;
  list.forEach((entry, i) => {
    if (typeof entry !== 'string') return;
    let docs: Json[];
    // an entry is a file path, or (rarely) an inline patch
    if (entry.includes('\n') || /^\s*(apiVersion|kind):/m.test(entry)) {
      const o = blockOffset(ldr, kz, locOf(list, i));
      docs = parsePatchDocs(entry, kz.file, o.lineOffset, o.columnOffset);
    } else if (isRemote(entry)) {
      ldr.leftOut.push({ what: 'remote-resource', ref: entry, file: kz.file, loc: locOf(list, i) });
      return;
    } else {
      const text = ldr.readWithin(kz.dir, entry);
      docs = parsePatchDocs(text, path.resolve(kz.dir, entry), 0);
    }
    for (const d of docs) if (isObj(d)) applySmp(acc, smpTargetsById(ldr, acc, d), d);
  });
}

function runPatchesJson6902(ldr: Loader, kz: Kustomization, acc: Accumulator): void {
  const list = kz.k.patchesJson6902;
  if (!Array.isArray(list)) return;
  for (const p of list) {
    if (!isObj(p)) continue;
    const sel = selectorOf(p.target);
    if (!sel) throw new KustomizeError('must specify a target for patch');
    const loaded = loadPatchText(ldr, kz, p);
    if (!loaded) continue;
    const { text, file, lineOffset, columnOffset } = loaded;
    let ops: Json;
    const trimmed = text.trim();
    if (trimmed.startsWith('[')) ops = JSON.parse(trimmed) as Json;
    else ops = parsePatchDocs(text, file, lineOffset, columnOffset)[0] ?? [];
    if (!Array.isArray(ops)) throw new KustomizeError('JSON patch must be a list of operations');
    applyJsonPatchToAll(select(acc.resources, sel), ops);
  }
}

/** JSON 6902 operations applied to every selected resource (`patches` and `patchesJson6902` alike). */
function applyJsonPatchToAll(targets: Iterable<Parameters<typeof rememberId>[0]>, ops: Json[]): void {
  for (const t of targets) {
    try {
      applyJson6902(t.obj, ops, ops);
    } catch (e) {
      if (e instanceof PatchError) throw new KustomizeError(`unable to apply JSON patch: ${e.message}`);
      throw e;
    }
    rememberId(t);
  }
}

// ------------------------------------------------------------------------------------------------
// namespace, names, labels, annotations, replicas, images

function setNamespace(acc: Accumulator, ns: string, loc: SourceLoc | undefined, extra: FieldSpec[]): void {
  for (const r of acc.resources) {
    const kind = getKind(r.obj);
    if (isNamespaceable(kind)) {
      const md = (isObj(r.obj.metadata) ? r.obj.metadata : (r.obj.metadata = {})) as JsonObject;
      md.namespace = ns;
      setLoc(md, 'namespace', loc);
      rememberId(r);
    }
    if (kind === 'Namespace') {
      // kustomize's namespace field specs include metadata/name of Namespace objects
      const md = (isObj(r.obj.metadata) ? r.obj.metadata : (r.obj.metadata = {})) as JsonObject;
      md.name = ns;
      rememberId(r);
    }
    if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
      const subjects = r.obj.subjects;
      if (Array.isArray(subjects)) {
        for (const s of subjects) {
          if (isObj(s) && s.kind === 'ServiceAccount' && (s.namespace === undefined || s.namespace === null || s.namespace === '' || s.namespace === 'default')) s.namespace = ns;
        }
      }
    }
    if (kind === 'ValidatingWebhookConfiguration' || kind === 'MutatingWebhookConfiguration') {
      visitPath(r.obj, ['webhooks', 'clientConfig', 'service'], (c, k) => {
        const svc = c[k];
        if (isObj(svc) && 'namespace' in svc) svc.namespace = ns;
      });
    }
    if (kind === 'APIService') {
      visitPath(r.obj, ['spec', 'service'], (c, k) => {
        const svc = c[k];
        if (isObj(svc) && 'namespace' in svc) svc.namespace = ns;
      });
    }
    if (kind === 'CustomResourceDefinition') {
      visitPath(r.obj, ['spec', 'conversion', 'webhook', 'clientConfig', 'service'], (c, k) => {
        const svc = c[k];
        if (isObj(svc) && 'namespace' in svc) svc.namespace = ns;
      });
    }
    for (const fs of extra) {
      if (!specMatches(fs, r.obj) || fs.path === 'metadata/namespace') continue;
      visitPath(r.obj, splitPath(fs.path), (c, k) => void (c[k] = ns), fs.create ? () => ns : undefined);
    }
  }
}

const PREFIX_SKIP = new Set(['CustomResourceDefinition', 'APIService', 'Namespace']);

function addAffix(acc: Accumulator, prefix: string, suffix: string, specs: FieldSpec[], loc: SourceLoc | undefined): void {
  for (const r of acc.resources) {
    const kind = getKind(r.obj);
    if (PREFIX_SKIP.has(kind)) continue;
    for (const fs of specs) {
      if (!specMatches(fs, r.obj)) continue;
      visitPath(r.obj, splitPath(fs.path), (c, k) => {
        if (typeof c[k] !== 'string') return;
        const before = locOf(c, k);
        c[k] = prefix + (c[k] as string) + suffix;
        if (fs.path === 'metadata/name') setLoc(c, k, before ?? loc);
      });
    }
    rememberId(r);
  }
}

function stringMap(v: Json | undefined): Record<string, string> {
  if (!isObj(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x === null ? '' : String(x)]));
}

function runLabels(kz: Kustomization, acc: Accumulator): void {
  const labels = kz.k.labels;
  if (Array.isArray(labels)) {
    for (const l of labels) {
      if (!isObj(l)) continue;
      const pairs = stringMap(l.pairs);
      let specs: FieldSpec[] = parseFieldSpecs(l.fields);
      if (l.includeSelectors === true) specs = [...specs, ...acc.config.commonLabels];
      else {
        specs = [...specs, { path: 'metadata/labels', create: true }];
        if (l.includeTemplates === true) specs = [...specs, ...acc.config.templateLabels];
      }
      const pl = isObj(l.pairs) ? l.pairs : {};
      for (const r of acc.resources) applyMapFields(r.obj, specs, pairs, (k) => locOf(pl, k));
    }
  }
  const common = kz.k.commonLabels;
  if (isObj(common)) {
    const pairs = stringMap(common);
    for (const r of acc.resources) applyMapFields(r.obj, acc.config.commonLabels, pairs, (k) => locOf(common, k));
  }
}

function runAnnotations(kz: Kustomization, acc: Accumulator): void {
  const common = kz.k.commonAnnotations;
  if (!isObj(common)) return;
  const pairs = stringMap(common);
  for (const r of acc.resources) applyMapFields(r.obj, acc.config.commonAnnotations, pairs, (k) => locOf(common, k));
}

function runReplicas(kz: Kustomization, acc: Accumulator): void {
  const list = kz.k.replicas;
  if (!Array.isArray(list)) return;
  for (const rep of list) {
    if (!isObj(rep)) continue;
    const name = String(rep.name ?? '');
    const count = rep.count;
    const matches = acc.resources.filter((r) => allIds(r).some((id) => id.name === name));
    if (matches.length === 0) continue;
    for (const r of matches) {
      for (const fs of acc.config.replicas) {
        if (!specMatches(fs, r.obj)) continue;
        visitPath(
          r.obj,
          splitPath(fs.path),
          (c, k) => {
            const before = locOf(c, k);
            c[k] = count ?? 0;
            const l = locOf(rep, 'count');
            if (l) setLoc(c, k, before ? { ...l, replaced: before } : l);
          },
          fs.create ? () => 0 : undefined,
        );
      }
    }
  }
}

/** docker image reference → name, tag, digest (a registry port is not a tag). */
export function splitImage(image: string): { name: string; tag: string; digest: string } {
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag = '';
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { name: rest, tag, digest };
}

function imageMatches(image: string, name: string): boolean {
  return splitImage(image).name === name;
}

function updateImage(image: string, it: JsonObject): string {
  let { name, tag, digest } = splitImage(image);
  if (typeof it.newName === 'string' && it.newName !== '') name = it.newName;
  const newTag = it.newTag === undefined || it.newTag === null ? '' : String(it.newTag);
  const newDigest = typeof it.digest === 'string' ? it.digest : '';
  if (newTag !== '' && newDigest !== '') {
    tag = newTag;
    digest = newDigest;
  } else if (newTag !== '') {
    tag = newTag;
    digest = '';
  } else if (newDigest !== '') {
    digest = newDigest;
    tag = '';
  }
  return name + (tag ? `:${tag}` : '') + (digest ? `@${digest}` : '');
}

function runImages(kz: Kustomization, acc: Accumulator): void {
  const list = kz.k.images;
  if (!Array.isArray(list)) return;
  for (const it of list) {
    if (!isObj(it)) continue;
    const name = String(it.name ?? '');
    const loc = locOf(it, 'digest') ?? locOf(it, 'newTag') ?? locOf(it, 'newName') ?? locOf(it, 'name');
    const update = (c: JsonObject, k: string) => {
      const v = c[k];
      if (typeof v !== 'string' || !imageMatches(v, name)) return;
      const before = locOf(c, k);
      c[k] = updateImage(v, it);
      if (loc) setLoc(c, k, before ? { ...loc, replaced: before } : loc);
    };
    for (const r of acc.resources) {
      walkContainers(r.obj, update);
      for (const fs of acc.config.images) {
        if (!specMatches(fs, r.obj)) continue;
        visitPath(r.obj, splitPath(fs.path), update);
      }
    }
  }
}

/** kustomize's legacy image filter: every containers/initContainers list anywhere in the object. */
function walkContainers(v: Json, fn: (c: JsonObject, k: string) => void, depth = 0): void {
  if (depth > 100 || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v) walkContainers(x, fn, depth + 1);
    return;
  }
  for (const [k, x] of Object.entries(v)) {
    if ((k === 'containers' || k === 'initContainers') && Array.isArray(x)) {
      for (const c of x) if (isObj(c) && 'image' in c) fn(c, 'image');
    }
    walkContainers(x, fn, depth + 1);
  }
}

// ------------------------------------------------------------------------------------------------
// replacements

function parseFieldPath(p: string): string[] {
  const out: string[] = [];
  let cur = '';
  let bracket = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\' && p[i + 1] === '.') {
      cur += '.';
      i++;
    } else if (c === '[') {
      bracket++;
      cur += c;
    } else if (c === ']') {
      bracket--;
      cur += c;
    } else if (c === '.' && bracket === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.filter((s) => s !== '');
}

/** kyaml field path lookup: `a.b.[name=x].c`, `a.*.b`, `a.0.b`; calls fn on each (container, key). */
function visitFieldPath(node: Json, segs: string[], fn: (c: JsonObject | Json[], k: string | number) => void, create: boolean): void {
  if (segs.length === 0) return;
  const [head, ...rest] = segs;
  const m = /^\[(.+?)=(.*)\]$/.exec(head!);
  if (Array.isArray(node)) {
    if (m) {
      let found = false;
      node.forEach((el, i) => {
        if (isObj(el) && String(el[m[1]!]) === m[2]) {
          found = true;
          if (rest.length === 0) fn(node, i);
          else visitFieldPath(el, rest, fn, create);
        }
      });
      if (!found && create && rest.length > 0) {
        const el: JsonObject = { [m[1]!]: m[2]! };
        node.push(el);
        visitFieldPath(el, rest, fn, create);
      }
      return;
    }
    if (head === '*') {
      node.forEach((el, i) => (rest.length === 0 ? fn(node, i) : visitFieldPath(el, rest, fn, create)));
      return;
    }
    if (/^\d+$/.test(head!)) {
      const i = Number(head);
      if (i < node.length) rest.length === 0 ? fn(node, i) : visitFieldPath(node[i]!, rest, fn, create);
    }
    return;
  }
  if (!isObj(node)) return;
  const key = head!.startsWith('[') && head!.endsWith(']') && !m ? head!.slice(1, -1) : head!;
  if (key === '*') {
    for (const k of Object.keys(node)) rest.length === 0 ? fn(node, k) : visitFieldPath(node[k]!, rest, fn, create);
    return;
  }
  if (rest.length === 0) {
    if (key in node || create) fn(node, key);
    return;
  }
  let next = node[key];
  if (next === undefined || next === null) {
    if (!create) return;
    next = node[key] = /^\[.+=.*\]$/.test(rest[0]!) ? [] : {};
  }
  visitFieldPath(next, rest, fn, create);
}

function replacementSelector(s: JsonObject): Selector {
  return selectorOf(s) ?? {};
}

function runReplacements(ldr: Loader, kz: Kustomization, acc: Accumulator): void {
  const raw = kz.k.replacements;
  if (!Array.isArray(raw)) return;
  const list: JsonObject[] = [];
  for (const r of raw) {
    if (!isObj(r)) continue;
    if (typeof r.path === 'string') {
      for (const d of parseYamlStream(ldr.readWithin(kz.dir, r.path), path.resolve(kz.dir, r.path))) {
        if (Array.isArray(d.value)) list.push(...d.value.filter(isObj));
        else if (isObj(d.value)) list.push(d.value);
      }
    } else list.push(r);
  }
  for (const rep of list) {
    const src = isObj(rep.source) ? rep.source : {};
    const sources = select(acc.resources, replacementSelector(src));
    if (sources.length === 0 && ldr.partial) continue;
    if (sources.length !== 1) {
      if (sources.length === 0) throw new KustomizeError(`nothing selected by ${describeSelector(src)}`);
      throw new KustomizeError(`more than one replacement source found for ${describeSelector(src)}`);
    }
    const fieldPath = typeof src.fieldPath === 'string' ? src.fieldPath : 'metadata.name';
    let value: Json | undefined;
    let valueLoc: SourceLoc | undefined;
    visitFieldPath(
      sources[0]!.obj,
      parseFieldPath(fieldPath),
      (c, k) => {
        value = (c as Record<string | number, Json>)[k];
        valueLoc = locOf(c, k);
      },
      false,
    );
    if (value === undefined) throw new KustomizeError(`fieldPath \`${fieldPath}\` is missing for replacement source ${describeSelector(src)}`);
    const sopts = isObj(src.options) ? src.options : {};
    if (typeof sopts.delimiter === 'string' && typeof value === 'string') {
      const parts = value.split(sopts.delimiter);
      const idx = Number(sopts.index ?? 0);
      value = parts[idx] ?? value;
    }
    for (const t of Array.isArray(rep.targets) ? rep.targets : []) {
      if (!isObj(t)) continue;
      const sel = isObj(t.select) ? t.select : {};
      let targets = select(acc.resources, replacementSelector(sel));
      const rejects = Array.isArray(t.reject) ? t.reject.filter(isObj) : [];
      for (const rj of rejects) {
        const rejected = new Set(select(acc.resources, replacementSelector(rj)));
        targets = targets.filter((x) => !rejected.has(x));
      }
      const topts = isObj(t.options) ? t.options : {};
      for (const tr of targets) {
        for (const fp of strList(t.fieldPaths)) {
          visitFieldPath(
            tr.obj,
            parseFieldPath(fp),
            (c, k) => {
              let nv: Json = cloneJson(value!);
              const cur = (c as Record<string | number, Json>)[k];
              if (typeof topts.delimiter === 'string' && typeof cur === 'string') {
                const parts = cur.split(topts.delimiter);
                const idx = Number(topts.index ?? 0);
                if (idx >= parts.length) parts.push(String(nv));
                else if (idx < 0) parts.unshift(String(nv));
                else parts[idx] = String(nv);
                nv = parts.join(topts.delimiter);
              }
              (c as Record<string | number, Json>)[k] = nv;
              setLoc(c, k, valueLoc);
            },
            topts.create === true,
          );
        }
        rememberId(tr);
      }
    }
  }
}

function describeSelector(s: JsonObject): string {
  return Object.entries(s)
    .filter(([k]) => k !== 'fieldPath' && k !== 'options')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}

// ------------------------------------------------------------------------------------------------
// builtin transformers given as `transformers:` files

function runTransformerFiles(ldr: Loader, kz: Kustomization, acc: Accumulator): void {
  for (const ref of strList(kz.k.transformers)) {
    if (isRemote(ref)) {
      ldr.leftOut.push({ what: 'plugin', ref, file: kz.file });
      continue;
    }
    const abs = path.resolve(kz.dir, ref);
    if (ldr.fs.isDirectory(abs)) {
      // a kustomization whose output is transformer configurations
      const sub = buildTarget(ldr, abs, new Set(), false);
      for (const r of sub.acc.resources) runBuiltinTransformer(ldr, kz, acc, r.obj);
      continue;
    }
    const docs = parseYamlStream(ldr.readWithin(kz.dir, ref), abs);
    for (const d of docs) if (isObj(d.value)) runBuiltinTransformer(ldr, kz, acc, d.value);
  }
}

function runBuiltinTransformer(ldr: Loader, kz: Kustomization, acc: Accumulator, c: JsonObject): void {
  const kind = getKind(c);
  const md = isObj(c.metadata) ? c.metadata : {};
  const annotations = isObj(md.annotations) ? md.annotations : {};
  if (annotations['config.kubernetes.io/function'] !== undefined || !String(c.apiVersion ?? '').startsWith('builtin')) {
    ldr.leftOut.push({ what: 'plugin', ref: `${String(c.apiVersion)}/${kind} ${getName(c)}`, file: kz.file });
    return;
  }
  const fss = parseFieldSpecs(c.fieldSpecs);
  switch (kind) {
    case 'LabelTransformer': {
      const pairs = stringMap(c.labels);
      for (const r of acc.resources) applyMapFields(r.obj, fss, pairs, () => undefined);
      return;
    }
    case 'AnnotationsTransformer': {
      const pairs = stringMap(c.annotations);
      for (const r of acc.resources) applyMapFields(r.obj, fss, pairs, () => undefined);
      return;
    }
    case 'PrefixSuffixTransformer':
    case 'PrefixTransformer':
    case 'SuffixTransformer':
      addAffix(acc, String(c.prefix ?? ''), String(c.suffix ?? ''), fss.length ? fss : [{ path: 'metadata/name' }], undefined);
      return;
    case 'NamespaceTransformer':
      setNamespace(acc, String(md.namespace ?? c.namespace ?? ''), undefined, fss);
      return;
    case 'ImageTagTransformer': {
      const it = isObj(c.imageTag) ? c.imageTag : {};
      runImages({ ...kz, k: { images: [it] } }, acc);
      return;
    }
    case 'PatchTransformer':
    case 'PatchStrategicMergeTransformer':
    case 'PatchJson6902Transformer': {
      const p: JsonObject = {};
      for (const k of ['path', 'patch', 'target', 'options'] as const) if (c[k] !== undefined) p[k] = c[k]!;
      runPatches(ldr, { ...kz, k: { patches: [p] } }, acc);
      return;
    }
    case 'ReplicaCountTransformer': {
      runReplicas({ ...kz, k: { replicas: [c.replica ?? {}] } }, acc);
      return;
    }
    default:
      ldr.leftOut.push({ what: 'plugin', ref: `${String(c.apiVersion)}/${kind} ${getName(c)}`, file: kz.file });
  }
}

// ------------------------------------------------------------------------------------------------

interface Target {
  kind: string;
  acc: Accumulator;
}

function runTransformers(ldr: Loader, kz: Kustomization, acc: Accumulator): void {
  runPatchesStrategicMerge(ldr, kz, acc);
  runPatches(ldr, kz, acc);
  if (typeof kz.k.namespace === 'string' && kz.k.namespace !== '') setNamespace(acc, kz.k.namespace, locOf(kz.k, 'namespace'), acc.config.namespace);
  const prefix = typeof kz.k.namePrefix === 'string' ? kz.k.namePrefix : '';
  const suffix = typeof kz.k.nameSuffix === 'string' ? kz.k.nameSuffix : '';
  if (prefix) addAffix(acc, prefix, '', acc.config.namePrefix, locOf(kz.k, 'namePrefix'));
  if (suffix) addAffix(acc, '', suffix, acc.config.nameSuffix, locOf(kz.k, 'nameSuffix'));
  runLabels(kz, acc);
  runAnnotations(kz, acc);
  runPatchesJson6902(ldr, kz, acc);
  runReplicas(kz, acc);
  runImages(kz, acc);
  runReplacements(ldr, kz, acc);
  runTransformerFiles(ldr, kz, acc);
}

function collectVars(kz: Kustomization, acc: Accumulator): void {
  const vars = kz.k.vars;
  if (!Array.isArray(vars)) return;
  for (const v of vars) {
    if (!isObj(v)) continue;
    const objref = isObj(v.objref) ? v.objref : {};
    const fieldref = isObj(v.fieldref) ? v.fieldref : {};
    const name = String(v.name ?? '');
    if (acc.vars.some((x) => x.name === name)) throw new KustomizeError(`var '${name}' already encountered`);
    acc.vars.push({
      name,
      objref: { kind: String(objref.kind ?? ''), name: String(objref.name ?? ''), apiVersion: typeof objref.apiVersion === 'string' ? objref.apiVersion : undefined },
      fieldPath: typeof fieldref.fieldPath === 'string' ? fieldref.fieldPath : 'metadata.name',
    });
  }
}

function checkUnsupported(ldr: Loader, kz: Kustomization): void {
  const charts = kz.k.helmCharts;
  if (Array.isArray(charts) && charts.length > 0) {
    charts.forEach((c, i) => ldr.leftOut.push({ what: 'helm-charts', ref: isObj(c) ? String(c.name ?? '') : String(c), file: kz.file, loc: locOf(charts, i) }));
  }
  for (const g of strList(kz.k.generators)) ldr.leftOut.push({ what: 'plugin', ref: g, file: kz.file });
  for (const g of strList(kz.k.validators)) ldr.leftOut.push({ what: 'plugin', ref: g, file: kz.file });
}

/** Build one kustomization folder (recursively); `component` when included through `components:`. */
function buildTarget(ldr: Loader, dir: string, visiting: Set<string>, asComponentOf: Accumulator | false): Target {
  const real = ldr.fs.realpath(dir);
  if (visiting.has(real)) throw new KustomizeError(`cycle detected: ${ldr.display(dir)} includes itself`);
  visiting.add(real);
  try {
    const kz = loadKustomization(ldr, dir);
    if (asComponentOf && kz.kind !== 'Component') throw new KustomizeError(`expected kind 'Component' for path '${ldr.display(dir)}' but got '${kz.kind}'`);
    const acc: Accumulator = asComponentOf || { resources: [], config: defaultConfig(), vars: [] };
    checkUnsupported(ldr, kz);
    accumulateResources(ldr, kz, acc, visiting);
    loadConfigurations(ldr, kz, acc);
    runGenerators(ldr, kz, acc);
    for (const [i, ref] of strList(kz.k.components).entries()) {
      if (isRemote(ref)) {
        ldr.leftOut.push({ what: 'remote-resource', ref, file: kz.file, loc: locOf(kz.k.components as Json[], i) });
        continue;
      }
      buildTarget(ldr, path.resolve(dir, ref), visiting, acc);
    }
    runTransformers(ldr, kz, acc);
    collectVars(kz, acc);
    return { kind: kz.kind, acc };
  } catch (e) {
    if (e instanceof KustomizeError && e.file === undefined) e.file = findKustomizationFile(dir, ldr.fs) ?? dir;
    if ((e instanceof YamlError || e instanceof PatchError) && !(e instanceof KustomizeError)) throw new KustomizeError(e.message, findKustomizationFile(dir, ldr.fs) ?? dir);
    throw e;
  } finally {
    visiting.delete(real);
  }
}

// ------------------------------------------------------------------------------------------------
// root-only steps: hashes, name references, vars

function goJsonString(s: string): string {
  // encoding/json: HTML-safe escaping and U+2028/2029 escaped
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function goJson(v: Json): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return '[' + v.map(goJson).join(',') + ']';
  const keys = Object.keys(v).sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : Buffer.compare(Buffer.from(a), Buffer.from(b))));
  return '{' + keys.map((k) => goJsonString(k) + ':' + goJson(v[k]!)).join(',') + '}';
}

/**
 * kustomize's hasher: sha256 of the JSON of {kind, name, data[, binaryData, type, immutable]}, first
 * 10 hex digits re-lettered. The name is empty in the encoding (kustomize hashes before naming), which
 * the goldens confirm: the same data gives the same suffix under any prefix.
 */
export function contentHash(obj: JsonObject): string {
  const kind = getKind(obj);
  const m: JsonObject = { kind, name: '', data: isObj(obj.data) ? obj.data : {} };
  if (kind === 'Secret') m.type = typeof obj.type === 'string' ? obj.type : '';
  if (obj.immutable === true) m.immutable = true;
  if (isObj(obj.binaryData) && Object.keys(obj.binaryData).length > 0) m.binaryData = obj.binaryData;
  const encoded = kind === 'ConfigMap' || kind === 'Secret' ? goJson(m) : goJson(obj);
  const hex = createHash('sha256').update(encoded, 'utf8').digest('hex');
  return encodeHash(hex);
}

export function encodeHash(hex: string): string {
  const map: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return Array.from(hex.slice(0, 10))
    .map((c) => map[c] ?? c)
    .join('');
}

function addHashes(resources: Resource[]): void {
  for (const r of resources) {
    if (!r.needsHash) continue;
    const md = r.obj.metadata as JsonObject;
    const loc = locOf(md, 'name');
    md.name = `${getName(r.obj)}-${contentHash(r.obj)}`;
    setLoc(md, 'name', loc);
    rememberId(r);
  }
}

function sameNsAsReferrer(referrer: Resource, cand: Resource): boolean {
  const rk = getKind(referrer.obj);
  if (!isNamespaceable(rk)) return true;
  const ck = getKind(cand.obj);
  if (!isNamespaceable(ck)) return true;
  return effectiveNamespace(currentId(referrer.obj)) === effectiveNamespace(currentId(cand.obj));
}

function selectReferral(all: Resource[], referrer: Resource, spec: NameRefSpec, oldName: string, ns?: string): Resource | undefined {
  let c = all.filter((r) => getKind(r.obj) === spec.kind && (spec.group === undefined || splitApiVersion(r.obj.apiVersion).group === spec.group));
  c = c.filter((r) => allIds(r).some((id) => id.name === oldName && (ns === undefined || effectiveNamespace(id) === effectiveNamespace({ kind: id.kind, namespace: ns }))));
  if (ns === undefined) c = c.filter((r) => sameNsAsReferrer(referrer, r));
  if (c.length === 1) return c[0];
  if (c.length === 0) return undefined;
  const names = new Set(c.map((r) => getName(r.obj)));
  if (names.size === 1) return c[0];
  throw new KustomizeError(`found multiple possible referrals: ${c.map((r) => idString(originalId(r))).join(', ')}`);
}

function fixNameReferences(resources: Resource[], config: TransformerConfig): void {
  for (const spec of config.nameReference) {
    for (const referrer of resources) {
      for (const fs of spec.fieldSpecs) {
        if (!specMatches(fs, referrer.obj)) continue;
        visitPath(referrer.obj, splitPath(fs.path), (c, k) => {
          const v = c[k];
          if (typeof v === 'string') {
            const ref = selectReferral(resources, referrer, spec, v);
            if (ref && ref !== referrer) c[k] = getName(ref.obj);
            return;
          }
          if (Array.isArray(v)) {
            if (k === 'subjects') {
              for (const s of v) {
                if (!isObj(s) || s.kind !== spec.kind || typeof s.name !== 'string') continue;
                const ns = typeof s.namespace === 'string' ? s.namespace : undefined;
                const ref = selectReferral(resources, referrer, spec, s.name, ns);
                if (!ref) continue;
                s.name = getName(ref.obj);
                const rns = currentId(ref.obj).namespace;
                if (rns) s.namespace = rns;
              }
              return;
            }
            v.forEach((x, i) => {
              if (typeof x !== 'string') return;
              const ref = selectReferral(resources, referrer, spec, x);
              if (ref) v[i] = getName(ref.obj);
            });
            return;
          }
          if (isObj(v) && typeof v.name === 'string') {
            // webhook service: name and namespace together
            const ns = typeof v.namespace === 'string' ? v.namespace : undefined;
            const ref = selectReferral(resources, referrer, spec, v.name, ns);
            if (!ref) return;
            v.name = getName(ref.obj);
            const rns = currentId(ref.obj).namespace;
            if (rns && ns !== undefined) v.namespace = rns;
          }
        });
      }
    }
  }
}

function resolveVars(resources: Resource[], vars: Var[], config: TransformerConfig): void {
  if (vars.length === 0) return;
  const values = new Map<string, Json>();
  for (const v of vars) {
    const found = resources.filter((r) => getKind(r.obj) === v.objref.kind && allIds(r).some((id) => id.name === v.objref.name));
    if (found.length !== 1) throw new KustomizeError(`var '${v.name}' cannot be mapped to a field in the set of known resources`);
    let value: Json | undefined;
    visitFieldPath(found[0]!.obj, parseFieldPath(v.fieldPath), (c, k) => (value = (c as Record<string | number, Json>)[k]), false);
    if (value === undefined) throw new KustomizeError(`field specified in var '${v.name}' not found in corresponding resource`);
    values.set(v.name, value);
  }
  const re = /\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g;
  const subst = (s: string): Json => {
    const whole = /^\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)$/.exec(s);
    if (whole && values.has(whole[1]!)) return values.get(whole[1]!)!;
    return s.replace(re, (m, n: string) => (values.has(n) ? String(values.get(n)) : m));
  };
  const walk = (c: JsonObject | Json[], k: string | number) => {
    const v = (c as Record<string | number, Json>)[k];
    if (typeof v === 'string') (c as Record<string | number, Json>)[k] = subst(v);
    else if (Array.isArray(v)) v.forEach((_, i) => walk(v, i));
    else if (isObj(v)) for (const kk of Object.keys(v)) walk(v, kk);
  };
  for (const r of resources) {
    for (const fs of config.varReference) {
      if (!specMatches(fs, r.obj)) continue;
      visitPath(r.obj, splitPath(fs.path), (c, k) => walk(c, k));
    }
  }
}

export interface BuildOptions {
  /** How paths appear in messages (kubectl prints them as given); default: as is. */
  display?: (abs: string) => string;
  /** File access (default: the real file system). */
  fs?: KustomizeFs;
  /** Refuse to read anything outside this folder (absolute), e.g. the linted repository. */
  boundary?: string;
  /** Parsed files shared by several builds (a lint run builds many overlays of one base). */
  cache?: Map<string, { text: string; docs: ParsedDoc[] }>;
}

/** Build the kustomization in `dir`. Throws KustomizeError for what kubectl rejects. */
export function buildKustomization(dir: string, options: BuildOptions = {}): BuildResult {
  const kfs = options.fs ?? nodeKustomizeFs;
  const ldr = new Loader(kfs, options.display ?? ((p) => p), options.boundary === undefined ? undefined : kfs.realpath(options.boundary), options.cache);
  const root = path.resolve(dir);
  let target: Target;
  try {
    target = buildTarget(ldr, root, new Set(), false);
  } catch (e) {
    const err = e instanceof YamlError || e instanceof PatchError ? new KustomizeError(e.message) : e;
    if (err instanceof KustomizeError) err.leftOut = ldr.leftOut;
    throw err;
  }
  const { acc } = target;
  // kustomize's internal annotations come and go during a build; an annotations map left empty (or
  // null in the input) is dropped with them
  for (const r of acc.resources) {
    const md = r.obj.metadata;
    if (isObj(md) && 'annotations' in md && (md.annotations === null || (isObj(md.annotations) && Object.keys(md.annotations).length === 0))) delete md.annotations;
  }
  addHashes(acc.resources);
  fixNameReferences(acc.resources, acc.config);
  resolveVars(acc.resources, acc.vars, acc.config);
  return { resources: sortLegacy(acc.resources), leftOut: ldr.leftOut, inputs: ldr.inputs, kustomizations: ldr.kustomizations };
}

// ------------------------------------------------------------------------------------------------
// output

const ORDER_FIRST = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];
const TYPE_ORDER = new Map<string, number>([...ORDER_FIRST.map((k, i) => [k, -ORDER_FIRST.length + i] as const), ...ORDER_LAST.map((k, i) => [k, 1 + i] as const)]);

function gvkString(id: ResId): string {
  return `${id.group || '~G'}_${id.version || '~V'}_${id.kind || '~K'}`;
}

/** kustomize's legacy order: kind order list, then group/version/kind, then namespace and name. */
export function sortLegacy(resources: Resource[]): Resource[] {
  const keyed = resources.map((r, i) => ({ r, i, id: currentId(r.obj) }));
  keyed.sort((a, b) => {
    const oa = TYPE_ORDER.get(a.id.kind) ?? 0;
    const ob = TYPE_ORDER.get(b.id.kind) ?? 0;
    if (oa !== ob) return oa - ob;
    const ga = gvkString(a.id);
    const gb = gvkString(b.id);
    if (ga !== gb) return ga < gb ? -1 : 1;
    const sa = `${effectiveNamespace(a.id)}|${a.id.name}`;
    const sb = `${effectiveNamespace(b.id)}|${b.id.name}`;
    if (sa !== sb) return sa < sb ? -1 : 1;
    return a.i - b.i;
  });
  return keyed.map((k) => k.r);
}

/** The build as `kubectl kustomize` prints it. */
export function emitResources(resources: Resource[]): string {
  return resources.map((r) => emitGoYaml(r.obj)).join('---\n');
}
