import { describe, expect, it } from 'vitest';
import { loadChart, memoryFileSystem } from '../../../src/helm/chart/load.js';
import { renderChart } from '../../../src/helm/render/engine.js';

function render(template: string, extra: Record<string, string> = {}) {
  const fs = memoryFileSystem([
    { path: 'c/Chart.yaml', text: 'apiVersion: v2\nname: c\nversion: 1.0.0\nappVersion: "2.1"\ndependencies:\n- name: sub\n  version: 0.1.0\n' },
    { path: 'c/values.yaml', text: 'x: 1\n' },
    { path: 'c/files/a.conf', text: 'a=1\nb=2\n' },
    { path: 'c/files/b.conf', text: 'b' },
    { path: 'c/charts/sub/Chart.yaml', text: 'apiVersion: v2\nname: sub\nversion: 0.1.0\n' },
    { path: 'c/charts/sub/values.yaml', text: 'yy: 2\n' },
    { path: 'c/templates/t.yaml', text: template },
    ...Object.entries(extra).map(([path, text]) => ({ path, text })),
  ]);
  const r = renderChart(loadChart('c', { fs }), { releaseName: 'rl', namespace: 'ns', validateYaml: false });
  if (r.error) throw new Error(r.error.message);
  return r.files.get('c/templates/t.yaml')!.text;
}

describe('built-in objects', () => {
  it('.Release, .Chart, .Template', () => {
    expect(render('{{ .Release.Name }} {{ .Release.Namespace }} {{ .Release.IsInstall }} {{ .Release.IsUpgrade }} {{ .Release.Revision }} {{ .Release.Service }}')).toBe(
      'rl ns true false 1 Helm',
    );
    expect(render('{{ .Chart.Name }} {{ .Chart.Version }} {{ .Chart.AppVersion }} {{ .Chart.IsRoot }}')).toBe('c 1.0.0 2.1 true');
    expect(render('{{ .Template.Name }} {{ .Template.BasePath }}')).toBe('c/templates/t.yaml c/templates');
    expect(render('{{ toJson .Chart }}')).toBe(
      '{"name":"c","version":"1.0.0","apiVersion":"v2","appVersion":"2.1","dependencies":[{"name":"sub","version":"0.1.0","repository":"","enabled":true}],"IsRoot":true}',
    );
  });
  it('.Capabilities defaults of helm v4.1.4', () => {
    expect(render('{{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.Major }} {{ .Capabilities.KubeVersion.Minor }}')).toBe('v1.35.0 1 35');
    expect(render('{{ .Capabilities.KubeVersion }}')).toBe('v1.35.0');
    expect(render('{{ .Capabilities.APIVersions.Has "policy/v1" }} {{ .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }}')).toBe('true false');
    expect(render('{{ semverCompare ">=1.21-0" .Capabilities.KubeVersion.GitVersion }}')).toBe('true');
  });
  it('.Files', () => {
    expect(render('{{ .Files.Get "files/b.conf" }}|{{ .Files.Get "nope" }}')).toBe('b|');
    expect(render('{{ range .Files.Lines "files/a.conf" }}[{{ . }}]{{ end }}')).toBe('[a=1][b=2]');
    expect(render('{{ if .Files.Glob "files/*.conf" }}yes{{ end }}{{ if .Files.Glob "none/*" }}no{{ end }}')).toBe('yes');
    expect(render('{{ range $p, $_ := .Files.Glob "files/*" }}{{ $p }};{{ end }}')).toBe('files/a.conf;files/b.conf;');
  });
  it('subchart values and .Subcharts', () => {
    expect(render('{{ .Values.x }} {{ .Values.sub.yy }} {{ .Subcharts.sub.Values.yy }} {{ .Subcharts.sub.Chart.IsRoot }}')).toBe('1 2 2 false');
  });
  it('include, tpl, lookup, <no value>', () => {
    expect(
      render(
        '{{ define "n" }}[{{ . }}]{{ end }}{{ include "n" "a" | upper }} {{ tpl "{{ .Values.x }}-{{ .Release.Name }}" . }} {{ len (lookup "v1" "Pod" "ns" "x") }} "{{ .Values.missing }}"',
      ),
    ).toBe('[A] 1-rl 0 ""');
    expect(render('{{ tpl "" . }}|{{ tpl "  " . }}|{{ tpl "{{ define \\"z\\" }}Z{{ end }}{{ include \\"z\\" . }}" . }}')).toBe('|  |Z');
  });
});
