// One benchmark measurement in its own process (so peak RSS is its own): discover + parse only
// (the baseline), or discover + the full lint; or `list`: what discovery found. Prints one JSON line.

import { discover } from '../discovery/index.js';
import { parseFile } from '../parsers/index.js';
import { lint } from '../engine/lint.js';
import { loadHelmStage } from '../engine/helm-loader.js';
import { nodeServices } from '../pipeline/node-services.js';
import { tuneHeapForLint } from '../cli/heap.js';
import { applyInterruptBudget } from '../cli/code-cache.js';

const [mode, ...paths] = process.argv.slice(2);
// The CLI's heap and tiering policies, in both modes (the comparison stays fair; peak RSS and
// time are what users get).
tuneHeapForLint();
applyInterruptBudget(process.execArgv, process.env.NODE_OPTIONS);
const cwd = process.cwd();
const start = performance.now();
const discovered = await discover(paths, { cwd });
const afterDiscovery = performance.now();
let documents = 0;
let findings = 0;
if (mode === 'list') {
  // What discovery makes of the paths (path and kind per file), so the whole-process comparisons
  // with peers give each tool exactly the files readiness-lint judges as that kind.
  const list = JSON.stringify(discovered.files.map((f) => ({ path: f.path, kind: f.kind }))) + '\n';
  // a pipe is written asynchronously: exit only once the whole list is out
  await new Promise<void>((done) => process.stdout.write(list, () => done()));
  process.exit(0);
} else if (mode === 'parse') {
  for (const file of discovered.files) documents += parseFile(file).documents.length;
} else if (mode === 'lint' || mode === 'lint-no-helm') {
  if (mode === 'lint') await loadHelmStage();
  const { report } = lint({ files: discovered.files, skipped: discovered.skipped, renderHelm: mode === 'lint', handOverFiles: true }, nodeServices());
  findings = report.findings.length;
  documents = report.files.reduce((n, f) => n + f.documents, 0);
} else {
  throw new Error(`unknown mode ${mode}`);
}
const end = performance.now();
process.stdout.write(
  JSON.stringify({
    mode,
    files: discovered.files.length,
    documents,
    findings,
    discoveryMs: afterDiscovery - start,
    totalMs: end - start,
    // the whole process (start-up included, alike in both modes): user + system
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
