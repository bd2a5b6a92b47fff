// Discovery: walk the given paths (honouring .gitignore files and config ignores, never
// following symbolic links), read the files that may be ours, skip what cannot be linted with a
// reason, and classify the rest. The only stage besides cli/action that touches the filesystem.

// Synchronous calls only: node:fs/promises brings in streams, readline and file watchers, about
// 1 ms of every start, and each of its calls is a trip through the thread pool.
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { globMatcher } from '../parsers/glob.js';
import { repositoryRoot } from '../config/index.js';
import { ignoredBy, parseGitignore, type GitignoreFile } from '../parsers/gitignore.js';
import type { SourceFile } from '../model/types.js';
import {
  basenamePosix,
  classifyFiles,
  dirnamePosix,
  envKindOf,
  isDockerfileName,
  isScriptName,
  normalizePath,
  platformKindByName,
  PRIVATE_KEY_SNIFF_CHARS,
  privateKeyNameKind,
  type InputFile,
} from './classify.js';

export {
  classifyFiles,
  environmentOf,
  environmentEvidenceOf,
  envKindOf,
  isDockerfileName,
  isPrivateKeyFile,
  looksLikeCompose,
  looksLikeKubernetes,
  normalizePath,
  platformKindByName,
  unsupportedPlatformName,
  type ClassifyOptions,
  type InputFile,
} from './classify.js';

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;
export const DEFAULT_IGNORES: readonly string[] = ['**/node_modules/**', '**/.git/**'];
/** Folders never walked (DEFAULT_IGNORES). */
const SKIPPED_FOLDER_NAMES = new Set(['node_modules', '.git']);

export interface DiscoverOptions {
  cwd: string;
  /**
   * Globs relative to cwd (config `ignore`): a folder pattern also ignores what is under it, and
   * a pattern without a slash matches at any depth, as in .gitignore.
   */
  ignore?: string[];
  /** Bytes; larger files are skipped (default 5 MB). */
  maxFileSize?: number;
  /** Reads a file (absolute path). Injectable so tests can simulate I/O errors. */
  readFile?: (absolutePath: string) => Promise<Uint8Array>;
  /**
   * The size of the tree before any file is read: the number of files to read and of charts
   * (Chart.yaml files) among them. The CLI decides there whether the run needs a larger heap
   * (src/cli/heap.ts). Called with lower bounds as the walk meets each Chart.yaml (no file
   * counted yet), then once with the final counts; a throw ends discovery.
   */
  onListed?: (listing: { files: number; charts: number }) => void;
}

export interface SkippedFile {
  path: string;
  reason: string;
  /**
   * False when the file would not have been linted anyway (a symbolic link to a folder, a link
   * whose name no rule reads): listed, but not a `file-not-judged` finding. Absent means true.
   */
  judged?: boolean;
}

export interface DiscoverResult {
  files: SourceFile[];
  skipped: SkippedFile[];
}

/** A path given to discover() does not exist (the CLI exits with code 2). */
export class PathNotFoundError extends Error {
  readonly code = 'ENOENT';
  readonly path: string;
  constructor(p: string) {
    super(`Path not found: ${p}`);
    this.name = 'PathNotFoundError';
    this.path = p;
  }
}

const BINARY_SNIFF_BYTES = 8192;
const READ_CONCURRENCY = 32;
/** Files read in this thread between two turns of the event loop (timers, the progress line). */
const READS_BETWEEN_YIELDS = 256;

