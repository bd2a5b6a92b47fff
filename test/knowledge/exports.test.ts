// src/knowledge is shared domain knowledge: every export is used by another file (rules, engine,
// another knowledge module or a test), and knowledge reads only the model and the parsers.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { findUnusedExports, relativeImports } from '../../scripts/unused-exports.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('src/knowledge exports and layering', () => {
  it('exports nothing that no other file imports (un-export it, or delete it if unused)', () => {
    expect(findUnusedExports(root, ['src/knowledge']).map(({ file, name }) => `${file}: ${name}`)).toEqual([]);
  });

  it('imports only the model, the parsers and itself (not engine, rules, report, formatters)', () => {
    const allowed = ['src/knowledge/', 'src/model/', 'src/parsers/', 'schemas/'];
    const imports = relativeImports(root, 'src/knowledge');
    expect(imports.length).toBeGreaterThan(50);
    expect(imports.filter(({ target }) => !allowed.some((prefix) => target.startsWith(prefix))).map(({ file, target }) => `${file} → ${target}`)).toEqual([]);
  });

  it('the parsers import only the model and each other', () => {
    // helm-template.ts reads chart templates through src/helm's lexer (src/helm is self-contained).
    const allowed = ['src/parsers/', 'src/model/', 'src/helm/'];
    const imports = relativeImports(root, 'src/parsers');
    expect(imports.filter(({ target }) => !allowed.some((prefix) => target.startsWith(prefix))).map(({ file, target }) => `${file} → ${target}`)).toEqual([]);
  });
});
