// Methods on map- and slice-typed values: Helm's .Files / .Files.Glob (engine.files, a map[string][]byte
// with methods) and .Capabilities.APIVersions (common.VersionSet, a []string with Has), plus
// .Capabilities.KubeVersion. Every expected output was printed by the real helm v4.1.4 (`helm template rl`)
// for the same chart (see HELM_CASES; a KUBE_VERSION case ran with --kube-version 1.28.0-rc.1).
import { describe, expect, it } from 'vitest';
import { loadChart, memoryFileSystem } from '../../../src/helm/chart/load.js';
import { renderChart } from '../../../src/helm/render/engine.js';

export const CHART_FILES: Record<string, string> = {
  'files/a.conf': 'a=1\nb=2\n',
  'files/b.conf': 'b',
  'files/sub/d.yaml': 'deep: "yes"\n',
  'conf/app.yaml': 'k: v\n',
  'conf/empty.txt': '',
};

export const KUBE_VERSION = '1.28.0-rc.1';

/** [name, template, helm's output, --kube-version] */
export const HELM_CASES: [string, string, string, string?][] = [
  ['Glob.AsConfig', '{{ (.Files.Glob "files/*").AsConfig }}', 'a.conf: |\n  a=1\n  b=2\nb.conf: b'],
  ['Glob.AsSecrets', '{{ (.Files.Glob "files/**").AsSecrets }}', 'a.conf: YT0xCmI9Mgo=\nb.conf: Yg==\nd.yaml: ZGVlcDogInllcyIK'],
  ['AsConfig in a ConfigMap', 'data:\n{{ (.Files.Glob "conf/*").AsConfig | indent 2 }}', 'data:\n  app.yaml: |\n    k: v\n  empty.txt: ""'],
  ['empty Glob', '{{ (.Files.Glob "none/*").AsConfig }}|{{ (.Files.Glob "none/*").AsSecrets }}|{{ len (.Files.Glob "none/*") }}', '{}|{}|0'],
  ['len', '{{ .Files.Glob "files/*" | len }} {{ len .Files }}', '2 5'],
  ['truthiness', '{{ if .Files.Glob "none/*" }}yes{{ else }}no{{ end }} {{ if .Files.Glob "files/*" }}yes{{ end }}', 'no yes'],
  ['range (values are []byte)', '{{ range $path, $b := .Files.Glob "files/*" }}{{ $path }}={{ $b }};{{ end }}', 'files/a.conf=[97 61 49 10 98 61 50 10];files/b.conf=[98];'],
  ['range with $.Files.Get', '{{ range $p, $_ := .Files.Glob "conf/*" }}{{ $p }}:{{ $.Files.Get $p | quote }} {{ end }}', 'conf/app.yaml:"k: v\\n" conf/empty.txt:"" '],
  ['range .Files', '{{ range $k, $v := .Files }}{{ $k }} {{ end }}', 'conf/app.yaml conf/empty.txt files/a.conf files/b.conf files/sub/d.yaml '],
  [
    'methods of a Glob result',
    '{{ (.Files.Glob "files/*").Get "files/b.conf" }} {{ (.Files.Glob "files/*").Lines "files/a.conf" }} {{ (.Files.Glob "files/*").GetBytes "files/b.conf" }} {{ ((.Files.Glob "files/**").Glob "files/sub/*").AsConfig }}',
    'b [a=1 b=2] [98] d.yaml: |\n  deep: "yes"',
  ],
  [
    'printing and types',
    '{{ .Files.Glob "files/*" }} {{ printf "%T %T" (.Files.Glob "files/*") .Files }} {{ kindOf .Files }} {{ typeOf .Files }}',
    'map[files/a.conf:[97 61 49 10 98 61 50 10] files/b.conf:[98]] engine.files engine.files map engine.files',
  ],
  [
    'index and missing keys',
    '{{ index (.Files.Glob "files/*") "files/b.conf" }} {{ index .Files "nope" }} {{ (.Files.Glob "files/*").nokey }} {{ .Files.GetBytes "nope" }}',
    '[98] [] [] []',
  ],
  [
    'toJson / toYaml ([]byte as base64)',
    '{{ toJson (.Files.Glob "files/*") }} {{ toYaml (.Files.Glob "files/*") }} {{ toJson (.Files.GetBytes "files/b.conf") }}',
    '{"files/a.conf":"YT0xCmI9Mgo=","files/b.conf":"Yg=="} files/a.conf: YT0xCmI9Mgo=\nfiles/b.conf: Yg== "Yg=="',
  ],
  ['a Glob pattern that does not compile matches everything', '{{ (.Files.Glob "[").AsConfig | len }}', '88'],
  ['range APIVersions', '{{ range .Capabilities.APIVersions }}{{ if hasPrefix "apps/" . }}{{ . }},{{ end }}{{ end }}', 'apps/v1,apps/v1beta1,apps/v1beta2,'],
  [
    'range APIVersions with index',
    '{{ range $i, $v := .Capabilities.APIVersions }}{{ if lt $i 2 }}{{ $i }}={{ $v }} {{ end }}{{ end }}',
    '0=v1 1=admissionregistration.k8s.io/v1 ',
  ],
  [
    'APIVersions.Has, len, index',
    '{{ .Capabilities.APIVersions.Has "apps/v1" }} {{ .Capabilities.APIVersions.Has "apps/v9" }} {{ len .Capabilities.APIVersions }} {{ index .Capabilities.APIVersions 1 }}',
    'true false 57 admissionregistration.k8s.io/v1',
  ],
  [
    'APIVersions type',
    '{{ printf "%T" .Capabilities.APIVersions }} {{ kindOf .Capabilities.APIVersions }} {{ has "policy/v1" .Capabilities.APIVersions }}',
    'common.VersionSet slice true',
  ],
  [
    'APIVersions with slice, join, toJson',
    '{{ join "," (slice .Capabilities.APIVersions 0 3) }} {{ toJson (slice .Capabilities.APIVersions 0 2) }} {{ printf "%T" (slice .Capabilities.APIVersions 0 2) }} {{ (slice .Capabilities.APIVersions 0 2).Has "v1" }}',
    'v1,admissionregistration.k8s.io/v1,admissionregistration.k8s.io/v1alpha1 ["v1","admissionregistration.k8s.io/v1"] common.VersionSet true',
  ],
  ['the default APIVersions, in order', '{{ toJson .Capabilities.APIVersions | sha256sum }}', 'cfb500b8710f16a3df3501cb7254bcb025ddf83dd7ab1efaa1990e9b9c705f81'],
  [
    'KubeVersion (default)',
    '{{ .Capabilities.KubeVersion }} {{ printf "%v %T" .Capabilities.KubeVersion .Capabilities }} {{ toJson .Capabilities.HelmVersion }}',
    'v1.35.0 {v1.35.0 v1.35.0 1 35} *common.Capabilities {"version":"v4.1.4","git_commit":"05fa37973dc9e42b76e1d2883494c87174b6074f","git_tree_state":"clean","go_version":"go1.25.9","kube_client_version":"v1.35"}',
  ],
  [
    'KubeVersion (--kube-version 1.28.0-rc.1)',
    '{{ .Capabilities.KubeVersion }} | {{ printf "%v" .Capabilities.KubeVersion }} | {{ .Capabilities.KubeVersion.GitVersion }} | {{ .Capabilities.KubeVersion.Version }} | {{ .Capabilities.KubeVersion.Major }}.{{ .Capabilities.KubeVersion.Minor }} | {{ toJson .Capabilities.KubeVersion }} | {{ toString .Capabilities.KubeVersion }}',
    'v1.28.0 | {v1.28.0-rc.1 v1.28.0 1 28} | v1.28.0-rc.1 | v1.28.0-rc.1 | 1.28 | {"Version":"v1.28.0-rc.1","Major":"1","Minor":"28"} | {v1.28.0-rc.1 v1.28.0 1 28}',
    KUBE_VERSION,
  ],
];

