// The module's second entry: the template lexer alone. A caller that only tokenises templates
// (the linter reads waiver comments in `{{/* … */}}`) imports this and not index.ts, so the
// renderer is not compiled into its start-up (a bundler keeps every module index.ts re-exports).
export { lex, T } from './template/lexer.js';
export type { Item as TemplateToken } from './template/lexer.js';
