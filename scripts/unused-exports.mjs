// Exported symbols nobody imports: `node scripts/unused-exports.mjs [folder ...]` (default
// src/knowledge) lists, for each TypeScript file under the folders, the exports no other file of
// src/, rules/, test/ or scripts/ imports (tests count as importers). Exit code 1 when there are any.
// test/knowledge/exports.test.ts runs it on src/knowledge so an export nobody needs fails the suite.
//
// Parse-only (ts.createSourceFile, no type checker): fast, and imports are syntax. A namespace
// import, `export *` or a dynamic import() of a file counts as using all of its exports.

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const IMPORTER_FOLDERS = ['src', 'rules', 'test', 'scripts'];
const SOURCE = /\.(ts|mts|mjs)$/;

function walk(root, folder, out) {
  if (!existsSync(join(root, folder))) return out;
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'fixtures' || entry.name.startsWith('.')) continue;
    const path = posix.join(folder, entry.name);
    if (entry.isDirectory()) walk(root, path, out);
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.d.mts')) out.push(path);
  }
  return out;
}

const hasExportModifier = (node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

function bindingNames(name, out) {
  if (ts.isIdentifier(name)) out.push(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindingNames(element.name, out);
  return out;
}

/** The names a file exports itself (declarations and local `export { }` lists). */
function exportedNames(source) {
  const names = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (!statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) names.push(element.name.text);
      }
      continue;
    }
    if (!hasExportModifier(statement)) continue;
    if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) bindingNames(d.name, names);
    else if (statement.name && ts.isIdentifier(statement.name)) names.push(statement.name.text);
  }
  return names;
}

/** What a file imports from other files: [{ specifier, names: string[] | '*' }]. */
function importsOf(source) {
  const out = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const specifier = node.moduleSpecifier.text;
      if (ts.isImportDeclaration(node)) {
        const clause = node.importClause;
        const names = [];
        let all = false;
        if (clause?.name) names.push('default');
        if (clause?.namedBindings) {
          if (ts.isNamespaceImport(clause.namedBindings)) all = true;
          else for (const e of clause.namedBindings.elements) names.push((e.propertyName ?? e.name).text);
        }
        out.push({ specifier, names: all ? '*' : names });
      } else {
        const clause = node.exportClause;
        out.push({ specifier, names: clause && ts.isNamedExports(clause) ? clause.elements.map((e) => (e.propertyName ?? e.name).text) : '*' });
      }
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      out.push({ specifier: node.arguments[0].text, names: '*' });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** `./x.js` from `src/a/b.ts` → `src/a/x.ts` (the TypeScript file NodeNext resolution maps it to). */
function resolveSpecifier(fromFile, specifier, known) {
  if (!specifier.startsWith('.')) return undefined;
  const base = posix.normalize(posix.join(posix.dirname(fromFile), specifier));
  for (const candidate of [base.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts'), base, `${base}.ts`, posix.join(base, 'index.ts')]) {
    if (known.has(candidate)) return candidate;
  }
  return undefined;
}

/** Exports of files under `scopes` that no other file imports, sorted by file then name. */
export function findUnusedExports(root, scopes = ['src/knowledge']) {
  const files = [...new Set(IMPORTER_FOLDERS.flatMap((folder) => walk(root, folder, [])))];
  const known = new Set(files);
  const used = new Map(); // file → Set of names, or '*'
  const parsed = new Map();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, false, file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
    parsed.set(file, source);
    for (const { specifier, names } of importsOf(source)) {
      const target = resolveSpecifier(file, specifier, known);
      if (!target || target === file) continue;
      if (names === '*') used.set(target, '*');
      else if (used.get(target) !== '*') {
        let set = used.get(target);
        if (!set) used.set(target, (set = new Set()));
        for (const name of names) set.add(name);
      }
    }
  }
  const inScope = (file) => scopes.some((scope) => file === scope || file.startsWith(scope.replace(/\/$/, '') + '/'));
  const unused = [];
  for (const file of files.filter(inScope).sort()) {
    const importedNames = used.get(file);
    if (importedNames === '*') continue;
    for (const name of exportedNames(parsed.get(file))) if (!importedNames?.has(name)) unused.push({ file, name });
  }
  return unused;
}

/** Every relative import of the files under `scope`, as repository paths (`src/model/types.ts`). */
export function relativeImports(root, scope) {
  const files = walk(root, scope, []);
  const known = new Set(IMPORTER_FOLDERS.flatMap((folder) => walk(root, folder, [])));
  const out = [];
  for (const file of files.sort()) {
    const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    for (const { specifier } of importsOf(source)) {
      if (!specifier.startsWith('.')) continue;
      out.push({ file, target: resolveSpecifier(file, specifier, known) ?? posix.normalize(posix.join(posix.dirname(file), specifier)) });
    }
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
  const scopes = process.argv.slice(2).map((p) => relative(root, join(process.cwd(), p)).split(sep).join('/'));
  const unused = findUnusedExports(root, scopes.length > 0 ? scopes : undefined);
  for (const { file, name } of unused) console.log(`${file}: ${name}`);
  console.log(`${unused.length} export(s) imported nowhere`);
  process.exitCode = unused.length > 0 ? 1 : 0;
}