function render(template: string, kubeVersion?: string): string {
  const fs = memoryFileSystem([
    { path: 'c/Chart.yaml', text: 'apiVersion: v2\nname: c\nversion: 1.0.0\n' },
    { path: 'c/values.yaml', text: '' },
    ...Object.entries(CHART_FILES).map(([path, text]) => ({ path: `c/${path}`, text })),
    { path: 'c/templates/t.yaml', text: template },
  ]);
  const r = renderChart(loadChart('c', { fs }), { releaseName: 'rl', namespace: 'default', validateYaml: false, ...(kubeVersion ? { kubeVersion } : {}) });
  if (r.error) throw new Error(r.error.message);
  return r.files.get('c/templates/t.yaml')!.text;
}

describe('methods on map- and slice-typed values (helm v4.1.4 outputs)', () => {
  for (const [name, template, expected, kubeVersion] of HELM_CASES) {
    it(name, () => {
      expect(render(template, kubeVersion)).toBe(expected);
    });
  }
  it('Go errors: unexported fields, methods with wrong arguments', () => {
    expect(() => render('{{ .Capabilities.KubeVersion.normalizedVersion }}')).toThrow('normalizedVersion is an unexported field of struct type common.KubeVersion');
    expect(() => render('{{ .Capabilities.APIVersions.Has 1 }}')).toThrow('expected string; found 1');
    expect(() => render('{{ .Capabilities.APIVersions.Nope }}')).toThrow("can't evaluate field Nope in type common.VersionSet");
  });
});
