// The real services the lint core is given (engine/services.ts): the disk through node:fs, the
// Helm renderer loaded on demand, and exact mode's programs run with execFileSync. The CLI, the
// Action and the benchmark get them through the pipeline; the core itself imports none of this.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import type { FileStat, FileSystemReader, LintServices, ProgramRun } from '../engine/services.js';
import { loadedHelmStage } from '../engine/helm-loader.js';

function statOf(s: fs.Stats): FileStat {
  return { isFile: s.isFile(), isDirectory: s.isDirectory(), isSymbolicLink: s.isSymbolicLink(), size: s.size, mode: s.mode };
}

/** The disk, read-only; every failure (missing, unreadable, a loop of links) reads as absent. */
export const nodeFileSystemReader: FileSystemReader = {
  readFile(path) {
    try {
      return fs.statSync(path).isFile() ? fs.readFileSync(path) : undefined;
    } catch {
      return undefined;
    }
  },
  readDir(path) {
    try {
      return fs.readdirSync(path, { withFileTypes: true }).map((d) => ({ name: d.name, isFile: d.isFile(), isDirectory: d.isDirectory() }));
    } catch {
      return undefined;
    }
  },
  stat(path) {
    try {
      return statOf(fs.statSync(path));
    } catch {
      return undefined;
    }
  },
  lstat(path) {
    try {
      return statOf(fs.lstatSync(path));
    } catch {
      return undefined;
    }
  },
  realpath(path) {
    try {
      return fs.realpathSync(path);
    } catch {
      return undefined;
    }
  },
};

/** Runs a program with PATH and the given environment only; throws an Error with its stderr. */
export function runProgram(run: ProgramRun): string {
  const home = typeof run.env === 'function' ? fs.mkdtempSync(nodePath.join(tmpdir(), 'rl-helm-')) : undefined;
  const env = typeof run.env === 'function' ? run.env(home!) : (run.env ?? {});
  try {
    return execFileSync(run.binary, [...run.args], {
      cwd: run.cwd,
      encoding: 'utf8',
      timeout: run.timeoutMs,
      maxBuffer: run.maxBuffer,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', ...env },
    });
  } catch (e) {
    const failure = e as { stderr?: string; message: string };
    // The message is what the program said; `stderr` stays for callers that read it raw.
    throw Object.assign(new Error((failure.stderr || failure.message).trim()), { stderr: failure.stderr });
  } finally {
    if (home) fs.rmSync(home, { recursive: true, force: true });
  }
}

/**
 * The services of a run on this machine. The Helm renderer is the one loadHelmStage() loaded (the
 * pipeline loads it for a tree with charts), looked up when the services are made.
 */
export function nodeServices(): LintServices {
  const helm = loadedHelmStage();
  return { fs: nodeFileSystemReader, runHelm: runProgram, runKustomize: runProgram, ...(helm ? { helm } : {}) };
}
