// Text → documents with positions. parseFile never throws: whatever the input, a failure becomes
// a diagnostic under a reserved rule id and the run goes on.

import type { Diagnostic, ParsedFile, SourceFile } from '../model/types.js';
import { parseDockerfile } from './dockerfile.js';
import { parseEnv } from './env.js';
import { firstLineRange, stripBom } from './positions.js';
import { parseYaml } from './yaml.js';

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
};

export function parseFile(file: SourceFile): ParsedFile {
  // Positions are counted as editors show them: without a byte-order mark.
  const text = stripBom(file.text);
  try {
    switch (file.kind) {
      case 'kubernetes':
      case 'compose':
      case 'helm-values':
      case 'helm-chart':
        return parseYaml(file, text);
      case 'dockerfile':
        return parseDockerfile(file, text);
      case 'env':
      case 'env-template':
        return parseEnv(file, text);
      default:
        // helm-template (not YAML until rendered), helm-other, dockerignore, gitignore, ci-config.
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

/** Parse a plain YAML text that is none of our kinds (documents of kind 'yaml'). */
export function parseYamlText(file: SourceFile): ParsedFile {
  try {
    return parseYaml({ ...file, kind: file.kind }, stripBom(file.text));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return {
      file,
      documents: [],
      diagnostics: [{ ruleId: 'invalid-yaml', file: file.path, range: firstLineRange(file.text), message }],
      comments: [],
    };
  }
}
