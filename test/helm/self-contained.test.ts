// src/helm is a module of its own (issue 16): nothing in it imports the rest of src (only node:
// built-ins, npm packages and its own files), and its files import each other without cycles.
// Imports are read with the TypeScript compiler's parser, not searched in the text.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';

const HELM = join(REPO, 'src', 'helm');

/** Leaving src/helm for the engine side (issue 16, "pure core"): not part of the module. */

function helmFiles(dir = HELM): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...helmFiles(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out.sort();
}

/** Every module specifier of a file: import/export … from, import(), import x = require(). */
function moduleSpecifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) out.push(node.moduleSpecifier.text);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0]))
      out.push(node.arguments[0].text);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression))
      out.push(node.moduleReference.expression.text);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) out.push(node.argument.literal.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** A relative specifier resolved to the .ts file it names (the sources import './x.js'). */
function resolveRelative(from: string, spec: string): string {
  return normalize(join(dirname(from), spec)).replace(/\.js$/, '.ts');
}

/** Imports of a file that leave src/helm: relative paths outside it, or absolute paths. */
function leavingImports(file: string, specs: readonly string[], root = HELM): string[] {
  return specs.filter((spec) => {
    if (spec.startsWith('node:')) return false;
    if (spec.startsWith('.')) {
      const rel = relative(root, resolveRelative(file, spec));
      return rel.startsWith('..') || rel.startsWith('/');
    }
    return spec.startsWith('/') || spec.startsWith('src/'); // a bare name is an npm package
  });
}

/** Import cycles among `graph`'s files (Tarjan's strongly connected components of two or more, or a self-import). */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
  return cycles;
}

function helmGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of helmFiles()) {
    const specs = moduleSpecifiers(file, readFileSync(file, 'utf8'));
    graph.set(
      relative(HELM, file),
      specs.filter((s) => s.startsWith('.')).map((s) => relative(HELM, resolveRelative(file, s))),
    );
  }
  return graph;
}

/** The folder graph: src/helm/chart → src/helm/values when a chart file imports a values file. */
function folderGraph(files: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const folder = (f: string) => (f.includes('/') ? f.slice(0, f.indexOf('/')) : f);
  const graph = new Map<string, string[]>();
  for (const [f, deps] of files) {
    const from = folder(f);
    const to = graph.get(from) ?? [];
    for (const d of deps) if (folder(d) !== from && !to.includes(folder(d))) to.push(folder(d));
    graph.set(from, to);
  }
  return graph;
}

describe('src/helm is self-contained', () => {
  it('imports nothing from the rest of src: only node: built-ins, npm packages and its own files', () => {
    const files = helmFiles();
    expect(files.length).toBeGreaterThan(40);
    const leaving = files.flatMap((f) => leavingImports(f, moduleSpecifiers(f, readFileSync(f, 'utf8'))).map((s) => `${relative(REPO, f)} → ${s}`));
    expect(leaving).toEqual([]);
  });

  it('has one public entry, and no re-export shims', () => {
    expect(helmFiles().map((f) => relative(HELM, f))).toEqual(expect.arrayContaining(['index.ts']));
    for (const shim of ['values/yaml-shim.ts', 'render/yaml.ts', 'render/sprig.ts']) expect(helmFiles().map((f) => relative(HELM, f))).not.toContain(shim);
    // outside src/helm, src imports it through its entries only (index.ts; lexer.ts for the tokeniser
    // alone, so the renderer stays out of start-up)
    const outside: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) {
          if (p !== HELM) walk(p);
        } else if (p.endsWith('.ts')) {
          for (const s of moduleSpecifiers(p, readFileSync(p, 'utf8'))) {
            if (!s.startsWith('.')) continue;
            const target = relative(HELM, resolveRelative(p, s));
            if (target.startsWith('..') || target === 'index.ts' || target === 'lexer.ts') continue;
            outside.push(`${relative(REPO, p)} → ${s}`);
          }
        }
      }
    };
    walk(join(REPO, 'src'));
    expect(outside).toEqual([]);
  });

  it('has no import cycles, between files or between its folders (chart, values, render, template, …)', () => {
    const graph = helmGraph();
    expect(importCycles(graph)).toEqual([]);
    expect(importCycles(folderGraph(graph))).toEqual([]);
  });

  it('the checks see what they must: a path out of src/helm, a cycle', () => {
    const file = join(HELM, 'values', 'load.ts');
    const specs = moduleSpecifiers(
      file,
      "import type { Range } from '../../model/types.js';\nimport { parse } from 'yaml';\nimport * as p from 'node:path';\nimport { x } from '../value.js';\nexport * from '../../parsers/x.js';\nconst m = await import('../../engine/lint.js');\n",
    );
    expect(leavingImports(file, specs)).toEqual(['../../model/types.js', '../../parsers/x.js', '../../engine/lint.js']);
    expect(
      importCycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
    expect(importCycles(new Map([['a', ['a']]]))).toEqual([['a']]);
    expect(
      importCycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });
});
