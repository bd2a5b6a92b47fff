// Environment values files of a chart: values-prod.yaml, values-production.yaml, values.prod.yaml,
// values-staging.yaml, … inside the chart folder or beside it (its parent folder).
// Environment naming is the linter's concern, not the Helm renderer's, so this lives outside
// src/helm (which stays self-contained) and takes any directory reader of the shape it needs.

import * as nodePath from 'node:path';
import { environmentOfValuesFileName, KNOWN_ENVIRONMENTS } from '../model/environments.js';
import type { Environment } from '../model/types.js';

/** The directory listing chartEnvironments needs (src/helm's ChartFileSystem fits). */
export interface DirectoryReader {
  /** Entries of a directory, or undefined when it is not one. */
  readDir(path: string): { name: string; isDir: boolean }[] | undefined;
}

/** The environment a values file's name layers (`values-prod.yaml`); the words live in the one model. */
export function environmentOfValuesFile(name: string): Environment | undefined {
  return environmentOfValuesFileName(name);
}

export interface EnvironmentValues {
  environment: Environment;
  /** Values files in --values order (POSIX paths). */
  files: string[];
}

/**
 * The environments a chart can be rendered as, production first. `extraValues` (--values/-f) are
 * appended to every environment. Without environment files, one 'unknown' environment with the chart
 * defaults (plus extra values) is returned.
 */
export function chartEnvironments(chartDir: string, fs: DirectoryReader, extraValues: readonly string[] = []): EnvironmentValues[] {
  const byEnv = new Map<Environment, string[]>();
  const dirs = [chartDir, nodePath.posix.dirname(chartDir)];
  for (const dir of dirs) {
    const entries = fs.readDir(dir === '' ? '.' : dir) ?? [];
    for (const e of entries.filter((x) => !x.isDir).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const env = environmentOfValuesFile(e.name);
      if (!env) continue;
      const p = dir === '' || dir === '.' ? e.name : `${dir}/${e.name}`;
      let list = byEnv.get(env);
      if (!list) byEnv.set(env, (list = []));
      if (!list.includes(p)) list.push(p);
    }
  }
  const out: EnvironmentValues[] = [];
  for (const env of KNOWN_ENVIRONMENTS) {
    const files = byEnv.get(env);
    if (files) out.push({ environment: env, files: [...files, ...extraValues] });
  }
  if (out.length === 0) out.push({ environment: 'unknown', files: [...extraValues] });
  return out;
}
