import type { DocPath, FileKind, LocateOptions, Range, SourceDocument, SourceFile } from '../../src/model/types.js';

export function file(kind: FileKind, text: string, path = 'f'): SourceFile {
  return { path, text, kind, environment: 'unknown' };
}

/** `line:col-line:col` (end exclusive) — compact and readable in assertions. */
export function fmt(r: Range): string {
  return `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
}

export function at(doc: SourceDocument, path: DocPath, options?: LocateOptions): string {
  return fmt(doc.locate(path, options).range);
}

/** The source text a range covers (single- or multi-line), for self-checking assertions. */
export function textAt(text: string, r: Range): string {
  const lines = text.split('\n');
  if (r.start.line === r.end.line) return lines[r.start.line - 1]!.slice(r.start.column - 1, r.end.column - 1);
  const out = [lines[r.start.line - 1]!.slice(r.start.column - 1)];
  for (let l = r.start.line + 1; l < r.end.line; l++) out.push(lines[l - 1]!);
  out.push(lines[r.end.line - 1]!.slice(0, r.end.column - 1));
  return out.join('\n');
}
