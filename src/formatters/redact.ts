// Defence in depth for code frames. The engine hands formatters every secret span it knows per
// file (LintResult.secretSpans); this adds what a single line shows by itself: values of
// secret-like keys, token-shaped words, URL passwords (knowledge/secrets/secrets.ts), and random-looking
// values under keys that say nothing. Only values are masked: keys, image references, versions,
// template code, URLs without credentials and paths stay readable.

import { isHighEntropy, maskSpans, secretSpansInText, type TextSpan } from '../knowledge/secrets/secrets.js';

// KEY=VALUE, KEY: VALUE, - KEY=VALUE, "KEY": "VALUE", ENV KEY VALUE, ARG KEY=VALUE
const ASSIGNMENT = /^(\s*(?:-\s+)?(?:export\s+|ENV\s+|ARG\s+)?["']?)([A-Za-z_][\w.-]*)(["']?\s*(?:=|:\s|\s)\s*)(["'`]?)(.*?)(\4)(\s*(?:#.*)?)$/d;
// Keys whose values are random by nature but not secret (content addresses, ids, image references).
const NOT_SECRET_KEY = /image|digest|sha|checksum|hash|commit|uid|uuid|id$|^from$/i;
/** An image reference (`node:22.12.0-alpine3.20`, `ghcr.io/org/app@sha256:…`) or a version (`v1.2.3-rc.1`). */
const IMAGE_OR_VERSION = /^(?:[a-z0-9][a-z0-9._/-]*(?::[\w][\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?|v?\d+(?:\.\d+)+[\w.+-]*)$/;

/** Lines longer than this are not judged as a whole (frames are clipped to a window first). */
const LINE_HEURISTIC_MAX = 4096;

/** Where a single line, read alone, shows a secret (0-based offsets). */
export function lineSecretSpans(line: string): TextSpan[] {
  if (line.length > LINE_HEURISTIC_MAX) line = line.slice(0, LINE_HEURISTIC_MAX);
  const spans = secretSpansInText(line);
  const m = ASSIGNMENT.exec(line);
  if (m && m[5]) {
    const key = m[2]!;
    const value = m[5];
    const readable = NOT_SECRET_KEY.test(key) || IMAGE_OR_VERSION.test(value) || value.includes('{{') || value.includes('${');
    if (!readable && isHighEntropy(value)) spans.push(m.indices![5]! as TextSpan);
  }
  return spans;
}

export function redactLine(line: string): string {
  return maskSpans(line, lineSecretSpans(line)).text;
}
