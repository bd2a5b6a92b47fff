// Injection into what people read on GitHub: the job summary and the PR comment are markdown, and
// file names, manifest names (metadata.name, compose service names) and messages quoting them come
// from the scanned tree. Parsed with markdown-it (CommonMark + GFM tables), the rendered summary
// must hold no heading, link, image or HTML from the tree, no @mention, and every row intact.
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { formatMarkdown, formatPullRequestComment } from '../../src/formatters/markdown.js';
import { markdownText } from '../../src/formatters/escape.js';

const HOSTILE = 'x\n# Owned <img src=x onerror=alert(1)> [click](https://evil.example/a) ![i](https://evil.example/i.png) @octocat </details>';

function hostileReport() {
  const dep = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${JSON.stringify(HOSTILE)}`,
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    `        - name: ${JSON.stringify(HOSTILE)}`,
    '          image: nginx:latest',
    '',
  ].join('\n');
  const compose = `services:\n  ${JSON.stringify(HOSTILE)}:\n    image: redis:latest\n`;
  return lint({
    files: [
      { path: `k8s/${HOSTILE}.yaml`, text: dep },
      { path: `${HOSTILE}/compose.yaml`, text: compose },
      { path: `${HOSTILE}.env`, text: 'not an assignment\n' },
    ],
  }).report;
}

const md = new MarkdownIt({ html: true, linkify: true });
type Token = ReturnType<typeof md.parse>[number];

function walk(tokens: Token[], visit: (t: Token) => void): void {
  for (const t of tokens) {
    visit(t);
    if (t.children) walk(t.children, visit);
  }
}

describe('markdown summary and PR comment with hostile names', () => {
  const report = hostileReport();
  const fileUrl = (p: string, l: number) => `https://github.example.test/acme/shop/blob/abc/${p.split('/').map(encodeURIComponent).join('/')}#L${l}`;
  const text = formatMarkdown(report, { fileUrl });

  it('the report really carries the hostile names (the test would prove nothing otherwise)', () => {
    expect(report.findings.some((f) => f.file.includes('@octocat'))).toBe(true);
    expect(report.findings.some((f) => f.message.includes('@octocat') && f.message.includes('<img'))).toBe(true);
  });

  it('renders no heading, image, HTML or foreign link from the tree', () => {
    const tokens = md.parse(text, {});
    const headings: string[] = [];
    const links: string[] = [];
    const html: string[] = [];
    walk(tokens, (t) => {
      if (t.type === 'heading_open') headings.push(t.tag);
      if (t.type === 'image') links.push(`image:${t.attrGet('src')}`);
      if (t.type === 'link_open') links.push(String(t.attrGet('href') ?? ''));
      if (t.type === 'html_inline' || t.type === 'html_block') html.push(t.content.trim());
    });
    // our own: the title (h2) and "Findings" (h3)
    expect(headings).toEqual(['h2', 'h3']);
    for (const href of links) expect(href).toMatch(/^https:\/\/(github\.com\/readiness-lint|github\.example\.test\/acme\/shop\/blob\/abc\/)/);
    // only our own <details>/<summary>/<sub> markup
    for (const h of html) expect(h).toMatch(/^(<details><summary>(Checklist|Notices)<\/summary>|<\/details>|<\/?sub>)$/);
  });

  it('shows a newline in a file name visibly in its code span', () => {
    expect(text).toContain('[`k8s/x\\u000A# Owned <img src=x onerror=alert(1)>');
  });

  it('keeps every findings row one table row with four cells', () => {
    const rows = text.split('\n').filter((l) => l.startsWith('| 🔴') || l.startsWith('| 🟠') || l.startsWith('| 🔵'));
    expect(rows.length).toBeGreaterThan(0);
    const rendered = md.render(text);
    const table = rendered.slice(rendered.indexOf('<h3>Findings'));
    const firstTable = table.slice(0, table.indexOf('</table>'));
    for (const tr of firstTable.split('<tr>').slice(2)) expect(tr.match(/<td/g)).toHaveLength(4);
  });

  it('pings nobody: no @mention survives as plain text', () => {
    // GitHub does not resolve mentions inside code spans
    const plain = md
      .render(text)
      .replace(/<code>[^<]*<\/code>/g, '')
      .replace(/<[^>]*>/g, '');
    expect(plain).toContain('@\u200Boctocat');
    expect(plain).not.toMatch(/(^|[^\w`])@octocat/);
  });

  it('links no issue: #12 and GH-12 are broken by a zero-width space', () => {
    const plain = md.renderInline(markdownText('see #12 and GH-12')).replace(/<[^>]*>/g, '');
    expect(plain).toBe('see #\u200B12 and GH-\u200B12');
  });

  it('reads as the original text once rendered', () => {
    const rendered = md.renderInline(markdownText('a_b*c [x](y) <b> @team #1 1. ok https://e.example www.e.example'));
    const plain = rendered
      .replace(/<[^>]*>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .replace(/\u200B/g, '');
    expect(plain).toBe('a_b*c [x](y) <b> @team #1 1. ok https://e.example www.e.example');
    expect(md.renderInline(markdownText('see https://e.example and www.e.example'))).not.toContain('<a ');
  });

  it('keeps ordinary names readable as written', () => {
    expect(markdownText('k8s/deployment.yaml: container web has no readinessProbe')).toBe('k8s/deployment.yaml: container web has no readinessProbe');
  });
});

describe('the PR comment (new, fixed, already there) with hostile names', () => {
  const report = hostileReport();
  const url = (sha: string) => (p: string, l: number) => `https://github.example.test/acme/shop/blob/${sha}/${p.split('/').map(encodeURIComponent).join('/')}#L${l}`;
  const third = Math.ceil(report.findings.length / 3);
  const text = formatPullRequestComment({
    head: report,
    base: report,
    introduced: report.findings.slice(0, third),
    fixed: report.findings.slice(third, 2 * third),
    unchanged: report.findings.slice(2 * third),
    headUrl: url('head'),
    baseUrl: url('base'),
  });
  const tokens = md.parse(text, {});

  it('renders only our headings, links and markup, one list item per finding', () => {
    const headings: string[] = [];
    const links: string[] = [];
    const html: string[] = [];
    let items = 0;
    walk(tokens, (t) => {
      if (t.type === 'heading_open') headings.push(t.tag);
      if (t.type === 'list_item_open') items++;
      if (t.type === 'image') links.push(`image:${t.attrGet('src')}`);
      if (t.type === 'link_open') links.push(String(t.attrGet('href') ?? ''));
      if (t.type === 'html_inline' || t.type === 'html_block') html.push(t.content.trim());
    });
    expect(headings).toEqual(['h2', 'h3', 'h3', 'h3']);
    expect(items).toBe(report.findings.length);
    for (const href of links) expect(href).toMatch(/^https:\/\/github\.example\.test\/acme\/shop\/blob\/(head|base)\//);
    for (const h of html) expect(h).toMatch(/^(<details><summary>Already there before this pull request \(\d+\)<\/summary>|<\/details>|<\/?sub>)$/);
  });

  it('pings nobody', () => {
    const plain = md
      .render(text)
      .replace(/<code>[^<]*<\/code>/g, '')
      .replace(/<[^>]*>/g, '');
    expect(plain).not.toMatch(/(^|[^\w`])@octocat/);
  });
});
