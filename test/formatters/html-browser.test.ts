// The HTML report in a real browser (headless Chromium, 1280x800): the overview with the index of
// files comes first, each file's findings fold and unfold, the filters hide findings without any
// script, and the page logs no error and requests nothing but itself.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { lint } from '../../src/engine/lint.js';
import { formatHtml } from '../../src/formatters/html.js';
import { HAS_CHROMIUM, noteBrowserSkip, openBrowser, type Browser } from '../helpers/browser.js';

noteBrowserSkip('the HTML report browser test');

// Enough files and findings that a page used to be long: 40 Deployments, each with findings of
// every severity, plus a file whose name and content try to inject markup.
const deployment = (i: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:latest\n          env:\n            - name: API_TOKEN\n              value: Zq8vN2rT5wXy7Kp4Lm${String(i).padStart(2, '0')}\n`;
const files = [
  ...Array.from({ length: 40 }, (_, i) => ({ path: `k8s/app-${String(i).padStart(2, '0')}.yaml`, text: deployment(i) })),
  { path: 'k8s/<img src=x onerror=alert(1)>.yaml', text: deployment(99).replace('app-99', '"<script>alert(2)</script>"') },
  { path: 'deploy/staging/worker.yaml', text: deployment(50) },
];
const { report, files: linted } = lint({ files });
const html = formatHtml(report, { sources: new Map(linted.map((f) => [f.path, f.text])) });

describe.skipIf(!HAS_CHROMIUM)('html report in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let url: string;
  let dir: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rl-html-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, html);
    url = pathToFileURL(file).href;
    browser = await openBrowser();
    page = await browser.context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(url);
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is large enough to need the overview: findings are folded', () => {
    expect(report.findings.length).toBeGreaterThan(100);
    expect(html).not.toMatch(/<details class="file"[^>]* open>/);
  });

  it('shows the summary and the index of files with findings on the first screen', async () => {
    const viewport = page.viewportSize()!;
    const box = async (selector: string) => (await page.locator(selector).first().boundingBox())!;
    const counts = await box('#overview .counts');
    expect(counts.y + counts.height).toBeLessThanOrEqual(viewport.height);
    await expect(page.locator('#overview .counts').innerText()).resolves.toMatch(/\d+ errors\s+\d+ warnings\s+\d+ notes/);
    const firstRow = await box('#overview .index tbody tr');
    expect(firstRow.y + firstRow.height).toBeLessThanOrEqual(viewport.height);
    // the index links into each file's folded findings
    // nothing wider than the window
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
  });

  it('unfolds a file and shows its findings when its link in the index is followed', async () => {
    const link = page.locator('#overview .index tbody tr a').nth(1);
    const target = (await link.getAttribute('href'))!;
    const file = page.locator('details.file', { has: page.locator(target) });
    await expect(file.evaluate((d) => (d as unknown as { open: boolean }).open)).resolves.toBe(false);
    await link.click();
    await expect(file.evaluate((d) => (d as unknown as { open: boolean }).open)).resolves.toBe(true);
    await expect(file.locator('article.finding').first().isVisible()).resolves.toBe(true);
    expect(await file.locator('summary').textContent()).toContain(await link.textContent());
    await file.locator('summary').click(); // fold it again for the tests below
    await page.evaluate('window.scrollTo(0, 0)');
  });

  it('unfolds a file when its summary is clicked', async () => {
    const file = page.locator('details.file').first();
    const firstFinding = file.locator('article.finding').first();
    await expect(firstFinding.isVisible()).resolves.toBe(false);
    await file.locator('summary').click();
    await expect(firstFinding.isVisible()).resolves.toBe(true);
    await expect(file.locator('pre').first().isVisible()).resolves.toBe(true);
    await file.locator('summary').click();
    await expect(firstFinding.isVisible()).resolves.toBe(false);
  });

  it('filters findings by severity, category and environment with checkboxes, no script', async () => {
    expect(await page.evaluate('document.scripts.length')).toBe(0);
    const file = page.locator('details.file', { hasText: 'k8s/app-00.yaml' });
    await file.locator('summary').click();
    const errors = file.locator('article.finding.error');
    const warnings = file.locator('article.finding.warning');
    await expect(errors.first().isVisible()).resolves.toBe(true);
    await expect(warnings.first().isVisible()).resolves.toBe(true);

    const toggle = (group: string, value: string) => page.locator(`#overview fieldset:has(legend:text-is("show ${group}")) label:has-text("${value}") input`);
    await toggle('severity', 'error').uncheck();
    await expect(errors.first().isVisible()).resolves.toBe(false);
    await expect(warnings.first().isVisible()).resolves.toBe(true);
    await toggle('severity', 'error').check();
    await expect(errors.first().isVisible()).resolves.toBe(true);

    const security = file.locator('article.finding', { hasText: 'API_TOKEN' }).first();
    await expect(security.isVisible()).resolves.toBe(true);
    await toggle('category', 'security').uncheck();
    await expect(security.isVisible()).resolves.toBe(false);
    await toggle('category', 'security').check();

    await toggle('environment', 'production').uncheck();
    await expect(errors.first().isVisible()).resolves.toBe(false);
    const staging = page.locator('details.file', { hasText: 'deploy/staging/worker.yaml' });
    await staging.locator('summary').click();
    await expect(staging.locator('article.finding').first().isVisible()).resolves.toBe(true);
    await toggle('environment', 'production').check();
    await expect(errors.first().isVisible()).resolves.toBe(true);
  });

  it('renders message markup as code, report text as text', async () => {
    const code = page.locator('article.finding p code', { hasText: 'nginx:latest' }).first();
    await expect(code.count()).resolves.toBe(1);
    // the hostile file name is shown, not run: no image, no script element
    expect(await page.locator('img').count()).toBe(0);
    await expect(page.locator('summary code', { hasText: '<img src=x onerror=alert(1)>' }).count()).resolves.toBe(1);
  });

  it('logs no error and requests nothing but the page itself', () => {
    expect(consoleErrors).toEqual([]);
    expect(browser.requests.filter((r) => r !== url)).toEqual([]);
  });
});
