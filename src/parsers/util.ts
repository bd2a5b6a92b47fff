import type { DocPath } from '../model/types.js';

/** True when every segment of the path exists in plain data (own properties, array indexes). */
export function hasPath(data: unknown, path: DocPath): boolean {
  let cur: unknown = data;
  for (const seg of path) {
    if (Array.isArray(cur)) {
      const idx = typeof seg === 'number' ? seg : /^\d+$/.test(seg) ? Number(seg) : -1;
      if (idx < 0 || idx >= cur.length) return false;
      cur = cur[idx];
    } else if (cur !== null && typeof cur === 'object') {
      const key = String(seg);
      if (!Object.prototype.hasOwnProperty.call(cur, key)) return false;
      cur = (cur as Record<string, unknown>)[key];
    } else {
      return false;
    }
  }
  return true;
}
