// An unreadable file is a notice and a file-not-judged finding, and the run goes on. Tests run as root (chmod cannot make a
// file unreadable), so the read error is injected through discover()'s readFile option.
import { readFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { discover } from '../../src/discovery/index.js';
import { lint } from '../../src/engine/lint.js';
import { DEPLOYMENT, tree } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('unreadable files', () => {
  it('are listed with the error as a notice and a file-not-judged finding; every other file is linted', async () => {
    const dir = tree({ 'k8s/a.yaml': DEPLOYMENT, 'k8s/locked.yaml': DEPLOYMENT, Dockerfile: 'FROM node:latest\n', '.env': 'DEBUG=true\n' });
    dirs.push(dir);
    const failing = (code: string) => async (p: string) => {
      if (p.endsWith('locked.yaml') || p.endsWith('.env')) throw Object.assign(new Error(`${code}: simulated`), { code });
      return readFile(p);
    };
    for (const code of ['EACCES', 'EIO']) {
      const d = await discover(['.'], { cwd: dir, readFile: failing(code) });
      expect(d.files.map((f) => f.path).sort()).toEqual(['Dockerfile', 'k8s/a.yaml']);
      expect(d.skipped).toEqual([
        { path: '.env', reason: `unreadable (${code})` },
        { path: 'k8s/locked.yaml', reason: `unreadable (${code})` },
      ]);
      const { report } = lint({ files: d.files, skipped: d.skipped });
      expect(report.notices).toContain(`skipped k8s/locked.yaml: unreadable (${code})`);
      expect(report.files.find((f) => f.path === 'k8s/locked.yaml')!.skipped).toBe(`unreadable (${code})`);
      expect(report.findings.some((f) => f.file === 'k8s/a.yaml')).toBe(true);
      expect(report.findings.some((f) => f.file === 'Dockerfile')).toBe(true);
      expect(report.findings.filter((f) => f.ruleId === 'file-not-judged').map((f) => [f.file, f.severity, f.message])).toEqual([
        ['.env', 'error', `Not judged: unreadable (${code}); a deployment artifact that no rule has read cannot pass the gate`],
        ['k8s/locked.yaml', 'error', `Not judged: unreadable (${code}); a deployment artifact that no rule has read cannot pass the gate`],
      ]);
    }
  });
});
