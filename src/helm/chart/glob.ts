// Pattern matchers Helm uses: Go's path/filepath.Match (for .helmignore) and gobwas/glob with '/' as
// separator (for .Files.Glob). Both are compiled to anchored regular expressions.

function escapeRe(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? '\\' + c : c;
}

/** Parse a `[...]` class starting at pattern[i] === '['; returns the regex class and the index after ']'. */
function parseClass(p: string, i: number, negChars: string[]): { re: string; next: number } {
  let j = i + 1;
  let negate = false;
  if (negChars.includes(p[j]!)) {
    negate = true;
    j++;
  }
  let body = '';
  let first = true;
  while (j < p.length && (p[j] !== ']' || first)) {
    first = false;
    let c = p[j]!;
    if (c === '\\') {
      j++;
      if (j >= p.length) throw new Error('syntax error in pattern');
      c = p[j]!;
    }
    body += escapeRe(c);
    j++;
    if (p[j] === '-' && p[j + 1] !== undefined && p[j + 1] !== ']') {
      let d = p[j + 1]!;
      j += 2;
      if (d === '\\') {
        d = p[j]!;
        j++;
      }
      body += '-' + escapeRe(d);
    }
  }
  if (j >= p.length) throw new Error('syntax error in pattern');
  return { re: negate ? `(?:(?!/)[^${body}])` : `[${body}]`, next: j + 1 };
}

const goMatchCache = new Map<string, RegExp | null>();

/** Go's filepath.Match (POSIX separator). Returns false for a malformed pattern (Go returns ErrBadPattern). */
export function goPathMatch(pattern: string, name: string): boolean {
  let re = goMatchCache.get(pattern);
  if (re === undefined) {
    try {
      let out = '';
      for (let i = 0; i < pattern.length;) {
        const c = pattern[i]!;
        if (c === '*') {
          out += '[^/]*';
          i++;
        } else if (c === '?') {
          out += '[^/]';
          i++;
        } else if (c === '[') {
          const cls = parseClass(pattern, i, ['^']);
          out += cls.re;
          i = cls.next;
        } else if (c === '\\') {
          if (i + 1 >= pattern.length) throw new Error('bad pattern');
          out += escapeRe(pattern[i + 1]!);
          i += 2;
        } else {
          out += escapeRe(c);
          i++;
        }
      }
      re = new RegExp('^' + out + '$', 's');
    } catch {
      re = null;
    }
    goMatchCache.set(pattern, re);
  }
  return re ? re.test(name) : false;
}

const globCache = new Map<string, RegExp | null>();

/** gobwas/glob compiled with separator '/': `*`, `**`, `?`, `[...]`, `[!...]`, `{a,b}`, `\` escapes. */
export function compileGlob(pattern: string): RegExp | null {
  let cached = globCache.get(pattern);
  if (cached !== undefined) return cached;
  try {
    let i = 0;
    const parse = (inBraces: boolean): string => {
      let out = '';
      while (i < pattern.length) {
        const c = pattern[i]!;
        if (c === '*') {
          if (pattern[i + 1] === '*') {
            out += '.*';
            i += 2;
          } else {
            out += '[^/]*';
            i++;
          }
        } else if (c === '?') {
          out += '[^/]';
          i++;
        } else if (c === '[') {
          const cls = parseClass(pattern, i, ['!']);
          out += cls.re;
          i = cls.next;
        } else if (c === '{') {
          i++;
          const alts: string[] = [parse(true)];
          while (pattern[i] === ',') {
            i++;
            alts.push(parse(true));
          }
          if (pattern[i] !== '}') throw new Error('unclosed {');
          i++;
          out += '(?:' + alts.join('|') + ')';
        } else if (inBraces && (c === ',' || c === '}')) {
          return out;
        } else if (c === '\\') {
          out += escapeRe(pattern[i + 1] ?? '\\');
          i += 2;
        } else {
          out += escapeRe(c);
          i++;
        }
      }
      return out;
    };
    cached = new RegExp('^' + parse(false) + '$', 's');
  } catch {
    cached = null;
  }
  globCache.set(pattern, cached);
  return cached;
}
