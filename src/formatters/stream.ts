// Reports as streams of text chunks. A report can be larger than V8's longest string (2^29 - 24
// characters, ~512 MB): one string per report ends in `RangeError: Invalid string length` at
// about 250,000 findings. Formatters may return their output as an iterable of chunks, which the
// CLI writes as it goes; a formatter that returns one string keeps working (`toChunks`).

/** What a formatter returns: the whole text, or its chunks in order (concatenated, the text). */
export type FormatOutput = string | Iterable<string>;

/** A formatter's output as chunks: a string is one chunk (iterating it would give characters). */
export function toChunks(output: FormatOutput): Iterable<string> {
  return typeof output === 'string' ? [output] : output;
}

/** The whole output as one string, for callers that want it (tests, an upload, a summary). */
export function chunksToString(output: FormatOutput): string {
  if (typeof output === 'string') return output;
  let text = '';
  for (const chunk of output) text += chunk;
  return text;
}

/**
 * Chunks joined into pieces of about `size` characters, so writers make few system calls and a
 * generator's many small chunks do not each cost a write.
 */
export function* batched(chunks: Iterable<string>, size = 1 << 20): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    if (!chunk) continue;
    parts.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (length) yield parts.join('');
}

/** Arrays longer than this are written an element at a time, each element in one piece. */
const WHOLE_ELEMENTS_FROM = 16;
/** Below this depth a value is always written in one piece (no formatter nests deeper in bulk). */
const MAX_STREAM_DEPTH = 8;

/**
 * `JSON.stringify(value, null, 2)` as chunks, byte for byte: containers are opened and closed
 * here, and the elements of long arrays (findings, files, SARIF results) are stringified one by
 * one, so no chunk is larger than one element. Plain data only (as reports are): `toJSON` is
 * honoured, values that JSON leaves out are left out the same way.
 */
export function* jsonChunks(value: unknown): Generator<string> {
  const root = normalise(value, '');
  if (root === undefined) return; // JSON.stringify(undefined) is undefined: nothing to write
  yield* emit(root, '', 0);
}

function* emit(value: unknown, indent: string, depth: number): Generator<string> {
  if (value === null || typeof value !== 'object' || depth >= MAX_STREAM_DEPTH) {
    yield whole(value, indent);
    return;
  }
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    const elementsWhole = value.length > WHOLE_ELEMENTS_FROM;
    yield '[\n';
    for (let i = 0; i < value.length; i++) {
      const element = normalise(value[i], String(i)) ?? null; // arrays write null for undefined
      yield inner;
      if (elementsWhole) yield whole(element, inner);
      else yield* emit(element, inner, depth + 1);
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    yield indent + ']';
    return;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    const member = normalise((value as Record<string, unknown>)[key], key);
    if (member === undefined) continue; // objects leave such members out
    yield first ? '{\n' : ',\n';
    first = false;
    yield `${inner}${JSON.stringify(key)}: `;
    yield* emit(member, inner, depth + 1);
  }
  yield first ? '{}' : `\n${indent}}`;
}

/** One value in one piece, indented as it would be at this place in the whole document. */
function whole(value: unknown, indent: string): string {
  const text = JSON.stringify(value, null, 2) ?? 'null';
  // newlines in JSON text are structure only (strings escape theirs)
  return indent && text.includes('\n') ? text.replace(/\n/g, `\n${indent}`) : text;
}

/** A member's value as JSON.stringify sees it: after `toJSON`, undefined when it is left out. */
function normalise(value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  // boxed primitives and bigint are JSON.stringify's business (it throws on bigint, as it should)
  if (value instanceof Number || value instanceof String || value instanceof Boolean || typeof value === 'bigint') return JSON.parse(JSON.stringify(value) ?? 'null');
  return value;
}
