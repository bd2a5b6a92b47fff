// Defence in depth for code frames: a source line shown next to a finding may hold a secret (an env
// file line, a compose `environment:` entry). Values of secret-like keys and anything shaped like a
// known token are masked before a line is printed, whatever the rule that pointed there.

import { detectTokenFormat, isSecretKeyName, maskSecret } from '../knowledge/secrets.js';

// KEY=VALUE, KEY: VALUE, - KEY=VALUE, "KEY": "VALUE", ENV KEY VALUE, ARG KEY=VALUE
const ASSIGNMENT = /^(\s*(?:-\s+)?(?:export\s+|ENV\s+|ARG\s+)?["']?)([A-Za-z_][\w.-]*)(["']?\s*(?:=|:\s|\s)\s*)(["'`]?)(.*?)(\4)(\s*(?:#.*)?)$/;

export function redactLine(line: string): string {
  const m = ASSIGNMENT.exec(line);
  let out = line;
  if (m && m[5] && isSecretKeyName(m[2]!)) {
    out = `${m[1]}${m[2]}${m[3]}${m[4]}${maskSecret(m[5])}${m[6]}${m[7]}`;
  }
  // token-shaped words anywhere on the line
  return out.replace(/[A-Za-z0-9_\-+/=.:]{16,}/g, (word) => (detectTokenFormat(word) ? maskSecret(word) : word));
}
