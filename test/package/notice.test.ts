// NOTICE names every npm package whose code the published bundles hold (from esbuild's metafile
// of the same entry points), with its licence and copyright line: a dependency added to the
// bundle without its notice fails here. `npm run build` rewrites the list (scripts/notice.mjs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledPackages, MARKER, renderSection, withSection } from '../../scripts/notice.mjs';
import { REPO } from '../helpers/fixtures.js';

const notice = readFileSync(join(REPO, 'NOTICE'), 'utf8');

describe('NOTICE', () => {
  it('lists every bundled npm package with its licence and copyright, and is current', { timeout: 120_000 }, async () => {
    const packages = await bundledPackages();
    const listed = notice.slice(notice.indexOf(MARKER));
    expect(notice.indexOf(MARKER)).toBeGreaterThan(0);
    const missing = packages.filter((p) => !listed.includes(`\n- ${p.name} ${p.version} (${p.license}): `)).map((p) => p.name);
    expect(missing, 'bundled packages NOTICE does not name: run `node scripts/notice.mjs`').toEqual([]);
    // the TOML parsers and every licence are there, each with a copyright line
    expect(packages.map((p) => p.name)).toEqual(expect.arrayContaining(['smol-toml', 'toml-eslint-parser', 'yaml', 'ajv']));
    for (const p of packages) expect(p.copyright, p.name).toMatch(/^Copyright /);
    expect(withSection(notice, renderSection(packages))).toBe(notice);
  });

  it('keeps the hand-written part and replaces only the generated list', () => {
    const section = renderSection([{ name: 'left-pad', version: '1.3.0', license: 'WTFPL', copyright: 'Copyright Azer', bundles: ['CLI'] }]);
    const next = withSection(notice, section);
    expect(next.startsWith(notice.slice(0, notice.indexOf(MARKER)))).toBe(true);
    expect(next).toContain('Masterminds/sprig');
    expect(next.endsWith('- left-pad 1.3.0 (WTFPL): Copyright Azer [CLI]\n')).toBe(true);
    expect(next).not.toContain('- yaml ');
  });
});
