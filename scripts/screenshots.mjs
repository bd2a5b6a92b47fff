// `npm run screenshots`: PNGs of the text output, the HTML report and the pull-request comment on
// fixtures/demo, saved in docs/screenshots/ for the README. The outputs come from the linter's own
// code (scripts/screenshots-lib.ts, bundled with esbuild); the text output's ANSI colours and the
// comment's markdown (through markdown-it, as GitHub renders it) become small HTML pages, and
// headless Chromium (Debian's package, offline, fresh profile) takes the pictures.
import MarkdownIt from 'markdown-it';
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runTypeScript } from './run-ts.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..');
const out = join(repo, 'docs', 'screenshots');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  console.error(`screenshots: no Chromium at ${chromiumPath}; install it (apt-get install chromium) or set CHROMIUM_PATH`);
  process.exit(1);
}

/** The comment's severity icons (🔴 🟠 🔵) as coloured dots: headless machines seldom have an emoji font. */
function emojiDots(html) {
  const colours = { '🔴': '#cf222e', '🟠': '#e16f24', '🔵': '#0969da' };
  return html.replace(/🔴|🟠|🔵/gu, (icon) => `<span class="dot" style="background:${colours[icon]}"></span>`);
}

function page(title, style, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${escape(title)}</title><style>${style}</style></head><body>${body}</body></html>`;
}

function escape(s) {
  return s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]);
}

/** The first findings and the closing summary; what is left out between them is said. */
function terminalExcerpt(ansi) {
  const lines = ansi.replace(/\n$/, '').split('\n');
  const plain = (l) => l.replace(/\x1b\[[0-9;]*m/g, '');
  const summary = lines.findIndex((l) => /^Score \d/.test(plain(l)));
  const head = lines.slice(0, 30);
  const tail = summary >= 0 ? lines.slice(summary) : lines.slice(-8);
  const skipped = lines.length - head.length - tail.length;
  const gap = skipped > 0 ? [`\x1b[2m⋮ ${skipped} more lines (findings in other files, the checklist)\x1b[22m`, ''] : [];
  return ansiToHtml([...head, ...gap, ...tail].join('\n'));
}

const FG = {
  30: '#6e7681',
  31: '#ff7b72',
  32: '#3fb950',
  33: '#d29922',
  34: '#58a6ff',
  35: '#bc8cff',
  36: '#39c5cf',
  37: '#e6edf3',
  90: '#8b949e',
  91: '#ffa198',
  92: '#56d364',
  93: '#e3b341',
  94: '#79c0ff',
  95: '#d2a8ff',
  96: '#56d4dd',
  97: '#ffffff',
};

/** SGR colours, bold, dim, italic and underline as spans; everything else escaped. */
function ansiToHtml(text) {
  const state = { fg: undefined, bold: false, dim: false, italic: false, underline: false };
  let html = '';
  let open = false;
  for (const part of text.split(/(\x1b\[[0-9;]*m)/)) {
    const sgr = /^\x1b\[([0-9;]*)m$/.exec(part);
    if (!sgr) {
      html += escape(part);
      continue;
    }
    for (const code of (sgr[1] || '0').split(';').map(Number)) {
      if (code === 0) Object.assign(state, { fg: undefined, bold: false, dim: false, italic: false, underline: false });
      else if (code === 1) state.bold = true;
      else if (code === 2) state.dim = true;
      else if (code === 22) state.bold = state.dim = false;
      else if (code === 3) state.italic = true;
      else if (code === 23) state.italic = false;
      else if (code === 4) state.underline = true;
      else if (code === 24) state.underline = false;
      else if (code === 39) state.fg = undefined;
      else if (FG[code]) state.fg = FG[code];
    }
    if (open) html += '</span>';
    const css = [
      state.fg && `color:${state.fg}`,
      state.bold && 'font-weight:700',
      state.dim && 'opacity:.6',
      state.italic && 'font-style:italic',
      state.underline && 'text-decoration:underline',
    ]
      .filter(Boolean)
      .join(';');
    open = css !== '';
    if (open) html += `<span style="${css}">`;
  }
  return html + (open ? '</span>' : '');
}

const TERMINAL_STYLE = `
body{margin:0;background:#010409;padding:16px}
.terminal{margin:0;padding:16px 20px;background:#0d1117;color:#e6edf3;border-radius:8px;border:1px solid #30363d;font:13px/1.45 "DejaVu Sans Mono",ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;overflow-wrap:anywhere}
.prompt{color:#3fb950;font-weight:700}
`;

const GITHUB_STYLE = `
body{margin:0;background:#f6f8fa;padding:24px;font:14px/1.5 -apple-system,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;color:#1f2328}
.comment{max-width:900px;margin:0 auto;background:#fff;border:1px solid #d1d9e0;border-radius:6px}
.head{padding:8px 16px;background:#f6f8fa;border-bottom:1px solid #d1d9e0;border-radius:6px 6px 0 0;color:#59636e}.head strong{color:#1f2328}
.markdown-body{padding:16px}
.markdown-body h2{font-size:1.5em;border-bottom:1px solid #d1d9e0;padding-bottom:.3em;margin:0 0 16px}.markdown-body h3{font-size:1.25em;margin:24px 0 16px}
.markdown-body table{border-collapse:collapse;margin:0 0 16px;display:block;overflow:auto}.markdown-body th,.markdown-body td{border:1px solid #d1d9e0;padding:6px 13px}.markdown-body tr:nth-child(2n){background:#f6f8fa}
.markdown-body code{font:85% ui-monospace,"DejaVu Sans Mono",Menlo,monospace;background:#eff1f3;padding:.2em .4em;border-radius:6px}
.markdown-body a{color:#0969da;text-decoration:none}.markdown-body ul{padding-left:2em}.markdown-body p,.markdown-body ul{margin:0 0 12px}
.markdown-body sub{color:#59636e}.dot{display:inline-block;width:.8em;height:.8em;border-radius:50%;vertical-align:-.05em}.markdown-body details{margin:0 0 12px}.markdown-body summary{cursor:pointer}
`;

await main();

async function main() {
  const cache = join(repo, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, 'rl-screenshots-'));
  const profile = mkdtempSync(join(tmpdir(), 'rl-chromium-'));
  try {
    const outputs = await runTypeScript('screenshots-lib', ({ demoOutputs }) => demoOutputs(join(repo, 'fixtures', 'demo')));

    const pages = {
      text: page('readiness-lint in a terminal', TERMINAL_STYLE, `<pre class="terminal"><span class="prompt">$ readiness-lint</span>\n${terminalExcerpt(outputs.text)}</pre>`),
      'html-report': outputs.html,
      'pr-comment': page(
        'readiness-lint pull-request comment',
        GITHUB_STYLE,
        `<div class="comment"><div class="head"><strong>github-actions</strong> <span>bot commented</span></div><div class="markdown-body">${emojiDots(new MarkdownIt({ html: true }).render(outputs.prComment))}</div></div>`,
      ),
    };
    mkdirSync(out, { recursive: true });
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ];
    const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args, viewport: { width: 1280, height: 800 } });
    await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    try {
      for (const [name, html] of Object.entries(pages)) {
        const file = join(work, `${name}.html`);
        writeFileSync(file, html);
        const tab = await context.newPage();
        await tab.goto(pathToFileURL(file).href);
        if (name === 'html-report') {
          // the first screen as a reader sees it, with the worst file unfolded below the index
          await tab.setViewportSize({ width: 1280, height: 1200 });
          await tab.locator('#overview .index tbody tr a').first().click(); // following the link unfolds the file
          await tab.evaluate('window.scrollTo(0, 0)');
          await tab.screenshot({ path: join(out, `${name}.png`) });
        } else {
          await tab.screenshot({ path: join(out, `${name}.png`), fullPage: true });
        }
        await tab.close();
        console.log(`docs/screenshots/${name}.png`);
      }
    } finally {
      await context.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}
