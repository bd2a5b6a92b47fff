import { createHash } from 'node:crypto';

// A memo keyed by a file's text, bounded by the characters of its keys: when the next entry would
// pass the bound it is emptied whole (values files repeat within a run, rarely across the bound).
export class TextCache<T> {
  private readonly entries = new Map<string, T>();
  private chars = 0;

  constructor(private readonly limitChars: number) {}

  get(text: string): T | undefined {
    return this.entries.get(text);
  }

  /** `chars`: what the entry counts against the bound, when the key stands for a text (a digest). */
  set(text: string, value: T, chars = text.length): void {
    if (this.chars + chars > this.limitChars) {
      this.entries.clear();
      this.chars = 0;
    }
    this.entries.set(text, value);
    this.chars += chars;
  }

  clear(): void {
    this.entries.clear();
    this.chars = 0;
  }
}

/** The bound of each values cache: 64 M characters of file text. */
export const VALUES_CACHE_LIMIT_CHARS = 64 * 1024 * 1024;

/**
 * A key that stands for a text without holding it: a cache keyed by the text itself would keep
 * every values file of the run alive as a string, next to the deflated copy the lint keeps.
 */
export function textDigest(text: string): string {
  return `${text.length}:${createHash('sha256').update(text).digest('base64')}`;
}
