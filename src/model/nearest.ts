// "Did you mean …?" for every name a user types: flags, formats, rule ids, environments. One
// measure everywhere, so a typo is forgiven the same way in a flag, a config file and a comment.

import { distance } from 'fastest-levenshtein';

/**
 * The candidate nearest to `input`: within two edits (a third of the word for long ones), else
 * the only candidate that contains it (`probes` → `require-probes`). Undefined when nothing is close.
 */
export function nearestName(input: string, candidates: Iterable<string>): string | undefined {
  const lower = input.trim().toLowerCase();
  if (lower === '') return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  const containing: string[] = [];
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
    if (lower.length >= 4 && candidate.toLowerCase().includes(lower)) containing.push(candidate);
  }
  if (best !== undefined && bestDistance <= Math.max(2, Math.floor(lower.length / 3))) return best;
  return containing.length === 1 ? containing[0] : undefined;
}

/** ` (did you mean 'x'?)` for the nearest candidate, or '' when none is close. */
export function didYouMean(input: string, candidates: Iterable<string>, quote = (s: string) => `'${s}'`): string {
  const nearest = nearestName(input, candidates);
  return nearest === undefined ? '' : ` (did you mean ${quote(nearest)}?)`;
}
