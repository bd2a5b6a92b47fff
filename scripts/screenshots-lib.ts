// What scripts/screenshots.mjs photographs, made with the linter's own code on fixtures/demo: the
// text output (with colours), the HTML report, and the pull-request comment of a change to the
// demo (the base commit is the demo without `k8s/worker.yaml` and with an unpinned api image).
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMPTY_CONFIG } from '../src/config/index.js';
import { formatHtml } from '../src/formatters/html.js';
import { formatPullRequestComment } from '../src/formatters/markdown.js';
import { formatText } from '../src/formatters/text.js';
import { compareFindings } from '../src/pipeline/compare.js';
import { runPipeline } from '../src/pipeline/run.js';

export interface DemoOutputs {
  /** The text format with ANSI colours, as a terminal shows it. */
  text: string;
  html: string;
  /** The PR comment's markdown. */
  prComment: string;
}

/** The demo has no config file: the defaults, as `readiness-lint` run in its folder uses. */
function lintDemo(root: string) {
  return runPipeline({ root, paths: ['.'], config: EMPTY_CONFIG });
}

export async function demoOutputs(demo: string): Promise<DemoOutputs> {
  const head = await lintDemo(demo);
  const sources = new Map(head.files.map((f) => [f.path, f.text]));
  const options = { cwd: demo, color: true, sources, secretSpans: head.secretSpans };
  const base = mkdtempSync(join(tmpdir(), 'rl-demo-base-'));
  try {
    cpSync(demo, base, { recursive: true });
    unlinkSync(join(base, 'k8s', 'worker.yaml'));
    const api = join(base, 'k8s', 'api.yaml');
    writeFileSync(api, readFileSync(api, 'utf8').replace('ghcr.io/example/shop-api:1.8.2', 'ghcr.io/example/shop-api:latest'));
    const before = await lintDemo(base);
    const changes = compareFindings(head.report, before.report);
    const blob = (sha: string) => (path: string, line: number) => `https://github.com/example/shop/blob/${sha}/${path}#L${line}`;
    return {
      text: formatText(head.report, options),
      html: formatHtml(head.report, options),
      prComment: formatPullRequestComment({ head: head.report, base: before.report, ...changes, headUrl: blob('4f2c1e9'), baseUrl: blob('9b7d3a0') }),
    };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
