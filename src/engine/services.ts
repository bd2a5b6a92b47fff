// What the lint core may reach outside its input: a file-system reader (vendored chart archives,
// dependency charts and --values files beside the linted ones, files a kustomization reads that
// discovery did not keep), the Helm renderer, and the programs exact mode runs. All are injected:
// the pipeline passes the real ones (pipeline/node-services.ts), tests pass in-memory ones, and
// without services lint() reads nothing but its input files.

import type { HelmStage } from './helm-loader.js';

/** What a stat says about a path (links followed by `stat`, not by `lstat`). */
export interface FileStat {
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
  size: number;
  /** Permission bits (a world-writable folder is nobody's project). */
  mode: number;
}

/** Read-only access to a file system by absolute path; undefined for what is not there or not readable. */
export interface FileSystemReader {
  readFile(path: string): Uint8Array | undefined;
  /** A folder's entries (links not followed: a link is neither a file nor a folder). */
  readDir(path: string): { name: string; isFile: boolean; isDirectory: boolean }[] | undefined;
  stat(path: string): FileStat | undefined;
  lstat(path: string): FileStat | undefined;
  realpath(path: string): string | undefined;
}

/** One run of an external program (exact mode); throws an Error carrying its stderr when it fails. */
export interface ProgramRun {
  binary: string;
  args: readonly string[];
  cwd?: string;
  timeoutMs?: number;
  maxBuffer?: number;
  /**
   * The program's environment besides PATH (the runner adds it); as a function, of an empty scratch
   * folder the runner makes for the run and removes after it (a HOME nothing is configured in).
   */
  env?: Readonly<Record<string, string>> | ((scratchHome: string) => Record<string, string>);
}

export interface LintServices {
  /** The disk beside the input files; absent: nothing is read beyond the input. */
  fs?: FileSystemReader;
  /** The in-process Helm renderer; absent: the one loaded with loadHelmStage(), if any. */
  helm?: HelmStage;
  /** Runs `helm template` for exact mode; the CLI checks the binary before linting. */
  runHelm?: (run: ProgramRun) => string;
  /** Runs `kustomize build` / `kubectl kustomize` for exact mode. */
  runKustomize?: (run: ProgramRun) => string;
}

/** A file system with nothing in it: lint without services reads its input files only. */
export const EMPTY_FILE_SYSTEM: FileSystemReader = {
  readFile: () => undefined,
  readDir: () => undefined,
  stat: () => undefined,
  lstat: () => undefined,
  realpath: () => undefined,
};
