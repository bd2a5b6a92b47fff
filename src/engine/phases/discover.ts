// Phase 1, discover: the input files as the engine judges them. Plain { path, text } files are
// classified (the pipeline owns finding them on disk), config `ignore` globs drop files, config
// `environments` globs settle environments, and files come out sorted by path. The caller's
// objects are copied, never changed.

import { classifyFiles, unsupportedPlatformName } from '../../discovery/classify.js';
import { configEvidence, type EnvironmentEvidence, type KnownEnvironment } from '../../model/environments.js';
import type { SourceFile } from '../../model/types.js';
import { globMatcher } from '../../parsers/glob.js';
import type { Config } from '../../config/index.js';

export type InputFile = { path: string; text: string } | SourceFile;

export interface DiscoverOptions {
  config: Config;
  /** --values files: values files wherever they live, even when their name says nothing. */
  extraValues?: readonly string[];
}

export interface Discovered {
  files: SourceFile[];
  /** Platform files known by name but not judged. */
  notices: string[];
}

export function discover(input: readonly InputFile[], options: DiscoverOptions): Discovered {
  const notices: string[] = [];
  // Copies: content evidence (below) may settle a file's environment, and a caller's objects stay theirs.
  let files: SourceFile[] = input.every(isSourceFile) ? (input as SourceFile[]).map((f) => ({ ...f })) : classifyFiles(input.map((f) => ({ path: f.path, text: f.text })));
  // --values files are values files wherever they live, even when their name says nothing
  const extraValues = new Set(options.extraValues ?? []);
  for (const f of input) {
    if (extraValues.has(f.path) && !files.some((x) => x.path === f.path)) {
      files.push({ path: f.path, text: f.text, kind: 'helm-values', environment: 'unknown' });
    }
  }
  const ignored = globMatcher(options.config.ignore);
  files = files.filter((f) => !ignored(f.path));
  // Platform files we know by name but do not judge: said, not silently dropped.
  for (const f of files)
    if (f.kind === 'platform-unsupported') notices.push(`${f.path}: ${unsupportedPlatformName(f.path)} configuration is not supported; its settings were not judged`);
  const byConfig = configEnvironments(options.config);
  if (byConfig) {
    files = files.map((f) => {
      const evidence = byConfig(f.path);
      return evidence ? { ...f, environment: evidence.environment, environmentEvidence: evidence } : f;
    });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, notices };
}

function isSourceFile(f: { path: string; text: string } | SourceFile): f is SourceFile {
  return 'kind' in f && 'environment' in f;
}

/** The config's `environments:` globs as one lookup naming the glob that matched (first environment wins). */
function configEnvironments(config: Config): ((path: string) => EnvironmentEvidence | undefined) | undefined {
  const entries = (Object.entries(config.environments) as [KnownEnvironment, string[]][]).filter(([, globs]) => globs.length > 0);
  if (entries.length === 0) return undefined;
  const matchers = entries.map(([env, globs]) => {
    const negations = globs.filter((g) => g.startsWith('!'));
    return { env, any: globMatcher(globs), each: globs.filter((g) => !g.startsWith('!')).map((g) => [g, globMatcher([g, ...negations])] as const) };
  });
  return (path) => {
    const hit = matchers.find((m) => m.any(path));
    if (!hit) return undefined;
    const glob = hit.each.find(([, match]) => match(path))?.[0] ?? '';
    return configEvidence(hit.env, glob);
  };
}
