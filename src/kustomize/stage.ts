// The lint pipeline's kustomize stage: every kustomization that no other kustomization includes is
// built (in process, or through a kustomize/kubectl binary in exact mode) into Kubernetes documents
// judged in the kustomization folder's environment. The files a build read are not judged on their
// own (a base is judged through the overlays that include it); a value's position is the file and
// line that produced it (the patch, the images: entry, the base line nobody patched), with the base
// position as a related location when a patch replaced it.

import * as nodePath from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Diagnostic, DocPath, Location, LocateOptions, RelatedLocation, SourceDocument, SourceFile } from '../model/types.js';
import { buildKustomization, KustomizeError, type KustomizeFs, type LeftOut } from './build.js';
import { currentId, getKind, getName, type Resource } from './resource.js';
import { keyLocOf, locOf, type Json, type SourceLoc } from './yaml.js';

export interface KustomizeStageOptions {
  /**
   * The folder the files' paths are relative to. Files a kustomization reads that discovery did not
   * keep (a generator's .properties or .env) are read from disk there, and never outside it.
   * Without it only the given files are read.
   */
  root?: string;
  /**
   * The paths the user named (absolute). A kustomization outside `root` (`readiness-lint ../app`)
   * may read within the named folder that holds it, as one under `root` may read within `root`.
   */
  linted?: readonly string[];
  /** Exact mode: build through this executable (`kubectl kustomize` or `kustomize build`). */
  binary?: string;
  /** The disk under `root` (the lint's injected reader); without it only the given files are read. */
  disk?: KustomizeFs;
  /** Runs the exact-mode binary with these arguments and environment; returns its output. */
  run?: (binary: string, args: string[], env: Record<string, string>) => string;
}

export interface KustomizeStageResult {
  documents: SourceDocument[];
  /** Files some build read: their own documents are judged through the builds, not alone. */
  consumed: Set<string>;
  diagnostics: Diagnostic[];
  notices: string[];
}

export const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);
export const KUSTOMIZE_RULE = 'kustomize-build-error';

function posixRel(base: string, abs: string): string {
  return nodePath.relative(base, abs).split(nodePath.sep).join('/');
}

/** The discovered files in memory, the rest of the tree from disk (inside `root` only). */
function stageFs(files: readonly SourceFile[], base: string, disk: KustomizeFs | undefined): KustomizeFs {
  const mem = new Map<string, SourceFile>();
  const dirs = new Set<string>();
  for (const f of files) {
    const abs = nodePath.resolve(base, f.path);
    mem.set(abs, f);
    for (let d = nodePath.dirname(abs); d.length >= base.length && !dirs.has(d); d = nodePath.dirname(d)) {
      dirs.add(d);
      if (d === nodePath.dirname(d)) break;
    }
  }
  return {
    readFile: (abs) => {
      const f = mem.get(abs);
      if (f) return Buffer.from(f.text, 'utf8');
      return disk ? disk.readFile(abs) : undefined;
    },
    isDirectory: (abs) => dirs.has(abs) || (disk !== undefined && disk.isDirectory(abs)),
    exists: (abs) => mem.has(abs) || dirs.has(abs) || (disk !== undefined && disk.exists(abs)),
    realpath: (abs) => (mem.has(abs) || dirs.has(abs) || !disk ? abs : disk.realpath(abs)),
  };
}

function range(loc: SourceLoc, value?: Json): Location['range'] {
  const width = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? Math.max(1, String(value).split('\n')[0]!.length) : 1;
  return { start: { line: loc.line, column: loc.column }, end: { line: loc.line, column: loc.column + width } };
}

interface BuiltDoc {
  data: Json;
  resource?: Resource;
}