function toPosixRelative(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  return normalizePath(rel === '' ? '.' : rel.split(path.sep).join('/'));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Package manager lock files: YAML or JSON, often over the size limit, never a deployment artifact. */
const LOCK_FILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml']);

/** Names worth reading: anything classifyFiles could keep (content sniffing needs YAML/JSON). */
function isCandidate(p: string, chartDirs: ReadonlySet<string>): boolean {
  const name = basenamePosix(p);
  if (LOCK_FILES.has(name)) return false;
  if (/\.(ya?ml|json)$/i.test(name) || name === 'Kustomization') return true;
  // fly.toml, railway.toml, netlify.toml by name; other TOML is sniffed for a Fly.io config.
  if (platformKindByName(p) || /\.toml$/i.test(name)) return true;
  if (name === '.gitignore' || name === '.dockerignore' || /\.dockerignore$/i.test(name)) return true;
  if (name === 'Jenkinsfile' || /^Jenkinsfile\./.test(name)) return true;
  if (name === '.helmignore') return true;
  if (envKindOf(name) || isDockerfileName(name) || isScriptName(name)) return true;
  if (BINARY_EXTENSIONS.test(name)) return false; // packaged subcharts, images: nothing to lint
  return insideChart(p, chartDirs);
}

/** Whether a chart folder holds the path: one set lookup per folder above it, not one test per chart. */
function insideChart(p: string, chartDirs: ReadonlySet<string>): boolean {
  if (chartDirs.has('')) return true;
  for (let slash = p.indexOf('/'); slash !== -1; slash = p.indexOf('/', slash + 1)) {
    if (chartDirs.has(p.slice(0, slash))) return true;
  }
  return false;
}

const BINARY_EXTENSIONS = /\.(tgz|gz|tar|zip|jar|png|jpe?g|gif|ico|webp|pdf|woff2?|ttf|otf|exe|so|dylib|dll|bin)$/i;

/**
 * Config ignore globs as discovery applies them: as in .gitignore, a pattern without a slash
 * matches at any depth (`*.bak`, `vendor`) and a folder pattern ignores what is under it.
 */
function ignoreVariants(patterns: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of patterns) {
    let p = normalizePath(raw).replace(/\/$/, '').replace(/^\//, '');
    if (p === '' || p.startsWith('!')) continue; // negations cannot un-ignore here
    if (!p.includes('/')) p = `**/${p}`;
    out.push(p, `${p}/**`);
  }
  return out;
}

function errorCode(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' ? code : e instanceof Error ? e.message : String(e);
}

export async function discover(paths: string[], options: DiscoverOptions): Promise<DiscoverResult> {
  const cwd = path.resolve(options.cwd);
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const read = options.readFile;
  const inputs = paths.length > 0 ? paths : ['.'];

  const found = new Map<string, string>(); // relative POSIX → absolute
  // Files named on the command line, as looked up there: not looked up again before reading.
  const namedStats = new Map<string, Stats>();
  const skipped = new Map<string, string>();
  // Links met while walking folders: reported as not judged only when their name would be linted.
  const walkedLinks = new Set<string>();

  const contextCharts = new Set<string>();
  let chartsWalked = 0;
  const onChart = options.onListed && (() => options.onListed!({ files: 0, charts: ++chartsWalked }));
  const ignoredByConfig = globMatcher(ignoreVariants(options.ignore ?? []));
  const probes = memoisedProbes();

  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    let st;
    try {
      st = lstatSync(abs, { throwIfNoEntry: false });
    } catch (e) {
      if (errorCode(e) === 'ENOTDIR') throw new PathNotFoundError(input);
      throw e;
    }
    if (!st) throw new PathNotFoundError(input);
    const rel = toPosixRelative(cwd, abs);
    if (st.isSymbolicLink()) {
      skipped.set(rel, 'symbolic link (not followed)');
    } else if (st.isFile()) {
      found.set(rel, abs);
      namedStats.set(rel, st);
      for (const dir of await enclosingCharts(abs, cwd, probes)) contextCharts.add(toPosixRelative(cwd, dir));
    } else if (st.isDirectory()) {
      for (const entry of await walk(abs, cwd, ignoredByConfig, maxFileSize, onChart)) {
        if (entry.dirent.isSymbolicLink()) {
          skipped.set(entry.rel, 'symbolic link (not followed)');
          walkedLinks.add(entry.rel);
        } else if (entry.dirent.isFile()) found.set(entry.rel, entry.abs);
      }
    } else {
      skipped.set(rel, 'not a regular file');
    }
  }

  // The build context of a Dockerfile reaches above the paths given (`readiness-lint
  // api/Dockerfile`, `docker build -f api/Dockerfile .`): its .dockerignore files are read too.
  if ([...found.keys()].some((p) => isDockerfileName(basenamePosix(p)))) {
    for (const input of inputs) {
      for (const abs of await contextIgnoreFiles(path.resolve(cwd, input), cwd, probes)) {
        const rel = toPosixRelative(cwd, abs);
        if (!found.has(rel) && !ignoredByConfig(rel)) found.set(rel, abs);
      }
    }
  }

  const all = [...found.keys()];
  const chartDirList = [...all.filter((p) => basenamePosix(p) === 'Chart.yaml').map(dirnamePosix), ...[...contextCharts].map((d) => (d === '.' ? '' : d))];
  const chartDirs = new Set(chartDirList);
  // Values files beside a chart folder live in the chart folder's parent.
  const chartParents = new Set([...chartDirs].map(dirnamePosix));
  const candidates = all.filter((p) => isCandidate(p, chartDirs) || (/^values[^/]*\.ya?ml$/i.test(basenamePosix(p)) && chartParents.has(dirnamePosix(p)))).sort(compare);
  const candidateSet = new Set(candidates);
  // Private keys are never read whole: by name (id_rsa, *.p12) or by the first bytes (*.pem, *.key).
  const keyCandidates = all.filter((p) => !candidateSet.has(p) && privateKeyNameKind(basenamePosix(p)) !== undefined);

  const jobs = [...candidates.map((rel) => ({ rel, key: false })), ...keyCandidates.map((rel) => ({ rel, key: true }))];
  options.onListed?.({ files: jobs.length, charts: chartDirList.length });
  const texts: InputFile[] = [];
  let next = 0;
  // Files are read in this thread (readOne): now and then every worker waits for one turn of the
  // event loop, so timers run and a terminal's progress line keeps moving through a large tree.
  let sinceYield = 0;
  let pause: Promise<void> | undefined;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      if (pause) {
        await pause;
        continue;
      }
      if (++sinceYield >= READS_BETWEEN_YIELDS) {
        sinceYield = 0;
        pause = new Promise<void>((resolve) =>
          setImmediate(() => {
            pause = undefined;
            resolve();
          }),
        );
        continue;
      }
      const { rel, key } = jobs[next++]!;
      const abs = found.get(rel)!;
      const result = !key
        ? await readOne(abs, maxFileSize, read, namedStats.get(rel))
        : privateKeyNameKind(basenamePosix(rel)) === 'name'
          ? ''
          : readHead(abs, PRIVATE_KEY_SNIFF_CHARS);
      if (typeof result === 'string') texts.push({ path: rel, text: result });
      else skipped.set(rel, result.reason);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, jobs.length) }, worker));

  texts.sort((a, b) => compare(a.path, b.path));
  const files = classifyFiles(texts, { chartDirs: [...contextCharts] });
  const linkJudged = (p: string) =>
    isCandidate(p, chartDirs) || privateKeyNameKind(basenamePosix(p)) !== undefined || (/^values[^/]*\.ya?ml$/i.test(basenamePosix(p)) && chartParents.has(dirnamePosix(p)));
  const skippedList: SkippedFile[] = [...skipped.entries()]
    // A script that could not be read was evidence, not a judged artifact: listed, not a finding.
    .map(([p, reason]) => ((walkedLinks.has(p) && !linkJudged(p)) || isScriptName(basenamePosix(p)) ? { path: p, reason, judged: false } : { path: p, reason }))
    .sort((a, b) => compare(a.path, b.path));
  return { files, skipped: skippedList };
}

