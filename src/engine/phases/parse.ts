// Phase 2, parse: every file parsed (never throws; problems are diagnostics), then what the parsed
// content says about environments where names said nothing.

import { parseFile } from '../../parsers/index.js';
import type { ComposedYamlHandler } from '../../parsers/yaml.js';
import { contentEnvironmentEvidence, renderPartEnvironments } from '../../knowledge/settings/environment-content.js';
import type { ParsedFile, SourceFile } from '../../model/types.js';
import { compressTextOf, detachParsedStrings, worthCompressing } from '../compact.js';

export interface ParseOptions {
  /** The caller's file objects by path, when handed over (LintInput.handOverFiles). */
  callerFiles?: ReadonlyMap<string, { text: string }>;
  /** The Helm stage's taker of parsed values files, when charts will be rendered (parse them once). */
  onValuesDocuments?: ComposedYamlHandler;
}

/** Parses the engine's own copies of the files; their environments may be settled by content. */
export function parse(files: readonly SourceFile[], options: ParseOptions): ParsedFile[] {
  // Comments matter only as suppression directives: each file keeps just the comments that
  // mention readiness-lint, so a repository's comments (150,000 on ../shared/corpus, 28 MB) do
  // not stay alive through the run.
  // Texts are compressed once parsed (engine/compact.ts), in a run large enough for it to matter.
  const compress = worthCompressing(files);
  const parsed: ParsedFile[] = files.map((file) => {
    let p = parseFile(file, { onValuesDocuments: options.onValuesDocuments });
    if (p.comments.length > 0) p = { ...p, comments: p.comments.filter((c) => c.text.includes('readiness-lint')) };
    detachParsedStrings(p);
    // chart files too: the Helm stage reads each through the getter once per chart it loads
    if (compress) compressTextOf(file, options.callerFiles?.get(file.path));
    return p;
  });

  // Content evidence where names said nothing: a compose or env file whose settings declare
  // development is development (config globs and names were applied above and win).
  for (const p of parsed) {
    const file = p.file;
    if (file.environment !== 'unknown' || file.environmentEvidence?.source === 'ci-pipeline') continue;
    if (file.kind !== 'compose' && file.kind !== 'env' && file.kind !== 'env-template' && file.kind !== 'render') continue;
    for (const doc of p.documents) {
      const evidence = contentEnvironmentEvidence(doc);
      if (!evidence) continue;
      file.environment = evidence.environment;
      file.environmentEvidence = evidence;
      break;
    }
  }

  // A grouped Render Blueprint whose environment groups name several environments: each group's
  // resources are judged in their own (a config glob naming the file's environment wins).
  for (const p of parsed) {
    if (p.file.kind !== 'render' || p.file.environmentEvidence?.source === 'config') continue;
    for (const doc of p.documents) {
      const parts = renderPartEnvironments(doc);
      if (!parts) continue;
      doc.environmentAt = (path) => parts.find((part) => part.path.every((seg, i) => path[i] === seg))?.environment;
    }
  }
  return parsed;
}