function makeDocument(built: BuiltDoc, index: number, rootFile: SourceFile, base: string, environment: SourceFile['environment']): SourceDocument {
  const rel = (loc: SourceLoc) => (nodePath.isAbsolute(loc.file) ? posixRel(base, loc.file) : loc.file);
  const fallback: SourceLoc = built.resource?.origin ?? { file: nodePath.resolve(base, rootFile.path), line: 1, column: 1 };
  const walk = (path: DocPath) => {
    let cur: Json = built.resource ? built.resource.obj : built.data;
    let loc: SourceLoc | undefined;
    let keyLoc: SourceLoc | undefined;
    let found = true;
    for (const seg of path) {
      if (Array.isArray(cur) && typeof seg === 'number' && seg < cur.length) {
        loc = locOf(cur, seg) ?? loc;
        keyLoc = locOf(cur, seg) ?? keyLoc;
        cur = cur[seg]!;
      } else if (cur !== null && typeof cur === 'object' && !Array.isArray(cur) && typeof seg === 'string' && seg in cur) {
        loc = locOf(cur, seg) ?? loc;
        keyLoc = keyLocOf(cur, seg) ?? locOf(cur, seg) ?? keyLoc;
        cur = cur[seg]!;
      } else {
        found = false;
        break;
      }
    }
    const value: Json | undefined = found ? cur : undefined;
    return { loc, keyLoc, value, found };
  };
  return {
    file: rootFile,
    index,
    kind: 'kubernetes',
    data: built.data,
    kustomize: { root: rootFile.path, environment },
    has: (path) => {
      let cur: unknown = built.data;
      for (const seg of path) {
        if (cur === null || typeof cur !== 'object' || !(seg in (cur as object))) return false;
        cur = (cur as Record<string | number, unknown>)[seg];
      }
      return true;
    },
    locate: (path: DocPath, options?: LocateOptions): Location => {
      const w = walk(path);
      const at = (options?.key && w.found ? w.keyLoc : w.loc) ?? fallback;
      const related: RelatedLocation[] = [];
      if (at.replaced) related.push({ file: rel(at.replaced), range: range(at.replaced), message: 'the base value this overlay replaces' });
      return { file: rel(at), range: range(at, w.found && !options?.key ? w.value : undefined), ...(related.length ? { related } : {}) };
    },
  } as SourceDocument;
}

function leftOutMessage(l: LeftOut): string {
  switch (l.what) {
    case 'remote-resource':
      return `kustomize: remote resource ${l.ref} is not fetched (no network in a lint run): what it adds is not judged; the rest of the build is`;
    case 'helm-charts':
      return `kustomize: helmCharts entry ${l.ref} is not rendered (kustomize needs --enable-helm and a network fetch): its objects are not judged; lint the chart itself`;
    default:
      return `kustomize: ${l.ref} is a plugin or KRM function and is not run: what it would change is not judged`;
  }
}

/** Exact mode: the binary's output, each object located through the in-process build where it can be. */
function binaryBuild(binary: string, dir: string, inProcess: Resource[] | undefined, run: KustomizeStageOptions['run']): BuiltDoc[] {
  if (!run) throw new Error('exact mode needs a program runner (lint services: runKustomize)');
  const args = /kubectl[^/\\]*$/.test(binary) ? ['kustomize', dir] : ['build', dir];
  const out = run(binary, args, { HOME: nodePath.join(dir, '.readiness-lint-no-home'), KUBECONFIG: '/dev/null' });
  const byId = new Map((inProcess ?? []).map((r) => [`${getKind(r.obj)}/${currentId(r.obj).namespace}/${getName(r.obj)}`, r]));
  return parseAllDocuments(out)
    .map((d) => d.toJS() as Json)
    .filter((d) => d !== null && typeof d === 'object' && !Array.isArray(d))
    .map((data) => {
      const o = data as { kind?: string; metadata?: { name?: string; namespace?: string } };
      return { data, resource: byId.get(`${o.kind ?? ''}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`) };
    });
}

