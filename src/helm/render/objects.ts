// Helm's built-in objects: .Chart (chart.Metadata + IsRoot), .Capabilities (helm v4.1.4 defaults),
// .Release (a map), .Files (a map of file bytes with methods), .Template.

import { byteSlice, GoInt, GoStruct, isMap, namedType, POINTER_STRINGER, newMap, typedSlice, type GoMap, type GoMethod, type GoValue, type NamedType } from '../value.js';
import { withSignature } from '../template/signature.js';
import type { GoParamType, TemplateFunction } from '../template/types.js';
import type { Chart, ChartFile } from '../chart/types.js';
import { compileGlob } from '../chart/glob.js';
import { helmToYaml } from './funcs.js';

export const DEFAULT_KUBE_VERSION = 'v1.35.0';

/** helm v4.1.4's default .Capabilities.APIVersions, in its order (client-go v0.35 scheme, group/version only; checked against the binary). */
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
  'certificates.k8s.io/v1beta1',
  'certificates.k8s.io/v1alpha1',
  'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1',
  'coordination.k8s.io/v1',
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
  'rbac.authorization.k8s.io/v1beta1',
  'rbac.authorization.k8s.io/v1alpha1',
  'resource.k8s.io/v1',
  'resource.k8s.io/v1beta2',
  'resource.k8s.io/v1beta1',
  'resource.k8s.io/v1alpha3',
  'scheduling.k8s.io/v1alpha1',
  'scheduling.k8s.io/v1beta1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1beta1',
  'storage.k8s.io/v1',
  'storage.k8s.io/v1alpha1',
  'storagemigration.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1',
];

function strSlice(a: readonly string[]): GoValue[] {
  return typedSlice([...a], '[]string');
}

/**
 * common.KubeVersion: struct { Version; normalizedVersion; Major; Minor } with GitVersion() (the full
 * version) and a pointer-receiver String() (the version without pre-release/build): a template prints
 * `{{ .Capabilities.KubeVersion }}` as v1.30.2 for --kube-version 1.30.2-gke.100, while printf "%v" and
 * toString show the struct ({v1.30.2-gke.100 v1.30.2 1 30}) and toJson has Version, Major, Minor.
 */
export class KubeVersion extends GoStruct {
  readonly goTypeName = 'common.KubeVersion';
  readonly [POINTER_STRINGER] = true;
  readonly Version: string;
  readonly normalizedVersion: string;
  readonly Major: string;
  readonly Minor: string;
  constructor(version: string) {
    super();
    const v = version.startsWith('v') ? version : `v${version}`;
    const m = /^v(\d+)\.(\d+)/.exec(v);
    this.Version = v;
    this.normalizedVersion = v.replace(/[-+].*$/s, '');
    this.Major = m?.[1] ?? '1';
    this.Minor = m?.[2] ?? '0';
  }
  GitVersion(): string {
    return this.Version;
  }
  String(): string {
    return this.normalizedVersion;
  }
  override toString(): string {
    return this.normalizedVersion;
  }
  toGoJSON(): GoMap {
    return newMap([
      ['Version', this.Version],
      ['Major', this.Major],
      ['Minor', this.Minor],
    ]);
  }
}

/** common.VersionSet: Go's `type VersionSet []string` with a Has method; it ranges, indexes and prints as the list. */
const VERSION_SET: NamedType = {
  name: 'common.VersionSet',
  underlying: '[]string',
  methods: {
    Has: withSignature(
      function (this: GoValue[], apiVersion: GoValue): boolean {
        return this.includes(apiVersion as string);
      } as unknown as TemplateFunction,
      { params: ['string'] },
    ) as unknown as GoMethod,
  },
};

export function versionSet(versions: readonly string[]): GoValue[] {
  return namedType([...versions], VERSION_SET);
}

/** .Capabilities.HelmVersion: helm's version.BuildInfo. */
export class HelmVersion extends GoStruct {
  readonly goTypeName = 'version.BuildInfo';
  readonly Version = 'v4.1.4';
  readonly GitCommit = '05fa37973dc9e42b76e1d2883494c87174b6074f';
  readonly GitTreeState = 'clean';
  readonly GoVersion = 'go1.25.9';
  readonly KubeClientVersion = 'v1.35';
  toGoJSON(): GoMap {
    return omitEmpty([
      ['version', this.Version, true],
      ['git_commit', this.GitCommit, true],
      ['git_tree_state', this.GitTreeState, true],
      ['go_version', this.GoVersion, true],
      ['kube_client_version', this.KubeClientVersion, true],
    ]);
  }
}

