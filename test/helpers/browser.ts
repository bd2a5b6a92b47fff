// Headless Chromium for tests and scripts that look at a page: Debian's package (apt-get install
// chromium), driven by playwright-core, offline (no network, no first-run or background calls) and
// with a fresh profile. Tests that need it skip, with a visible line, where it is not installed.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Call once per test file that skips: says why on the console. */
export function noteBrowserSkip(what: string): void {
  if (!HAS_CHROMIUM) console.warn(`[browser] no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH): skipping ${what}`);
}

export interface Browser {
  context: BrowserContext;
  /** Every request the pages made (the page's own file included); others were refused. */
  requests: string[];
  close(): Promise<void>;
}

/** A browser with a fresh profile whose every non-file request is recorded and refused. */
export async function openBrowser(viewport = { width: 1280, height: 800 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'rl-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: ARGS, viewport });
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  return {
    context,
    requests,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
