// Texts a rendering keeps for the rare location that reads them again (template texts, rendered
// files, values.yaml defaults). On a large run they are most of what a rendered document keeps, so
// they are deflated (zlib level 1, about a fifth of the size); in a small run deflating them is CPU
// for nothing (about 3% of a one-chart lint: 16 ms of a bitnami chart's 500). So texts stay strings
// until the texts kept so far pass a bound, then those and every later one are deflated: a small
// run deflates nothing, a large one ends with all of them deflated, as before. The same policy as
// the lint's own texts (engine/compact.ts: nothing compressed in a run under 4M characters).

import { deflateRawSync, inflateRawSync } from 'node:zlib';

const KEEP_AS_STRINGS_CHARS = 4 * 1024 * 1024;
let keepAsStringsChars = KEEP_AS_STRINGS_CHARS;
/** Characters of the texts kept as strings so far; past the bound, everything is deflated. */
let stringChars = 0;
let deflating = false;
/** The texts kept as strings, to deflate once the bound is passed (not kept alive by this list). */
let pending: WeakRef<KeptText>[] = [];

/** Tests: the characters kept as strings before texts are deflated (undefined: the default); starts over. */
export function setKeepAsStringsChars(chars: number | undefined): void {
  keepAsStringsChars = chars ?? KEEP_AS_STRINGS_CHARS;
  stringChars = 0;
  deflating = false;
  pending = [];
}

/** Deflates a text (its UTF-8 bytes); the default way to deflate a kept text. */
export function deflateText(text: string): Uint8Array {
  // zlib returns a view into a 16 KB output chunk: copy the bytes so only they stay alive
  return new Uint8Array(deflateRawSync(text, { level: 1 }));
}

/**
 * A text kept as a string, or deflated once the run's kept texts pass the bound. A text UTF-8
 * cannot carry unchanged (a lone surrogate) stays a string, as do texts shorter than `minLength`.
 */
export class KeptText {
  private string: string | undefined;
  private deflated: Uint8Array | undefined;

  constructor(
    text: string,
    private readonly minLength = 0,
    /** How to deflate it (a caller may share equal texts' deflated bytes). */
    private readonly deflate: (text: string) => Uint8Array = deflateText,
  ) {
    this.string = text;
    if (!this.compressible()) return;
    if (deflating) {
      this.compress();
      return;
    }
    pending.push(new WeakRef(this));
    stringChars += text.length;
    if (stringChars > keepAsStringsChars) {
      deflating = true;
      for (const ref of pending) ref.deref()?.compress();
      pending = [];
    }
  }

  /** Is the text deflated (tests). */
  get isDeflated(): boolean {
    return this.deflated !== undefined;
  }

  read(): string {
    return this.deflated ? inflateRawSync(this.deflated).toString('utf8') : (this.string ?? '');
  }

  private compressible(): boolean {
    const text = this.string!;
    return text.length > 0 && text.length >= this.minLength && (text as string & { isWellFormed(): boolean }).isWellFormed();
  }

  private compress(): void {
    if (this.string === undefined) return;
    this.deflated = this.deflate(this.string);
    this.string = undefined;
  }
}
