// Keeps a lint run's live set small (docs/benchmarks.md). Once a file is parsed, rules need its
// plain data and flattened positions, not its text; texts are most of a run's memory (70 MB on
// ../shared/corpus, half of it chart templates and chart files that only rendering reads).
// Two things make a text collectable: no parsed value may still point into it, and the file
// must keep it in a cheaper form than a string.

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ParsedFile, SourceFile } from '../model/types.js';
import { sharedString } from '../model/shared-string.js';

/** Detaches every string reachable in plain parsed data (objects and arrays, in place, aliases visited once). */
export function detachStrings(value: unknown): void {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string') sharedString(value);
    return;
  }
  const seen = new Set<object>();
  const stack: object[] = [value];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') sharedString(v);
    else if (v !== null && typeof v === 'object') stack.push(v);
  };
  while (stack.length > 0) {
    const o = stack.pop()!;
    if (seen.has(o)) continue;
    seen.add(o);
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) visit(o[i]);
    } else {
      // parsed data are plain objects: no enumerable inherited keys
      for (const key in o) visit((o as Record<string, unknown>)[key]);
    }
  }
}

/** Detaches what a parsed file keeps after parsing: document data, comments and diagnostics. */
export function detachParsedStrings(parsed: ParsedFile): void {
  for (const doc of parsed.documents) detachStrings(doc.data);
  for (const c of parsed.comments) sharedString(c.text);
  for (const d of parsed.diagnostics) sharedString(d.message);
}

/** Smaller texts are not worth a compressed copy. */
const COMPRESS_MIN_LENGTH = 2048;

/**
 * A run whose compressible texts add up to fewer characters keeps them as strings: deflating
 * and inflating them costs CPU (30 ms of a one-chart lint of 600 KB) for a few megabytes saved,
 * while on a large tree (70 MB of texts on ../shared/corpus) it is most of what keeps the live
 * set small.
 */
const COMPRESS_RUN_MIN_CHARS = 4 * 1024 * 1024;
let compressRunMinChars = COMPRESS_RUN_MIN_CHARS;

/** Tests: the run size from which texts are compressed (undefined: the default). */
export function setCompressRunMinChars(chars: number | undefined): void {
  compressRunMinChars = chars ?? COMPRESS_RUN_MIN_CHARS;
}

/** Are this run's texts worth compressing once parsed: do those compressText would take add up to enough? */
export function worthCompressing(files: readonly SourceFile[]): boolean {
  let chars = 0;
  for (const file of files) {
    if (!COMPRESSED_KINDS.has(file.kind)) continue;
    const text = Object.getOwnPropertyDescriptor(file, 'text')?.value as string | undefined;
    if (text !== undefined && text.length >= COMPRESS_MIN_LENGTH && (chars += text.length) >= compressRunMinChars) return true;
  }
  return false;
}

/**
 * Kinds whose text nothing needs after parsing (rendering aside, and formatters) and no parsed
 * document keeps (YAML locators do not; Dockerfile and env documents do, and are small). Rules
 * read .dockerignore, .gitignore and CI configs.
 */
const COMPRESSED_KINDS = new Set<SourceFile['kind']>(['helm-template', 'helm-other', 'kubernetes', 'helm-values', 'helm-chart', 'compose']);

/**
 * Replaces a file's text by a deflated copy (about a fifth of the size) behind a getter that
 * inflates it again on every read: the Helm stage reads chart files once per chart, formatters
 * read the files they show code frames of, and the engine the line lengths of files with
 * findings. A text that UTF-8 cannot carry unchanged (a lone surrogate) is kept as it is.
 */
export function compressText(file: SourceFile): void {
  // frozen input, or compressed already by an earlier run over the same objects
  if (!Object.getOwnPropertyDescriptor(file, 'text')?.writable) return;
  const text = file.text;
  if (text.length < COMPRESS_MIN_LENGTH || !COMPRESSED_KINDS.has(file.kind) || !isWellFormed(text)) return;
  // zlib returns a view into a 16 KB output chunk: copy the bytes so only they stay alive
  const deflated = new Uint8Array(deflateRawSync(text, { level: 1 }));
  Object.defineProperty(file, 'text', {
    get: () => inflateRawSync(deflated).toString('utf8'),
    enumerable: true,
    configurable: true,
  });
}

/**
 * Compresses the engine's copy of a file, and lets the caller's object (the file it was copied
 * from) read its text from that copy: the caller's array is the engine's input, alive for the whole
 * run, and its strings would otherwise keep every text of the tree alive next to the compressed
 * copies (70 MB on ../shared/corpus). The caller's text reads the same; only a plain, writable text
 * property holding the same text is replaced.
 */
export function compressTextOf(file: SourceFile, original: { text: string } | undefined): void {
  const text = Object.getOwnPropertyDescriptor(file, 'text')?.value as string | undefined;
  compressText(file);
  if (!original || original === file || text === undefined || Object.getOwnPropertyDescriptor(file, 'text')?.get === undefined) return;
  const own = Object.getOwnPropertyDescriptor(original, 'text');
  if (!own?.writable || !own.configurable || own.value !== text) return;
  Object.defineProperty(original, 'text', { get: () => file.text, enumerable: own.enumerable ?? true, configurable: true });
}

/** String.prototype.isWellFormed (Node 20; not in this project's TypeScript lib yet). */
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}
