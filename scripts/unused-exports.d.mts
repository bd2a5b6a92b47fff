// Types for scripts/unused-exports.mjs (imported by test/knowledge/exports.test.ts).
export declare function findUnusedExports(root: string, scopes?: string[]): { file: string; name: string }[];
export declare function relativeImports(root: string, scope: string): { file: string; target: string }[];
