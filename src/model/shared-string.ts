// Strings that outlive what they were cut from. V8 keeps a substring (a "sliced string") as a
// view into its whole parent text, and a concatenation as a tree of its parts: a line of a code
// frame kept in a report would keep its file's whole text alive, an outcome's target a tree of
// pieces. Storing a string as a property key interns it: V8 copies it flat into the string table
// and turns the string itself into a reference to that copy, so the parent is no longer
// referenced and equal strings share one copy. The value is unchanged.

/** V8 copies substrings shorter than this, and concatenations shorter than this are flat. */
const SHARED_STRING_MIN_LENGTH = 13;

/** Property stores intern their key; the entry is deleted at once. */
const internScratch: Record<string, 0> = Object.create(null) as Record<string, 0>;

/** The same string, flat, independent of any parent text and shared with every equal string. */
export function sharedString(s: string): string {
  if (s.length < SHARED_STRING_MIN_LENGTH) return s;
  internScratch[s] = 0;
  delete internScratch[s];
  return s;
}
