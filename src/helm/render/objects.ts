// Helm's built-in objects: .Chart (chart.Metadata + IsRoot), .Capabilities (helm v4.1.4 defaults),
// .Release (a map), .Files (a map of file bytes with methods), .Template.

import { GoInt, GoStruct, isMap, newMap, typedSlice, type GoMap, type GoValue } from '../value.js';
import type { Chart, ChartFile } from '../chart/types.js';
import { compileGlob } from '../chart/glob.js';
import { toYamlText } from './yaml.js';

export const DEFAULT_KUBE_VERSION = 'v1.35.0';

/** helm v4.1.4's default .Capabilities.APIVersions (client-go v0.35 scheme, group/version only). */
export const DEFAULT_API_VERSIONS: readonly string[] = [
  'v1',
  'admissionregistration.k8s.io/v1',
  'admissionregistration.k8s.io/v1alpha1',
  'admissionregistration.k8s.io/v1beta1',
  'internal.apiserver.k8s.io/v1alpha1',
  'apps/v1',
  'apps/v1beta1',
  'apps/v1beta2',
  'authentication.k8s.io/v1',
  'authentication.k8s.io/v1alpha1',
  'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1',
  'authorization.k8s.io/v1beta1',
  'autoscaling/v1',
  'autoscaling/v2',
  'autoscaling/v2beta1',
  'autoscaling/v2beta2',
  'batch/v1',
  'batch/v1beta1',
  'certificates.k8s.io/v1',
  'certificates.k8s.io/v1alpha1',
  'certificates.k8s.io/v1beta1',
  'coordination.k8s.io/v1',
  'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1',
  'discovery.k8s.io/v1',
  'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1',
  'events.k8s.io/v1beta1',
  'extensions/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3',
  'networking.k8s.io/v1',
  'networking.k8s.io/v1beta1',
  'node.k8s.io/v1',
  'node.k8s.io/v1alpha1',
  'node.k8s.io/v1beta1',
  'policy/v1',
  'policy/v1beta1',
  'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1alpha1',
  'rbac.authorization.k8s.io/v1beta1',
  'resource.k8s.io/v1',
  'resource.k8s.io/v1alpha3',
  'resource.k8s.io/v1beta1',
  'resource.k8s.io/v1beta2',
  'scheduling.k8s.io/v1',
  'scheduling.k8s.io/v1alpha1',
  'scheduling.k8s.io/v1beta1',
  'storage.k8s.io/v1',
  'storage.k8s.io/v1alpha1',
  'storage.k8s.io/v1beta1',
  'storagemigration.k8s.io/v1alpha1',
  'apiextensions.k8s.io/v1',
  'apiextensions.k8s.io/v1beta1',
];

function strSlice(a: readonly string[]): GoValue[] {
  return typedSlice([...a], '[]string');
}

export class KubeVersion extends GoStruct {
  readonly goTypeName = 'common.KubeVersion';
  readonly Version: string;
  readonly Major: string;
  readonly Minor: string;
  readonly GitVersion: string;
  constructor(version: string) {
    super();
    const v = version.startsWith('v') ? version : `v${version}`;
    const m = /^v(\d+)\.(\d+)/.exec(v);
    this.Version = v;
    this.GitVersion = v;
    this.Major = m?.[1] ?? '1';
    this.Minor = m?.[2] ?? '0';
  }
  String(): string {
    return this.Version;
  }
  override toString(): string {
    return this.Version;
  }
}

/**
 * VersionSet: in Go a []string with a Has method. The template engine calls methods only on structs,
 * so it is a struct here (Has works; ranging over it does not).
 */
export class VersionSet extends GoStruct {
  readonly goTypeName = 'common.VersionSet';
  constructor(readonly versions: readonly string[]) {
    super();
  }
  Has(v: GoValue): boolean {
    return this.versions.includes(String(v));
  }
}

export function versionSet(versions: readonly string[]): VersionSet {
  return new VersionSet(versions);
}

