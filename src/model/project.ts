// All parsed documents of one run, indexed for rules that look across files.

import type { DocumentKind, SourceDocument, SourceFile } from './types.js';

export class Project {
  readonly files: readonly SourceFile[];
  readonly documents: readonly SourceDocument[];
  private readonly byKindIndex = new Map<DocumentKind, SourceDocument[]>();
  private readonly filesByPath = new Map<string, SourceFile>();

  constructor(files: readonly SourceFile[], documents: readonly SourceDocument[]) {
    this.files = files;
    this.documents = documents;
    for (const file of files) this.filesByPath.set(file.path, file);
    for (const doc of documents) {
      let list = this.byKindIndex.get(doc.kind);
      if (!list) this.byKindIndex.set(doc.kind, (list = []));
      list.push(doc);
    }
  }

  /** Documents of one kind, in file order. */
  ofKind<T = unknown>(kind: DocumentKind): SourceDocument<T>[] {
    return (this.byKindIndex.get(kind) ?? []) as SourceDocument<T>[];
  }

  file(path: string): SourceFile | undefined {
    return this.filesByPath.get(path);
  }

  /** Files whose POSIX path starts with the folder (use '' for the root), in file order. */
  filesUnder(folder: string): SourceFile[] {
    const prefix = folder === '' || folder === '.' ? '' : folder.replace(/\/$/, '') + '/';
    if (prefix === '') return [...this.files];
    // Paths with a common prefix are contiguous in sorted order: a binary search finds them
    // (rules ask per build context; a scan of every file per question is quadratic).
    const sorted = (this.sortedPaths ??= this.files.map((f, i) => ({ path: f.path, i })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.i - b.i)));
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.path < prefix) lo = mid + 1;
      else hi = mid;
    }
    const hits: number[] = [];
    for (let k = lo; k < sorted.length && sorted[k]!.path.startsWith(prefix); k++) hits.push(sorted[k]!.i);
    return hits.sort((a, b) => a - b).map((i) => this.files[i]!);
  }

  private sortedPaths: { path: string; i: number }[] | undefined;
}

// Knowledge derives indexes from a project (its Kubernetes objects, workloads, selector indexes,
// services of platform files...) and rules ask for them per target, so each is computed once per
// project and dropped with it. One store for all of them instead of a cache per module.
const memos = new WeakMap<Project, Map<string, unknown>>();
const computing = new WeakMap<Project, Set<string>>();
/** Keys computed for the rule that is running, dropped when it ends (`endRule`). */
const ruleScoped = new WeakMap<Project, Set<string>>();
/** Keys with their reading rules (`readers`), dropped when none of those is still to run. */
const readersOf = new WeakMap<Project, Map<string, readonly string[]>>();
/** The rules of the evaluation that have not ended yet (`beginRules`); none outside one. */
const rulesToRun = new WeakMap<Project, Set<string>>();

export interface MemoOptions {
  /**
   * `rule`: an index only one rule reads (a rule's own question across files). It is dropped when
   * that rule ends instead of living as long as the project, next to every document, while the
   * other rules run. Asked for again by another rule, it is computed again (same value, more CPU):
   * test/engine/rule-scoped-memos.test.ts checks that no other rule asks for it.
   */
  scope?: 'project' | 'rule';
  /**
   * The rules that read it (by id): dropped once every one of them that runs has ended, instead of
   * living as long as the project. Asked for after that, it is computed again (same value, more
   * CPU): test/engine/rule-scoped-memos.test.ts checks that no other rule asks for it.
   */
  readers?: readonly string[];
}

/**
 * The value of `compute()` for this project and key, computed on first use and remembered for the
 * project's lifetime (or the running rule's, with `scope: 'rule'`). Keys are namespaced by their
 * module (`kubernetes.workloads`); a compute that asks for its own key again is a bug and throws
 * instead of recursing without end.
 */
export function memo<T>(project: Project, key: string, compute: () => T, options?: MemoOptions): T {
  let values = memos.get(project);
  if (!values) memos.set(project, (values = new Map()));
  const known = values.get(key);
  if (known !== undefined || values.has(key)) return known as T;
  let pending = computing.get(project);
  if (!pending) computing.set(project, (pending = new Set()));
  if (pending.has(key)) throw new Error(`project memo '${key}' asked for itself while being computed`);
  pending.add(key);
  try {
    const value = compute();
    values.set(key, value);
    if (options?.scope === 'rule') {
      let scoped = ruleScoped.get(project);
      if (!scoped) ruleScoped.set(project, (scoped = new Set()));
      scoped.add(key);
    }
    if (options?.readers) {
      let readers = readersOf.get(project);
      if (!readers) readersOf.set(project, (readers = new Map()));
      readers.set(key, options.readers);
    }
    return value;
  } finally {
    pending.delete(key);
  }
}

/** The rules about to judge the project, in order: what only they read can go once they have ended. */
export function beginRules(project: Project, ruleIds: Iterable<string>): void {
  rulesToRun.set(project, new Set(ruleIds));
}

/**
 * A rule is done with the project: the indexes computed for it alone (`scope: 'rule'`) are dropped,
 * and those whose `readers` have all ended.
 */
export function endRule(project: Project, ruleId?: string): void {
  const values = memos.get(project);
  const scoped = ruleScoped.get(project);
  if (scoped && scoped.size > 0) {
    for (const key of scoped) values?.delete(key);
    scoped.clear();
  }
  const toRun = rulesToRun.get(project);
  if (ruleId === undefined || !toRun) return;
  toRun.delete(ruleId);
  const readers = readersOf.get(project);
  if (!readers) return;
  for (const [key, ids] of readers) {
    if (ids.some((id) => toRun.has(id))) continue;
    values?.delete(key);
    readers.delete(key);
  }
}

/** The keys remembered for the running rule alone (for tests and measurements). */
export function ruleScopedKeys(project: Project): string[] {
  return [...(ruleScoped.get(project) ?? [])];
}

/** The keys remembered for a list of reading rules, with those rules (for tests). */
export function readersKeys(project: Project): ReadonlyMap<string, readonly string[]> {
  return new Map(readersOf.get(project) ?? []);
}

/** The keys this project remembers now (for tests and measurements). */
export function memoKeys(project: Project): string[] {
  return [...(memos.get(project)?.keys() ?? [])];
}
