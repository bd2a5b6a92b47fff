import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { formatHtml, messageHtml } from '../../src/formatters/html.js';

const HOSTILE_PATH = 'k8s/<script>alert(1)</script>.yaml';
const files = [
  {
    path: HOSTILE_PATH,
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: "<script>x</script>"\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: "evil/<script>alert(2)</script>:latest"\n',
  },
  { path: 'Dockerfile', text: '# readiness-lint-disable-next-line require-pinned-images -- pinned by <b>renovate</b>\nFROM node:latest\nCMD ["node", "server.js"]\n' },
  { path: '.env.production', text: 'LOG_LEVEL=info\nJWT_SECRET=Zq8vN2rT5wXy7Kp4Lm9Bc3Hd6Fg1Js0A\n' },
];
const { report, files: linted } = lint({ files });
const sources = new Map(linted.map((f) => [f.path, f.text]));
const html = formatHtml(report, { sources });

const VOID = new Set(['meta', 'br', 'hr', 'img', 'link', 'input']);

/** Every tag opened is closed in order: escaping never let report text become markup. */
function tagStructure(page: string): string[] {
  const stack: string[] = [];
  const opened: string[] = [];
  for (const m of page.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*>/g)) {
    const name = m[2]!.toLowerCase();
    if (m[1]) {
      expect(stack.pop(), `</${name}> closes the open element`).toBe(name);
    } else if (!VOID.has(name)) {
      stack.push(name);
      opened.push(name);
    }
  }
  expect(stack).toEqual([]);
  return opened;
}

