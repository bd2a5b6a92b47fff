// Helm charts become Kubernetes documents here, between parsing and the rules. Until the in-process
// renderer is wired in (issue 4), charts contribute their values files only (parsed as
// 'helm-values' documents) and templates are left alone: they are not YAML before rendering.

import type { Diagnostic, ParsedFile, SourceDocument, SourceFile } from '../model/types.js';

export interface HelmStageResult {
  documents: SourceDocument[];
  diagnostics: Diagnostic[];
  notices: string[];
}

export function renderHelmCharts(_files: readonly SourceFile[], _parsed: readonly ParsedFile[]): HelmStageResult {
  return { documents: [], diagnostics: [], notices: [] };
}
