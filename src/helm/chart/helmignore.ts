// Helm's .helmignore rules (pkg/ignore), including its quirks: no `**`, a pattern without a slash
// matches the base name, a leading slash anchors at the chart root, a trailing slash matches
// directories only, and a negated rule that does NOT match ignores the path (Helm's behaviour).

import { goPathMatch } from './glob.js';

interface Rule {
  raw: string;
  negate: boolean;
  mustDir: boolean;
  match: (path: string) => boolean;
}

export class HelmIgnore {
  private readonly rules: Rule[] = [];

  /** Parse .helmignore text; malformed lines are skipped (Helm errors on them; we report and continue). */
  static parse(text: string | undefined, withDefaults = true): HelmIgnore {
    const r = new HelmIgnore();
    if (text) for (const line of text.split(/\r?\n/)) r.addRule(line);
    if (withDefaults) r.addRule('templates/.?*');
    return r;
  }

  addRule(line: string): void {
    let rule = line.trim();
    if (rule === '' || rule.startsWith('#')) return;
    if (rule.includes('**')) return;
    const raw = rule;
    let negate = false;
    let mustDir = false;
    if (rule.startsWith('!')) {
      negate = true;
      rule = rule.slice(1);
    }
    if (rule.endsWith('/')) {
      mustDir = true;
      rule = rule.slice(0, -1);
    }
    let match: (p: string) => boolean;
    if (rule.startsWith('/')) {
      const anchored = rule.slice(1);
      match = (p) => goPathMatch(anchored, p);
    } else if (rule.includes('/')) {
      match = (p) => goPathMatch(rule, p);
    } else {
      match = (p) => goPathMatch(rule, p.slice(p.lastIndexOf('/') + 1));
    }
    this.rules.push({ raw, negate, mustDir, match });
  }

  /** True when the chart-relative POSIX path should be left out. */
  ignores(path: string, isDir: boolean): boolean {
    if (path === '' || path === '.' || path === './') return false;
    for (const p of this.rules) {
      if (p.negate) {
        if (p.mustDir && !isDir) return true;
        if (!p.match(path)) return true;
        continue;
      }
      if (p.mustDir && !isDir) continue;
      if (p.match(path)) return true;
    }
    return false;
  }
}