interface WalkedEntry {
  abs: string;
  /** Relative to cwd, POSIX. */
  rel: string;
  dirent: Dirent;
}

/**
 * Every entry under a folder, links not followed, without node_modules and .git, what the config
 * ignores and what .gitignore files ignore (those in the folders walked and, inside a repository,
 * those from its root down to the folder). Ignored folders are not entered. An unreadable folder
 * is left out. The .gitignore patterns come from the scanned tree and are matched in linear time
 * (parsers/gitignore.ts): globby's `gitignore` option ran them as backtracking RegExps (`ignore`
 * and picomatch), where a line `a/` followed by eight `**` folder steps and `b`, next to a folder
 * 40 deep, took minutes.
 */
async function walk(root: string, cwd: string, ignoredByConfig: (rel: string) => boolean, maxFileSize: number, onChart?: () => void): Promise<WalkedEntry[]> {
  // .gitignore paths are relative to the repository root (or the walked folder outside one).
  const base = repositoryRoot(root) ?? root;
  const fromBase = (abs: string) => path.relative(base, abs).split(path.sep).join('/');
  const inherited: GitignoreFile[] = [];
  const steps = fromBase(root).split('/').filter(Boolean);
  for (let depth = 0; depth < steps.length; depth++) {
    const dir = path.join(base, ...steps.slice(0, depth));
    const patterns = gitignoreAt(dir, maxFileSize);
    if (patterns) inherited.push({ dir: fromBase(dir), patterns });
  }

  const out: WalkedEntry[] = [];
  const folders: { abs: string; ignores: GitignoreFile[] }[] = [{ abs: root, ignores: inherited }];
  while (folders.length > 0) {
    const folder = folders.pop()!;
    let dirents: Dirent[];
    try {
      // in this thread, as files are read (readOne): one folder's listing is one system call
      dirents = readdirSync(folder.abs, { withFileTypes: true });
    } catch {
      continue; // an unreadable sub-folder (EACCES) must not abort the run; it is left out
    }
    let ignores = folder.ignores;
    if (dirents.some((d) => d.name === '.gitignore' && d.isFile())) {
      const patterns = gitignoreAt(folder.abs, maxFileSize);
      if (patterns) ignores = [...ignores, { dir: fromBase(folder.abs), patterns }];
    }
    for (const dirent of dirents) {
      const isFolder = dirent.isDirectory();
      if (isFolder && SKIPPED_FOLDER_NAMES.has(dirent.name)) continue;
      const abs = path.join(folder.abs, dirent.name);
      const rel = toPosixRelative(cwd, abs);
      if (ignoredByConfig(rel) || (ignores.length > 0 && ignoredBy(ignores, fromBase(abs), isFolder))) continue;
      out.push({ abs, rel, dirent });
      if (isFolder) folders.push({ abs, ignores });
      else if (onChart && dirent.name === 'Chart.yaml' && dirent.isFile()) onChart();
    }
  }
  return out;
}