export class HelmVersion extends GoStruct {
  readonly goTypeName = 'common.HelmVersion';
  readonly Version = 'v4.1.4';
  readonly GitCommit = '05fa37973dc9e42b76e1d2883494c87174b6074f';
  readonly GitTreeState = 'clean';
  readonly GoVersion = 'go1.25.9';
}

export class Capabilities extends GoStruct {
  readonly goTypeName = 'common.Capabilities';
  readonly KubeVersion: KubeVersion;
  readonly APIVersions: VersionSet;
  readonly HelmVersion = new HelmVersion();
  constructor(kubeVersion = DEFAULT_KUBE_VERSION, apiVersions: readonly string[] = DEFAULT_API_VERSIONS) {
    super();
    this.KubeVersion = new KubeVersion(kubeVersion);
    this.APIVersions = versionSet(apiVersions);
  }
}

/** Go's encoding/json of a struct field with `omitempty`: empty values are left out. */
function omitEmpty(pairs: [string, GoValue, boolean][]): GoMap {
  const m = newMap();
  for (const [k, v, omit] of pairs) {
    const empty = v === '' || v === false || v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (isMap(v) && Object.keys(v).length === 0);
    if (omit && empty) continue;
    m[k] = v;
  }
  return m;
}

class Maintainer extends GoStruct {
  readonly goTypeName = 'chart.Maintainer';
  constructor(
    readonly Name: string,
    readonly Email: string,
    readonly URL: string,
  ) {
    super();
  }
  toGoJSON(): GoMap {
    return omitEmpty([
      ['name', this.Name, true],
      ['email', this.Email, true],
      ['url', this.URL, true],
    ]);
  }
}

class Dependency extends GoStruct {
  readonly goTypeName = 'chart.Dependency';
  constructor(
    readonly Name: string,
    readonly Version: string,
    readonly Repository: string,
    readonly Condition: string,
    readonly Tags: GoValue[],
    readonly Enabled: boolean,
    readonly ImportValues: GoValue[],
    readonly Alias: string,
  ) {
    super();
  }
  toGoJSON(): GoMap {
    return omitEmpty([
      ['name', this.Name, false],
      ['version', this.Version, true],
      ['repository', this.Repository, false],
      ['condition', this.Condition, true],
      ['tags', this.Tags, true],
      ['enabled', this.Enabled, true],
      ['import-values', this.ImportValues, true],
      ['alias', this.Alias, true],
    ]);
  }
}

/** .Chart: chart.Metadata embedded with IsRoot. */
export class ChartObject extends GoStruct {
  readonly goTypeName = 'struct { chart.Metadata; IsRoot bool }';
  readonly Name: string;
  readonly Home: string;
  readonly Sources: GoValue[];
  readonly Version: string;
  readonly Description: string;
  readonly Keywords: GoValue[];
  readonly Maintainers: GoValue[];
  readonly Icon: string;
  readonly APIVersion: string;
  readonly Condition: string;
  readonly Tags: string;
  readonly AppVersion: string;
  readonly Deprecated: boolean;
  readonly Annotations: GoMap;
  readonly KubeVersion: string;
  readonly Dependencies: GoValue[];
  readonly Type: string;
  readonly IsRoot: boolean;
  constructor(chart: Chart) {
    super();
    const m = chart.metadata;
    this.Name = m.name;
    this.Home = m.home;
    this.Sources = strSlice(m.sources);
    this.Version = m.version;
    this.Description = m.description;
    this.Keywords = strSlice(m.keywords);
    this.Maintainers = typedSlice(
      m.maintainers.map((x) => new Maintainer(x.name, x.email, x.url)),
      '[]*chart.Maintainer',
    );
    this.Icon = m.icon;
    this.APIVersion = m.apiVersion;
    this.Condition = m.condition;
    this.Tags = m.tags;
    this.AppVersion = m.appVersion;
    this.Deprecated = m.deprecated;
    this.Annotations = newMap(Object.entries(m.annotations));
    this.KubeVersion = m.kubeVersion;
    this.Dependencies = typedSlice(
      m.dependencies.map(
        (d) => new Dependency(d.name, d.version, d.repository, d.condition, strSlice(d.tags), d.enabled, d.importValues as GoValue[], d.alias),
      ),
      '[]*chart.Dependency',
    );
    this.Type = m.type;
    this.IsRoot = chart.isRoot();
  }
  /** encoding/json of struct { chart.Metadata; IsRoot bool }: Metadata's json tags, then IsRoot. */
  toGoJSON(): GoMap {
    return omitEmpty([
      ['name', this.Name, true],
      ['home', this.Home, true],
      ['sources', this.Sources, true],
      ['version', this.Version, true],
      ['description', this.Description, true],
      ['keywords', this.Keywords, true],
      ['maintainers', this.Maintainers, true],
      ['icon', this.Icon, true],
      ['apiVersion', this.APIVersion, true],
      ['condition', this.Condition, true],
      ['tags', this.Tags, true],
      ['appVersion', this.AppVersion, true],
      ['deprecated', this.Deprecated, true],
      ['annotations', this.Annotations, true],
      ['kubeVersion', this.KubeVersion, true],
      ['dependencies', this.Dependencies, true],
      ['type', this.Type, true],
      ['IsRoot', this.IsRoot, false],
    ]);
  }
}

