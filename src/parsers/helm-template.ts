// Helm templates are not parsed here (they are not YAML until rendered), but their comments can
// carry waivers: full-line `#` comments (they survive rendering) and Go template comments
// `{{/* … */}}` / `{{- /* … */ -}}` (they never do). The template lexer finds the latter, so a
// `/*` inside a quoted string or a YAML value is never taken for a comment.

import type { Comment } from '../model/types.js';
import { lex, T } from '../helm/lexer.js';
import { LineIndex } from './positions.js';

/** Template comments of a text, each positioned from its opening to its closing marker; text without the markers. */
export function templateComments(text: string): Comment[] {
  const comments: Comment[] = [];
  let lines: LineIndex | undefined;
  for (const item of lex(text, true)) {
    if (item.typ !== T.Comment) continue;
    lines ??= LineIndex.fromText(text);
    comments.push({
      // A waiver may wrap over several lines inside one comment: read it as one line.
      text: item.val.slice(2, -2).trim().replace(/\s+/g, ' '),
      range: lines.range(item.pos, item.pos + item.val.length),
    });
  }
  return comments;
}

/**
 * Waiver candidates of a Helm template: `#` line comments, plus template comments when the text
 * mentions readiness-lint at all (lexing every template of a large chart twice is not free). A `#`
 * line inside a multi-line template comment is that comment's text, not a comment of its own.
 */
export function helmTemplateComments(text: string, hashComments: Comment[]): Comment[] {
  if (!text.includes('readiness-lint') || !text.includes('{{')) return hashComments;
  const blocks = templateComments(text);
  if (blocks.length === 0) return hashComments;
  const within = (c: Comment) => blocks.some((b) => after(c.range.start, b.range.start) && after(b.range.end, c.range.end));
  return [...hashComments.filter((c) => !within(c)), ...blocks].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
}

function after(a: { line: number; column: number }, b: { line: number; column: number }): boolean {
  return a.line > b.line || (a.line === b.line && a.column >= b.column);
}
