// Text → documents with positions. parseFile never throws: whatever the input, a failure becomes
// a diagnostic under a reserved rule id and the run goes on.
//
// locate(path, { key }) policy (1-based, end exclusive, UTF-16 columns, BOM not counted,
// lines end at \n or \r\n):
//   YAML   (yaml-locator.ts, the one locator: Helm-rendered manifests follow the same policy)
//          an existing value → its value node (quotes included); { key: true } → the key scalar.
//          A missing path → the closest existing node: its KEY when it is a mapping value
//          (missing spec.replicas → the `spec` key), otherwise (document
//          root, sequence item such as a container) a compact anchor inside it: its `kind` pair,
//          else its `name` pair, else its first pair. Existing collections that are not mapping
//          values get the same anchor (locate([]) → `kind: Deployment`).
//          A path through an alias resolves the alias but locates at the alias site (`*env`);
//          a key that comes from a `<<` merge locates at that key in the merged-in map.
//          kind: List items locate under ['items', i]. Document index: unique per file, in order
//          of emitted documents (List items count one each; empty documents are skipped).
//   Dockerfile / env   the paths documented in model/types.ts; extra: env ['values', KEY] (the
//          last assignment), Dockerfile ['stages', s, 'name' | 'platform' | 'instructions', k],
//          ['instructions', i, 'flags', k | 'heredocs', h | 'argsText'], ['globalArgs', NAME],
//          ['directives', name]. Anything unknown → the first FROM / the first line.

import type { Comment, Diagnostic, ParsedFile, SourceFile } from '../model/types.js';
import { parseDockerfile } from './dockerfile.js';
import { parseEnv } from './env.js';
import { firstLineRange, stripBom } from './positions.js';
import { parseYaml, type ComposedYamlHandler } from './yaml.js';
import { helmTemplateComments } from './helm-template.js';
import { parseToml } from './toml.js';
import { parseJson } from './json.js';

export { LineIndex, fromZeroBased, rangeFromZeroBased, stripBom } from './positions.js';
export { MAX_ALIAS_COUNT } from './yaml.js';
export { joinContinuations, substituteArgs, type DockerInstructionExt } from './dockerfile.js';

const RULE_FOR: Partial<Record<SourceFile['kind'], string>> = {
  kubernetes: 'invalid-yaml',
  compose: 'invalid-yaml',
  'helm-values': 'invalid-yaml',
  'helm-chart': 'invalid-yaml',
  dockerfile: 'invalid-dockerfile',
  env: 'invalid-env',
  'env-template': 'invalid-env',
  render: 'invalid-yaml',
  'ecs-task-definition': 'invalid-json',
  vercel: 'invalid-json',
  railway: 'invalid-json',
  fly: 'invalid-toml',
};

/** Comments that fill a whole line (`#` after optional blanks), in one pass over the lines. */
export function lineComments(text: string): Comment[] {
  const out: Comment[] = [];
  let line = 1;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let i = start;
    while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (text.charCodeAt(i) === 35 /* # */) {
      let e = end;
      if (e > i && text.charCodeAt(e - 1) === 13) e--;
      out.push({
        text: text.slice(i + 1, e).trim(),
        range: { start: { line, column: i - start + 1 }, end: { line, column: e - start + 1 } },
      });
    }
    if (end === text.length) break;
    start = end + 1;
    line++;
  }
  return out;
}

export interface ParseFileOptions {
  /** Called with the composed documents of a Helm values file (see ComposedYamlHandler). */
  onValuesDocuments?: ComposedYamlHandler;
}

export function parseFile(file: SourceFile, options: ParseFileOptions = {}): ParsedFile {
  // Positions are counted as editors show them: without a byte-order mark.
  const text = stripBom(file.text);
  try {
    switch (file.kind) {
      case 'helm-values':
        return parseYaml(file, text, options.onValuesDocuments);
      case 'kubernetes':
      case 'compose':
      case 'helm-chart':
        return parseYaml(file, text);
      case 'render':
        return parseYaml(file, text);
      case 'ecs-task-definition':
      case 'vercel':
      case 'railway':
      case 'fly':
        if (/\.toml$/i.test(file.path)) return parseToml(file, text, 'platform', lineComments(text));
        // CloudFormation templates with a task definition may be YAML.
        if (/\.ya?ml$/i.test(file.path)) return parseYaml(file, text);
        return parseJson(file, text);
      case 'dockerfile':
        return parseDockerfile(file, text);
      case 'env':
      case 'env-template':
        return parseEnv(file, text);
      case 'helm-template':
        // Waivers also live in template comments (`{{/* readiness-lint-disable-… */}}`).
        return { file, documents: [], diagnostics: [], comments: helmTemplateComments(text, lineComments(text)) };
      case 'dockerignore':
      case 'gitignore':
      case 'ci-config':
      case 'script':
      case 'prometheus-config':
        // Not parsed, but full-line `#` comments are kept so suppressions work for findings
        // placed in these files.
        return { file, documents: [], diagnostics: [], comments: lineComments(text) };
      default:
        return { file, documents: [], diagnostics: [], comments: [] };
    }
  } catch (e) {
    // Last resort (e.g. a stack overflow on absurd nesting): one diagnostic, no documents.
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    const diagnostic: Diagnostic = {
      ruleId: RULE_FOR[file.kind] ?? 'invalid-yaml',
      file: file.path,
      range: firstLineRange(text),
      message: `File could not be parsed: ${message}`,
    };
    return { file, documents: [], diagnostics: [diagnostic], comments: [] };
  }
}

/**
 * YAML documents of a file that parseFile gives none for (CI configs): kind 'yaml', with
 * locate() and diagnostics as for any YAML file. Never throws.
 */
export function parseYamlText(file: SourceFile): ParsedFile {
  const text = stripBom(file.text);
  try {
    return parseYaml(file, text);
  } catch (e) {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return {
      file,
      documents: [],
      diagnostics: [{ ruleId: 'invalid-yaml', file: file.path, range: firstLineRange(text), message: `File could not be parsed: ${message}` }],
      comments: [],
    };
  }
}
