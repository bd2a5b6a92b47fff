// The in-process Helm renderer is a sandbox: a chart's templates see the chart and its values, never
// the machine. `env` and `expandenv` used to be defined (returning ""), though Helm deletes them from
// Sprig's map; now, as with helm 4, a template using them fails to parse with helm's message
// ("parse error at (chart/templates/x.yaml:6): function "env" not defined"). No other function reads
// the process environment, a file outside the chart or the network: .Files only holds the chart's
// own files, getHostByName and lookup answer without asking anyone.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { memoryFileSystem } from '../../src/helm/chart/load.js';
import { renderChartDocuments } from '../../src/parsers/helm-documents.js';
import { REPO } from '../helpers/fixtures.js';
import { DEPLOYMENT } from '../hostile/helpers.js';

const CANARY = 'canary-value-' + 'x7q2w9';

function lintChart(templates: Record<string, string>) {
  const files = [
    { path: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: sandbox\nversion: 0.1.0\n' },
    { path: 'chart/values.yaml', text: 'name: app\n' },
    { path: 'chart/files/own.txt', text: 'own file\n' },
    ...Object.entries(templates).map(([name, text]) => ({ path: `chart/templates/${name}`, text })),
    { path: 'k8s/web.yaml', text: DEPLOYMENT },
  ];
  return lint({ files }).report;
}

afterEach(() => {
  delete process.env.RL_SANDBOX_CANARY;
});

describe('Helm templates cannot reach the machine', () => {
  it("env and expandenv are not defined: a parse error with helm 4's message, at the call", () => {
    process.env.RL_SANDBOX_CANARY = CANARY;
    for (const [fn, arg] of [
      ['env', '"RL_SANDBOX_CANARY"'],
      ['expandenv', '"$RL_SANDBOX_CANARY"'],
    ] as const) {
      const report = lintChart({ 'cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  v: {{ ${fn} ${arg} | quote }}\n` });
      const errors = report.findings.filter((f) => f.ruleId === 'helm-render-error');
      expect(errors.map((f) => f.message)).toEqual([`parse error at (sandbox/templates/cm.yaml:6): function "${fn}" not defined`]);
      expect(errors[0]!.file).toBe('chart/templates/cm.yaml');
      expect(errors[0]!.range.start.line).toBe(6);
      expect(JSON.stringify(report)).not.toContain(CANARY);
      // the rest of the run goes on
      expect(report.findings.some((f) => f.file === 'k8s/web.yaml')).toBe(true);
    }
  });

  it(".Files holds only the chart's own files; getHostByName and lookup answer without asking anyone", () => {
    const template = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: probe',
      'data:',
      '  own: {{ .Files.Get "files/own.txt" | quote }}',
      '  up: {{ .Files.Get "../k8s/web.yaml" | quote }}',
      '  abs: {{ .Files.Get "/etc/hostname" | quote }}',
      '  passwd: {{ .Files.Get "../../../../../../etc/passwd" | quote }}',
      '  glob: "{{ range $name, $_ := .Files.Glob "**" }}{{ $name }},{{ end }}"',
      '  host: {{ getHostByName "localhost" | quote }}',
      '  lookup: {{ lookup "v1" "Secret" "kube-system" "" | toJson | quote }}',
      '',
    ].join('\n');
    const fs = memoryFileSystem([
      { path: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: sandbox\nversion: 0.1.0\n' },
      { path: 'chart/files/own.txt', text: 'own file\n' },
      { path: 'chart/templates/cm.yaml', text: template },
      { path: 'k8s/web.yaml', text: DEPLOYMENT },
    ]);
    const { documents, diagnostics } = renderChartDocuments({ chart: 'chart', fs });
    expect(diagnostics).toEqual([]);
    expect(documents.map((d) => d.data)).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'probe' },
        data: { own: 'own file\n', up: '', abs: '', passwd: '', glob: 'files/own.txt,', host: '', lookup: '{}' },
      },
    ]);
  });

  it('no renderer module reads the process environment, opens a socket or resolves a name', () => {
    // exact mode (engine/stages/helm-binary.ts, outside src/helm) runs the user's --helm-binary with a
    // PATH only; chart loading reads the linted tree through the lint's own file list. Everything
    // else is pure computation.
    const allowed = new Set<string>();
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts')) {
          const rel = relative(REPO, p).split('\\').join('/');
          const text = readFileSync(p, 'utf8');
          if (allowed.has(rel)) continue;
          if (/process\.env|node:(?:net|http|https|dns|child_process|tls|dgram)|\bfetch\(|XMLHttpRequest|WebSocket/.test(text)) offenders.push(rel);
        }
      }
    };
    walk(join(REPO, 'src', 'helm'));
    expect(offenders).toEqual([]);
  });
});
