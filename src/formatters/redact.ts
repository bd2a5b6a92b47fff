// Defence in depth for code frames: a source line shown next to a finding may hold a secret (an env
// file line, a compose `environment:` entry, a manifest `value:`). Values of secret-like keys,
// high-entropy values and anything shaped like a known token are masked before a line is printed,
// whatever the rule that pointed there.

import { detectTokenFormat, isHighEntropy, isSecretKeyName, maskSecret } from '../knowledge/secrets.js';

// KEY=VALUE, KEY: VALUE, - KEY=VALUE, "KEY": "VALUE", ENV KEY VALUE, ARG KEY=VALUE
const ASSIGNMENT = /^(\s*(?:-\s+)?(?:export\s+|ENV\s+|ARG\s+)?["']?)([A-Za-z_][\w.-]*)(["']?\s*(?:=|:\s|\s)\s*)(["'`]?)(.*?)(\4)(\s*(?:#.*)?)$/;
// Keys whose values are random by nature but not secret (content addresses, ids).
const NOT_SECRET_KEY = /image|digest|sha|checksum|hash|commit|uid|uuid|id$/i;

export function redactLine(line: string): string {
  const m = ASSIGNMENT.exec(line);
  let out = line;
  if (m && m[5]) {
    const key = m[2]!;
    const value = m[5];
    if (isSecretKeyName(key) || (!NOT_SECRET_KEY.test(key) && isHighEntropy(value))) {
      out = `${m[1]}${key}${m[3]}${m[4]}${maskSecret(value)}${m[6]}${m[7]}`;
    }
  }
  // token-shaped words anywhere on the line
  return out.replace(/[A-Za-z0-9_\-+/=.:]{16,}/g, (word) => (detectTokenFormat(word) ? maskSecret(word) : word));
}

/** Mask a column range of a line (1-based, end exclusive): the evidence of a secret finding. */
export function maskRange(line: string, startColumn: number, endColumn: number): string {
  const start = Math.max(0, startColumn - 1);
  const end = Math.min(line.length, Math.max(start, endColumn - 1));
  if (end <= start) return line;
  return line.slice(0, start) + maskSecret(line.slice(start, end)) + line.slice(end);
}
