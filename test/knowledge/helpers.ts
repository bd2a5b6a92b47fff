// Build a Project from inline files through the real parsers (kinds given explicitly).
import { parseFile } from '../../src/parsers/index.js';
import { Project } from '../../src/model/project.js';
import type { FileKind, SourceFile } from '../../src/model/types.js';

export function projectOf(files: { path: string; kind: FileKind; text: string }[]): Project {
  const sources: SourceFile[] = files.map((f) => ({ ...f, environment: 'production' }));
  const docs = sources.flatMap((f) => parseFile(f).documents);
  return new Project(sources, docs);
}