describe('html', () => {
  it('is one self-contained page: no script, no external asset, a CSP that forbids both', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">`);
    expect(html).toMatch(/<style>[\s\S]+<\/style>/);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|\son[a-z]+=/i);
    // only links out: rule docs and the project page, never a resource
    for (const m of html.matchAll(/\b(?:href|src)="([^"]*)"/g))
      expect(m[1]).toMatch(/^(#file-\d+-findings|#(?:findings|score|files|checklist|waived|notices)|https:\/\/github\.com\/readiness-lint\/readiness-lint\b.*)$/);
    expect(html).not.toMatch(/\bsrc=/);
  });

  it('escapes a <script> in a file name, a value and a waiver reason', () => {
    expect(html.toLowerCase()).not.toContain('<script');
    expect(html).toContain('<code>k8s/&lt;script&gt;alert(1)&lt;/script&gt;.yaml</code>');
    expect(html).toContain('Deployment <code>&lt;script&gt;x&lt;/script&gt;</code> is not selected');
    // the code frame line holding the value
    expect(html).toMatch(/name: &quot;&lt;script&gt;x&lt;\/script&gt;&quot;/);
    expect(html).toContain('pinned by &lt;b&gt;renovate&lt;/b&gt;');
    expect(html).not.toContain('<b>');
    const opened = tagStructure(html);
    expect(opened).not.toContain('script');
    expect(opened).not.toContain('b');
  });

  it('shows the score overall, by category, environment and file', () => {
    const s = report.score;
    expect(s.score).not.toBeNull();
    expect(html).toContain(`<title>readiness-lint: ${s.score}/100 (${s.grade}) for production</title>`);
    expect(html).toContain(`<h1>readiness-lint <span class="grade grade-${s.grade}">${s.grade}</span> ${s.score}/100</h1>`);
    for (const [name, c] of Object.entries(report.environments[report.environment]!.categories)) {
      // A category of note-level rules only (scoring v2: notes are not scored) has no score: n/a.
      const shown = c!.score === null ? '<span class="grade grade-na">–</span> n/a' : `<span class="grade grade-${c!.grade}">${c!.grade}</span> ${c!.score}/100`;
      expect(html).toContain(`<tr><td>${name}</td><td>${shown}</td><td class="n">${c!.passed}</td><td class="n">${c!.failed}</td>`);
    }
    expect(Object.keys(report.environments)).toContain('production');
    expect(html).toContain('<th>environment</th><th>score</th>');
    expect(html).toMatch(/<tr><td>production<\/td><td><span class="grade grade-[A-F]">/);
    const dockerfile = report.files.find((f) => f.path === 'Dockerfile')!;
    expect(html).toMatch(
      new RegExp(
        `<tr><td><a href="#file-\\d+-findings"><code>Dockerfile</code></a></td><td>dockerfile</td><td title="[^"]*">${dockerfile.environmentEvidence!.environment}</td><td><span class="grade grade-${dockerfile.score!.grade}">${dockerfile.score!.grade}</span> ${dockerfile.score!.score}/100</td>`,
      ),
    );
  });

  it('groups findings by file, folded under a summary, with severity, linked rule id, location, message and a redacted code frame', () => {
    const sections = html.split('<details class="file" id="file-').slice(1);
    const filesWithFindings = [...new Set(report.findings.map((f) => f.file))];
    expect(sections.length).toBe(filesWithFindings.length);
    for (const [i, file] of filesWithFindings.entries()) {
      // a small report shows every file unfolded
      expect(sections[i]!.startsWith(`${i + 1}" open>\n<summary><code>${file.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</code>`)).toBe(true);
      const count = report.findings.filter((f) => f.file === file).length;
      expect(sections[i]!.match(/<article class="finding /g)!.length).toBe(count);
    }

    const probe = report.findings.find((f) => f.ruleId === 'require-probes')!;
    expect(probe.file).toBe(HOSTILE_PATH);
    expect(html).toContain(
      `<p><span class="sev ${probe.severity}">${probe.severity}</span> <a href="https://github.com/readiness-lint/readiness-lint/blob/v${report.tool.version}/rules/require-probes/README.md"><code>require-probes</code></a> ` +
        `<span class="loc">k8s/&lt;script&gt;alert(1)&lt;/script&gt;.yaml:${probe.range.start.line}:${probe.range.start.column}</span>`,
    );
    expect(html).toContain(`<p>${messageHtml(probe.message)}</p>`);

    const secret = report.findings.find((f) => f.ruleId === 'no-secrets-in-env-files')!;
    expect(secret.range.start.line).toBe(2);
    // the finding line is marked, its secret masked by the shared redaction
    expect(html).toContain('<pre><span class="ln">  1 | </span>LOG_LEVEL=info\n<span class="hit"><span class="ln">&gt; 2 | </span>JWT_SECRET=<mark>Zq***</mark></span></pre>');
    expect(html).not.toContain('8vN2rT5w');
  });

  it('lists the checklist with rule links, waived findings with their reason, and no findings when clean', () => {
    for (const line of report.checklist)
      expect(html).toContain(
        `<tr><td><a href="https://github.com/readiness-lint/readiness-lint/blob/v${report.tool.version}/rules/${line.ruleId}/README.md"><code>${line.ruleId}</code></a></td>`,
      );
    expect(report.waived).toHaveLength(1);
    expect(html).toContain('<h2>Waived (1)</h2>');

    const clean = lint({ files: [] }).report;
    const page = formatHtml(clean);
    expect(page).toContain('<h2>Findings (0)</h2>\n<p>No findings.</p>');
    expect(page).toContain('<title>readiness-lint: n/a for production</title>');
    tagStructure(page);
  });

  it('opens with an overview: counts by severity, filters and an index linking each file with findings', () => {
    const overview = html.slice(html.indexOf('<nav id="overview"'), html.indexOf('</nav>'));
    expect(html.indexOf('<nav id="overview"')).toBeLessThan(html.indexOf('<section id="findings">'));
    const { errors, warnings, notes } = report.summary;
    expect(overview).toContain(`<a class="count error" href="#findings">${errors} error${errors === 1 ? '' : 's'}</a>`);
    expect(overview).toContain(`${warnings} warning${warnings === 1 ? '' : 's'}</a>`);
    expect(overview).toContain(`${notes} note${notes === 1 ? '' : 's'}</a>`);
    const filesWithFindings = [...new Set(report.findings.map((f) => f.file))];
    expect(overview).toContain(`<h2>Files with findings (${filesWithFindings.length} of ${report.summary.files})</h2>`);
    for (const [i, file] of filesWithFindings.entries()) {
      expect(overview).toContain(`<a href="#file-${i + 1}-findings"><code>${file.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</code></a>`);
    }
    for (const [legend, values] of [
      ['severity', new Set(report.findings.map((f) => f.severity))],
      ['category', new Set(report.findings.map((f) => f.category))],
      ['environment', new Set(report.findings.map((f) => f.environment))],
    ] as const) {
      const fieldset = overview.slice(overview.indexOf(`<legend>show ${legend}</legend>`));
      for (const value of values) expect(fieldset).toMatch(new RegExp(`<input type="checkbox" id="show-f-[sce]\\d+" checked> ${value} `));
    }
  });

  it('filters with CSS alone, from class names it makes (never from report text)', () => {
    const style = html.slice(html.indexOf('<style>'), html.indexOf('</style>'));
    const rules = style.split('\n').filter((l) => l.startsWith('body:has('));
    expect(rules.length).toBeGreaterThan(3);
    for (const rule of rules) expect(rule).toMatch(/^body:has\(#show-(f-[sce]\d+):not\(:checked\)\) \.\1\{display:none\}$/);
    for (const m of html.matchAll(/<article class="finding ([^"]*)">/g)) expect(m[1]).toMatch(/^(error|warning|note) f-s\d+ f-c\d+ f-e\d+$/);
  });

  it('shows text between backticks as code, everything escaped', () => {
    expect(messageHtml('Image `nginx:<b>latest</b>` uses the mutable tag `latest`; pin it')).toBe(
      'Image <code>nginx:&lt;b&gt;latest&lt;/b&gt;</code> uses the mutable tag <code>latest</code>; pin it',
    );
    expect(messageHtml('a lone ` backtick & <i>')).toBe('a lone ` backtick &amp; &lt;i&gt;');
    expect(messageHtml('``')).toBe('<code></code>');
    const root = report.findings.find((f) => f.ruleId === 'no-root-containers' && f.file === HOSTILE_PATH)!;
    expect(root.message).toContain('Container `web` may run as root');
    expect(html).toContain('<p>Container <code>web</code> may run as root');
  });

  it('folds every file when the report is large', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({
      path: `k8s/app-${i}.yaml`,
      text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:latest\n',
    }));
    const large = lint({ files: many }).report;
    expect(large.findings.length).toBeGreaterThan(30);
    const page = formatHtml(large);
    expect(page.match(/<details class="file" id="file-\d+">/g)).toHaveLength(12);
    expect(page).not.toMatch(/<details class="file"[^>]* open>/);
    tagStructure(page);
  });

  it('folds the table of every file read when there are many', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ path: `k8s/cm-${i}.yaml`, text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n` }));
    const page = formatHtml(lint({ files: many }).report);
    const files = page.slice(page.indexOf('<section id="files">'), page.indexOf('<section id="checklist">'));
    expect(files).toMatch(/^<section id="files">\n<h2>Files \(60\)<\/h2>\n<details><summary>All 60 files read, with the environment each is judged as<\/summary>\n<table>/);
    expect(html.slice(html.indexOf('<section id="files">'))).toMatch(/^<section id="files">\n<h2>Files \(\d+\)<\/h2>\n<table>/);
    tagStructure(page);
  });

  it('is byte-identical for the same report', () => {
    expect(formatHtml(report, { sources })).toBe(html);
  });
});
