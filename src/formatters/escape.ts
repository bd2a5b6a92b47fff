// Escaping for what people read: terminal text and GitHub markdown. File names, manifest names,
// messages, notices and code lines come from the scanned tree, which is untrusted: in a terminal
// they must not move the cursor, open hyperlinks or start a workflow command; in markdown they must
// not add headings, links, images, HTML or @mentions. Every such string goes through one of these.

// C0 controls but tab, DEL, C1 controls, and the bidirectional overrides/isolates that reorder
// what is shown (Trojan Source), plus the Unicode line and paragraph separators.
const UNSAFE_CHAR = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/g;

function codePoint(ch: string): string {
  return `\\u${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** One line of terminal text: every control character shown as a visible `\uXXXX` (ESC as `\u001B`). */
export function visibleControls(text: string): string {
  return text.replace(UNSAFE_CHAR, codePoint);
}

/**
 * Lines GitHub's runner would read as a workflow command (`::name ...::`, checked after leading
 * whitespace) or a legacy `##[name]` command: their first colon, or the `#` of `##[`, is shown
 * as `\u003A` / `\u0023`. Our own text output never starts a line with either, so only
 * untrusted text is touched.
 */
export function inertCommandLine(line: string): string {
  let out = line.replace(/^(\s*):/, (_, space: string) => `${space}\\u003A`);
  if (out.includes('##[')) out = out.replace(/##\[/g, '\\u0023#[');
  return out;
}

/** A path shown at the start of a terminal line: controls visible; a leading colon or blank gets `./`. */
export function terminalPath(path: string): string {
  const shown = visibleControls(path);
  return /^[\s:]/.test(shown) ? `./${shown}` : shown;
}

// Characters with a meaning in GitHub markdown inline text (CommonMark + GFM tables, strikethrough).
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()#+\-!|~]/g;
const HTML_CHAR: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * Untrusted text inside a markdown paragraph, list item or table cell: one line (newlines as
 * spaces), controls visible, markdown punctuation backslash-escaped, HTML characters as entities,
 * every `@` followed by a zero-width space so `@team` does not ping anyone, and issue references and
 * bare URLs broken the same way so they link nothing. Rendered, it reads as the original text.
 */
export function markdownText(text: string): string {
  return (
    visibleControls(text.replace(/\r\n?|\n|\u2028|\u2029/g, ' '))
      .replace(/[&<>"]/g, (ch) => HTML_CHAR[ch]!)
      .replace(MARKDOWN_PUNCTUATION, (ch) => `\\${ch}`)
      .replace(/^(\d+)\./, '$1\\.')
      // no ping, no issue cross-reference (#12, GH-12), no bare-URL or email autolink
      .replace(/@/g, '@&#8203;')
      .replace(/\\#(?=\d)/g, '\\#&#8203;')
      .replace(/\b(GH)\\-(?=\d)/gi, '$1\\-&#8203;')
      .replace(/:\/\//g, ':/&#8203;/')
      .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}&#8203;.`)
  );
}

/**
 * Untrusted text inside a markdown code span in a table cell: backslash escapes do not work in
 * code spans, so backticks become `'`, and `|` (split by the table parser before the span) is
 * escaped; newlines and controls would end the row, so they are shown as `\uXXXX`.
 */
export function markdownCodeSpan(text: string): string {
  return visibleControls(text).replace(/`/g, "'").replace(/\|/g, '\\|');
}
