// Where a lint's memory goes, phase by phase (issue 18): the CLI's path (discovery, lint, code
// frames, JSON or SARIF written as chunks) run in this process, with the live heap (after a full
// collection) and RSS printed at each boundary. Run it with the flags a big run's re-run gets:
//   node --expose-gc --max-semi-space-size=64 scripts/phase-memory.mjs <tree> [json|sarif]
// PHASE_PER_RULE=1 also marks the live heap after each rule (what each rule leaves behind);
// PHASE_SNAPSHOT=<label prefix> writes a heap snapshot at that mark.
import { createWriteStream } from 'node:fs';
import { runPipeline } from '../src/pipeline/run.js';
import { EMPTY_CONFIG } from '../src/config/index.js';
import { withCodeFrames } from '../src/formatters/frame.js';
import { formatChunks } from '../src/formatters/index.js';
import { batched } from '../src/formatters/stream.js';
import { tuneHeapForLint } from '../src/cli/heap.js';
import { writeHeapSnapshot } from 'node:v8';
import { ALL_RULES } from '../src/engine/rules.js';

const gc = (globalThis as { gc?: () => void }).gc;
const MB = 2 ** 20;
let peakRss = 0;
const rows: string[] = [];
function mark(label: string): void {
  const before = process.memoryUsage();
  gc?.();
  const after = process.memoryUsage();
  peakRss = Math.max(peakRss, before.rss);
  rows.push(
    `${label.padEnd(28)} live ${(after.heapUsed / MB).toFixed(0).padStart(5)} MB  external ${(after.external / MB).toFixed(0).padStart(4)} MB  heap before gc ${(before.heapUsed / MB).toFixed(0).padStart(5)} MB  rss ${(before.rss / MB).toFixed(0).padStart(5)} MB`,
  );
  console.error(rows.at(-1));
  if (process.env.PHASE_SNAPSHOT && label.startsWith(process.env.PHASE_SNAPSHOT)) console.error(`snapshot ${writeHeapSnapshot()}`);
}

export async function main(root: string, format = 'json', out = '/dev/null'): Promise<void> {
  tuneHeapForLint();
  mark('start');
  let lastRule = -1;
  const result = await runPipeline({
    root,
    paths: ['.'],
    config: EMPTY_CONFIG,
    onlyRules: process.env.PHASE_ONLY_RULES ? process.env.PHASE_ONLY_RULES.split(',').filter(Boolean) : undefined,
    onProgress: (e) => {
      if (e.stage === 'discovered') mark('discovered');
      else if (e.stage === 'parsing') mark('before parse');
      else if (e.stage === 'rendering') mark('parsed (before render)');
      else if (e.stage === 'rules' && e.done === 0) mark('rendered (rules start)');
      else if (e.stage === 'rules' && e.done === e.total - 1) mark('rules: last one starts');
      else if (e.stage === 'rules' && process.env.PHASE_PER_RULE) mark(`after ${ALL_RULES[e.done - 1]?.meta.id ?? e.done}`);
      if (e.stage === 'rules') lastRule = e.done;
    },
  });
  void lastRule;
  mark('report built (lint returned)');
  const { report, files, secretSpans } = result;
  const withFindings = new Set(report.findings.map((f) => f.file));
  const filesWithFindings = new Map(files.filter((f) => withFindings.has(f.path)).map((f) => [f.path, f]));
  const sources = { get: (path: string) => filesWithFindings.get(path)?.text };
  const framed = withCodeFrames(report, { sources, secretSpans });
  mark('frames made');
  const stream = createWriteStream(out);
  let chunks = 0;
  for (const batch of batched(formatChunks(format, framed, { cwd: root, color: false, sources, secretSpans, repositoryRoot: root }))) {
    if (!stream.write(batch)) await new Promise<void>((r) => stream.once('drain', () => r()));
    if (++chunks === 50) mark('writing (50 MB in)');
  }
  await new Promise<void>((r) => stream.end(() => r()));
  mark('written');
  console.error(
    `findings ${report.findings.length}, waived ${report.waived.length}, files ${report.files.length}; peak rss seen ${(peakRss / MB).toFixed(0)} MB; ru_maxrss ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}