export function runKustomizeStage(files: readonly SourceFile[], options: KustomizeStageOptions = {}): KustomizeStageResult {
  const result: KustomizeStageResult = { documents: [], consumed: new Set(), diagnostics: [], notices: [] };
  const roots = files.filter((f) => KUSTOMIZATION_NAMES.has(nodePath.posix.basename(f.path)));
  if (roots.length === 0) return result;
  const base = nodePath.resolve(options.root ?? '.');
  const kfs = stageFs(files, base, options.root !== undefined ? options.disk : undefined);
  const display = (abs: string) => posixRel(base, abs);
  const cache = new Map();
  const within = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith(nodePath.sep) ? dir : dir + nodePath.sep);
  const lintedFolders = (options.linted ?? []).map((p) => (kfs.isDirectory(p) ? p : nodePath.dirname(p)));
  const boundaryOf = (dir: string) => (within(dir, base) ? base : (lintedFolders.find((f) => within(dir, f)) ?? base));
  const builds = roots.map((file) => {
    const dir = nodePath.dirname(nodePath.resolve(base, file.path));
    try {
      return { file, dir, build: buildKustomization(dir, { fs: kfs, boundary: boundaryOf(dir), display, cache }) };
    } catch (e) {
      if (!(e instanceof KustomizeError)) throw e;
      return { file, dir, error: e };
    }
  });
  // a kustomization another one includes (a base, a component) is judged through that one
  const included = new Set<string>();
  const linted = new Set(files.map((f) => f.path));
  for (const b of builds) for (const k of b.build?.kustomizations.slice(1) ?? []) included.add(posixRel(base, k));
  for (const b of builds) {
    if (included.has(b.file.path)) continue;
    const kustomizationKind = (() => {
      // Parsing again only where `kind: Component` can be written (an escape could spell it).
      const text = b.file.text;
      if (!text.includes('Component') && !text.includes('\\')) return undefined;
      try {
        const d = parseAllDocuments(text)[0]?.toJS() as { kind?: unknown } | undefined;
        return d?.kind;
      } catch {
        return undefined;
      }
    })();
    if (kustomizationKind === 'Component') continue;
    const leftOut = b.build?.leftOut ?? b.error?.leftOut ?? [];
    for (const l of leftOut) {
      const loc = l.loc ?? { file: l.file, line: 1, column: 1 };
      result.diagnostics.push({ ruleId: KUSTOMIZE_RULE, file: posixRel(base, loc.file), range: range(loc), message: leftOutMessage(l), environment: b.file.environment });
    }
    if (b.error) {
      const file = b.error.file ? posixRel(base, b.error.file) : b.file.path;
      result.diagnostics.push({
        ruleId: KUSTOMIZE_RULE,
        file: linted.has(file) ? file : b.file.path,
        range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
        message: `kustomize build of ${nodePath.posix.dirname(b.file.path) || '.'} failed: ${b.error.message}; its files are judged one by one instead`,
        environment: b.file.environment,
      });
      continue;
    }
    const build = b.build!;
    for (const input of build.inputs) result.consumed.add(posixRel(base, input));
    let built: BuiltDoc[] = build.resources.map((r) => ({ data: r.obj, resource: r }));
    if (options.binary) {
      try {
        built = binaryBuild(options.binary, b.dir, build.resources, options.run);
      } catch (e) {
        const stderr = String((e as { stderr?: unknown }).stderr ?? (e as Error).message)
          .trim()
          .split('\n')[0];
        result.diagnostics.push({
          ruleId: KUSTOMIZE_RULE,
          file: b.file.path,
          range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
          message: `kustomize build of ${nodePath.posix.dirname(b.file.path) || '.'} through ${nodePath.basename(options.binary)} failed: ${stderr}`,
          environment: b.file.environment,
        });
        continue;
      }
    }
    built.forEach((d, i) => result.documents.push(makeDocument(d, i, b.file, base, b.file.environment)));
  }
  // the kustomization files stay (suppressions, their own diagnostics); only their resources move
  for (const r of roots) result.consumed.delete(r.path);
  return result;
}