export class Capabilities extends GoStruct {
  readonly goTypeName = '*common.Capabilities';
  readonly KubeVersion: KubeVersion;
  readonly APIVersions: GoValue[];
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
      m.dependencies.map((d) => new Dependency(d.name, d.version, d.repository, d.condition, strSlice(d.tags), d.enabled, d.importValues as GoValue[], d.alias)),
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

const BYTES = '[]uint8';

/**
 * A chart's `.Files` become `[]byte` slices of the 256 shared uint8 values (GoInt is immutable)
 * whenever a template reads them, and `printf "%v" $` reads every file of the chart (bitnami
 * envoy-gateway does it three times, 1.35 MB of CRDs each); a GoInt and a BigInt per byte made
 * about 300 MB of garbage there. Printing one reads the bytes back in one piece (value.ts).
 */
function bytesValue(d: Uint8Array): GoValue[] {
  return byteSlice(d, (elements) => typedSlice(elements, BYTES));
}

/** The file contents behind each engine.files map (its entries are []byte values built on first read). */
const FILE_DATA = new WeakMap<object, ReadonlyMap<string, Buffer>>();

function dataOf(f: GoMap | GoValue[]): ReadonlyMap<string, Buffer> {
  const known = FILE_DATA.get(f);
  if (known) return known;
  // a copy (deepCopy keeps the type): read its []byte entries
  const data = new Map<string, Buffer>();
  if (isMap(f)) {
    for (const [k, v] of Object.entries(f)) data.set(k, Buffer.from(Array.isArray(v) ? v.map((b) => (b instanceof GoInt ? Number(b.value) : 0)) : []));
  }
  return data;
}

function method(params: GoParamType[], fn: (this: GoMap, ...args: GoValue[]) => GoValue): GoMethod {
  return withSignature(fn as unknown as TemplateFunction, { params }) as unknown as GoMethod;
}

/** Helm's pkg/engine/files.go: `type files map[string][]byte` and its methods. */
const FILES_TYPE: NamedType = {
  name: 'engine.files',
  underlying: 'map[string][]uint8',
  zero: () => typedSlice([], BYTES),
  methods: {
    Get: method(['string'], function (name) {
      return (
        dataOf(this)
          .get(name as string)
          ?.toString('utf8') ?? ''
      );
    }),
    GetBytes: method(['string'], function (name) {
      return bytesValue(dataOf(this).get(name as string) ?? Buffer.alloc(0));
    }),
    // gobwas/glob with '/' as separator; a pattern that does not compile matches everything ("**").
    Glob: method(['string'], function (pattern) {
      const re = compileGlob(pattern as string) ?? compileGlob('**')!;
      return filesMap([...dataOf(this)].filter(([name]) => re.test(name)));
    }),
    // Base names to contents as YAML (Helm's toYAML: no trailing newline); "{}" when empty.
    AsConfig: method([], function () {
      const out = newMap();
      for (const [k, v] of dataOf(this)) out[base(k)] = v.toString('utf8');
      return helmToYaml(out);
    }),
    AsSecrets: method([], function () {
      const out = newMap();
      for (const [k, v] of dataOf(this)) out[base(k)] = v.toString('base64');
      return helmToYaml(out);
    }),
    Lines: method(['string'], function (path) {
      const d = dataOf(this).get(path as string);
      if (!d) return typedSlice([], '[]string');
      let s = d.toString('utf8');
      if (s.endsWith('\n')) s = s.slice(0, -1);
      return typedSlice(s.split('\n'), '[]string');
    }),
  },
};

/** An engine.files value: a Go map of file name → []byte whose entries are converted to bytes on first read. */
function filesMap(entries: Iterable<[string, Buffer]>): GoMap {
  const data = new Map(entries);
  const m = newMap();
  for (const [name, d] of data) {
    Object.defineProperty(m, name, {
      enumerable: true,
      configurable: true,
      get(): GoValue {
        const v = bytesValue(d);
        Object.defineProperty(m, name, { value: v, enumerable: true, configurable: true, writable: true });
        return v;
      },
      set(v: GoValue): void {
        Object.defineProperty(m, name, { value: v, enumerable: true, configurable: true, writable: true });
      },
    });
  }
  FILE_DATA.set(m, data);
  return namedType(m, FILES_TYPE);
}

/**
 * .Files: Helm's `files` (map[string][]byte) with methods Get, GetBytes, Glob, AsConfig, AsSecrets,
 * Lines. It is a map of the chart's non-template files (range, index, len, printing as in Go);
 * Glob returns another such map.
 */
export function filesObject(files: readonly ChartFile[]): GoMap {
  return filesMap(files.map((f) => [f.name, f.data]));
}
