// The import resolver the boundary lint uses (eslint-module-utils interface v2). The sources are
// TypeScript compiled as NodeNext, so `./x.js` names `./x.ts`; packages and node: built-ins are
// reported unresolved-but-external, which is all the layering needs to know about them.
const { existsSync } = require('node:fs');
const path = require('node:path');

exports.interfaceVersion = 2;

exports.resolve = function resolve(source, file) {
  if (!source.startsWith('.')) return { found: true, path: null };
  const target = path.resolve(path.dirname(file), source);
  if (target.endsWith('.js')) {
    const ts = `${target.slice(0, -3)}.ts`;
    if (existsSync(ts)) return { found: true, path: ts };
  }
  if (existsSync(target)) return { found: true, path: target };
  return { found: false };
};
