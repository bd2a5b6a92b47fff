// All parsed documents of one run, indexed for rules that look across files.

import type { DocumentKind, SourceDocument, SourceFile } from './types.js';

export class Project {
  readonly files: readonly SourceFile[];
  readonly documents: readonly SourceDocument[];
  private readonly byKindIndex = new Map<DocumentKind, SourceDocument[]>();
  private readonly filesByPath = new Map<string, SourceFile>();

  constructor(files: readonly SourceFile[], documents: readonly SourceDocument[]) {
    this.files = files;
    this.documents = documents;
    for (const file of files) this.filesByPath.set(file.path, file);
    for (const doc of documents) {
      let list = this.byKindIndex.get(doc.kind);
      if (!list) this.byKindIndex.set(doc.kind, (list = []));
      list.push(doc);
    }
  }

  /** Documents of one kind, in file order. */
  ofKind<T = unknown>(kind: DocumentKind): SourceDocument<T>[] {
    return (this.byKindIndex.get(kind) ?? []) as SourceDocument<T>[];
  }

  file(path: string): SourceFile | undefined {
    return this.filesByPath.get(path);
  }

  /** Files whose POSIX path starts with the folder (use '' for the root). */
  filesUnder(folder: string): SourceFile[] {
    const prefix = folder === '' || folder === '.' ? '' : folder.replace(/\/$/, '') + '/';
    return this.files.filter((f) => f.path.startsWith(prefix));
  }
}