export interface ReleaseOptions {
  name: string;
  namespace: string;
  revision?: number;
  isUpgrade?: boolean;
}

export function releaseObject(o: ReleaseOptions): GoMap {
  return newMap([
    ['Name', o.name],
    ['Namespace', o.namespace],
    ['IsUpgrade', o.isUpgrade === true],
    ['IsInstall', o.isUpgrade !== true],
    ['Revision', new GoInt(BigInt(o.revision ?? 1), 'int')],
    ['Service', 'Helm'],
  ]);
}

function base(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/**
 * .Files: Helm's `files` (map[string][]byte) with methods Get, GetBytes, Glob, AsConfig, AsSecrets,
 * Lines. The engine calls methods only on structs, so .Files is a struct; Glob returns a Go map of
 * name → content (truthy only when non-empty, rangeable) that also carries the methods as
 * non-enumerable properties.
 */
export class FilesObject extends GoStruct {
  readonly goTypeName = 'engine.files';
  private readonly data: Map<string, Buffer>;
  constructor(private readonly list: readonly ChartFile[]) {
    super();
    this.data = new Map(list.map((f) => [f.name, f.data]));
  }
  Get(name: GoValue): string {
    const d = this.data.get(String(name));
    return d ? d.toString('utf8') : '';
  }
  GetBytes(name: GoValue): GoValue[] {
    const d = this.data.get(String(name));
    return typedSlice(d ? [...d].map((b) => new GoInt(BigInt(b), 'uint8')) : [], '[]uint8');
  }
  Glob(pattern: GoValue): GoMap {
    const re = compileGlob(String(pattern));
    const sub = new FilesObject(re ? this.list.filter((f) => re.test(f.name)) : []);
    const m = newMap();
    for (const [k, v] of sub.data) m[k] = v.toString('utf8');
    for (const k of ['Get', 'GetBytes', 'Glob', 'AsConfig', 'AsSecrets', 'Lines'] as const) {
      Object.defineProperty(m, k, { value: (...a: GoValue[]) => (sub[k] as (...x: GoValue[]) => unknown)(...a), enumerable: false });
    }
    return m;
  }
  AsConfig(): string {
    if (this.data.size === 0) return '';
    const out = newMap();
    for (const [k, v] of this.data) out[base(k)] = v.toString('utf8');
    return toYamlText(out);
  }
  AsSecrets(): string {
    if (this.data.size === 0) return '';
    const out = newMap();
    for (const [k, v] of this.data) out[base(k)] = v.toString('base64');
    return toYamlText(out);
  }
  Lines(path: GoValue): GoValue[] {
    const d = this.data.get(String(path));
    if (!d || d.length === 0) return typedSlice([], '[]string');
    let s = d.toString('utf8');
    if (s.endsWith('\n')) s = s.slice(0, -1);
    return typedSlice(s.split('\n'), '[]string');
  }
}

export function filesObject(files: readonly ChartFile[]): FilesObject {
  return new FilesObject(files);
}
