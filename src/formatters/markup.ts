// Escaping for the markup formats (html, junit). Every string from the report (file names,
// messages, targets, code) goes through one of these; nothing is written raw.

// Characters XML 1.0 forbids anywhere, even escaped: C0 controls other than tab/LF/CR, lone
// surrogates, U+FFFE and U+FFFF. Shown as a visible `\uXXXX` so the reader still sees them.
const INVALID_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function visible(s: string): string {
  return s.replace(INVALID_XML_CHAR, (ch) => `\\u${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
}

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Element content. */
export function escapeText(s: string): string {
  return visible(s).replace(/[&<>"']/g, (ch) => ENTITY[ch]!);
}

/** A double- or single-quoted attribute value; tab, LF and CR as references so attribute-value
 * normalisation in XML parsers does not turn them into spaces. */
export function escapeAttribute(s: string): string {
  return escapeText(s).replace(/[\t\n\r]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