// Most folders have no .gitignore and most probed names do not exist: asked in this thread with
// `throwIfNoEntry: false`, a missing file costs no error object with its stack (through
// fs/promises each one did, about 5 ms of a 39-file compose lint).

/** The patterns of `<dir>/.gitignore`, if it is a regular file no larger than the size limit. */
function gitignoreAt(dir: string, maxFileSize: number) {
  const file = path.join(dir, '.gitignore');
  try {
    const st = lstatSync(file, { throwIfNoEntry: false });
    if (!st?.isFile() || st.size > maxFileSize) return undefined;
    return parseGitignore(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return lstatSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

interface Probes {
  isFile(p: string): Promise<boolean>;
  repositoryRoot(dir: string): string | undefined;
}

/**
 * isFile and repositoryRoot answered once per path in one discovery: files named one by one
 * (`readiness-lint api/Dockerfile web/Dockerfile`) share their folders, and each looks up to the root for a chart,
 * .dockerignore files and the repository.
 */
function memoisedProbes(): Probes {
  const files = new Map<string, Promise<boolean>>();
  const roots = new Map<string, string | undefined>();
  return {
    isFile(p) {
      let answer = files.get(p);
      if (!answer) files.set(p, (answer = isFile(p)));
      return answer;
    },
    repositoryRoot(dir) {
      if (!roots.has(dir)) roots.set(dir, repositoryRoot(dir));
      return roots.get(dir);
    },
  };
}

/**
 * The .dockerignore files of the build contexts a linted path may belong to: `<Dockerfile>.dockerignore`
 * beside a Dockerfile named explicitly, and `.dockerignore` in the path's folder (a file's own folder,
 * a folder's parent) and every folder above it, up to cwd or the repository root, whichever comes
 * first (cwd outside a repository). Regular files only: links are not followed.
 */
async function contextIgnoreFiles(abs: string, cwd: string, probes: Probes): Promise<string[]> {
  const out: string[] = [];
  let st;
  try {
    st = lstatSync(abs, { throwIfNoEntry: false });
  } catch {
    return out;
  }
  if (!st) return out;
  if (st.isFile() && isDockerfileName(path.basename(abs)) && (await probes.isFile(`${abs}.dockerignore`))) out.push(`${abs}.dockerignore`);
  const start = path.dirname(abs);
  const bound = probes.repositoryRoot(start) ?? cwd;
  const inside = (dir: string) => dir === bound || dir.startsWith(bound.endsWith(path.sep) ? bound : bound + path.sep);
  for (let dir = start, depth = 0; inside(dir) && depth < 64; depth++) {
    const candidate = path.join(dir, '.dockerignore');
    if (await probes.isFile(candidate)) out.push(candidate);
    const parent = path.dirname(dir);
    if (dir === bound || dir === cwd || parent === dir) break;
    dir = parent;
  }
  return out;
}

/**
 * For a file named explicitly: the chart folders it sits in (a Chart.yaml in an ancestor folder,
 * up to cwd) and, for a values file, the chart folders beside it. So `values-prod.yaml` linted on
 * its own is still classified as Helm values.
 */
async function enclosingCharts(abs: string, cwd: string, probes: Probes): Promise<string[]> {
  const out: string[] = [];
  const stop = path.dirname(cwd);
  let dir = path.dirname(abs);
  for (let depth = 0; depth < 32; depth++) {
    if (await probes.isFile(path.join(dir, 'Chart.yaml'))) out.push(dir);
    const parent = path.dirname(dir);
    if (dir === cwd || parent === dir || parent === stop) break;
    dir = parent;
  }
  if (/^values[^/\\]*\.ya?ml$/i.test(path.basename(abs))) {
    try {
      const dirents = readdirSync(path.dirname(abs), { withFileTypes: true });
      for (const d of dirents) {
        const sub = path.join(path.dirname(abs), d.name);
        if (d.isDirectory() && (await probes.isFile(path.join(sub, 'Chart.yaml')))) out.push(sub);
      }
    } catch {
      // an unreadable folder only means no chart context
    }
  }
  return out;
}

/** Strict UTF-8 (a decode that throws leaves the decoder ready for the next file). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The first bytes of a file as Latin-1 (binary-safe; PEM headers are ASCII). */
function readHead(abs: string, bytes: number): string | { reason: string } {
  let fd: number | undefined;
  try {
    fd = openSync(abs, 'r');
    const buffer = Buffer.alloc(bytes);
    const bytesRead = readSync(fd, buffer, 0, bytes, 0);
    return buffer.toString('latin1', 0, bytesRead);
  } catch (e) {
    return { reason: `unreadable (${errorCode(e)})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A file's text, or why it is not read. Without a reader of the caller's, the file is read in this
 * thread: for a tree's many small files that costs about a fifth of the CPU of fs/promises, where
 * the stat, open, read and close of each file are each a trip through the thread pool.
 */
async function readOne(abs: string, maxFileSize: number, read: ((p: string) => Promise<Uint8Array>) | undefined, named?: Stats): Promise<string | { reason: string }> {
  try {
    const st = named ?? lstatSync(abs);
    if (st.isSymbolicLink()) return { reason: 'symbolic link (not followed)' };
    if (st.size > maxFileSize) return { reason: `larger than ${maxFileSize} bytes (${st.size} bytes)` };
  } catch (e) {
    return { reason: `unreadable (${errorCode(e)})` };
  }
  let bytes: Uint8Array;
  try {
    bytes = read ? await read(abs) : readFileSync(abs);
  } catch (e) {
    return { reason: `unreadable (${errorCode(e)})` };
  }
  if (bytes.length > maxFileSize) return { reason: `larger than ${maxFileSize} bytes (${bytes.length} bytes)` };
  const sniff = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < sniff; i++) {
    if (bytes[i] === 0) return { reason: 'binary file (NUL byte in the first 8 KB)' };
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return { reason: 'not valid UTF-8' };
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
