// The chart model after loading (Helm's chart.Chart): metadata, templates, other files, default values,
// schema and loaded subcharts.

import { posix } from 'node:path';
import type { GoMap } from '../value.js';

export interface ChartFile {
  /** Chart-relative POSIX name, e.g. "templates/deployment.yaml", "files/my.cnf". */
  name: string;
  data: Buffer;
}

export interface ChartDependency {
  name: string;
  version: string;
  repository: string;
  condition: string;
  tags: string[];
  enabled: boolean;
  importValues: unknown[];
  alias: string;
}

export interface ChartMaintainer {
  name: string;
  email: string;
  url: string;
}

export interface ChartMetadata {
  name: string;
  home: string;
  sources: string[];
  version: string;
  description: string;
  keywords: string[];
  maintainers: ChartMaintainer[];
  icon: string;
  apiVersion: string;
  condition: string;
  tags: string;
  appVersion: string;
  deprecated: boolean;
  annotations: Record<string, string>;
  kubeVersion: string;
  dependencies: ChartDependency[];
  type: string;
}

/** Where the files of a chart live, for mapping templates and values back to the scanned tree. */
export interface ChartOrigin {
  /** POSIX path of the chart folder (relative to the run's working directory when loaded from disk). */
  dir?: string;
  /** POSIX path of the .tgz the chart was read from, when it came from an archive. */
  archive?: string;
  /** Path of the chart folder inside the archive ("mychart"). */
  archiveDir?: string;
}

/**
 * The path a chart file is reported under: inside a folder, the file's path; inside an archive, the
 * archive's path followed by the path inside it, as tar lists it
 * ("app/charts/db-1.2.3.tgz/db/templates/x.yaml"; an archive inside an archive nests the same way).
 */
export function chartFilePath(origin: ChartOrigin, rel: string, resolvedFrom?: string): string {
  const dir = resolvedFrom ?? origin.dir;
  if (dir !== undefined) return dir === '' || dir === '.' ? rel : posix.join(dir, rel);
  return [origin.archive ?? '', origin.archiveDir ?? '', rel].filter((p) => p !== '').join('/');
}

export interface ChartProblem {
  /** 'missing-dependency' | 'helmignore' | 'load' | 'schema' | … */
  code: string;
  message: string;
  /** POSIX path of the file concerned. */
  file?: string;
  /** missing-dependency: the name of the dependency (as Chart.yaml lists it). */
  dependency?: string;
  line?: number;
  column?: number;
  /** Set when the problem belongs to a subchart (copied up to the root for reporting). */
  nested?: boolean;
}

export class Chart {
  metadata: ChartMetadata;
  /** Files under templates/, in load order. */
  templates: ChartFile[] = [];
  /** Every other file that is not Chart.yaml / values.yaml / values.schema.json / templates / charts (the .Files). */
  files: ChartFile[] = [];
  /** Default values (values.yaml), Go values. */
  values: GoMap;
  /** values.yaml text, when present. */
  valuesText?: string;
  schema?: Buffer;
  /** Loaded subcharts. */
  dependencies: Chart[] = [];
  parent?: Chart;
  origin: ChartOrigin;
  /** Problems found while loading (missing dependencies, unreadable files). */
  problems: ChartProblem[] = [];
  /** For a dependency resolved from a sibling folder, the folder used. */
  resolvedFrom?: string;

  constructor(metadata: ChartMetadata, values: GoMap, origin: ChartOrigin) {
    this.metadata = metadata;
    this.values = values;
    this.origin = origin;
  }

  name(): string {
    return this.metadata.name;
  }

  isRoot(): boolean {
    return this.parent === undefined;
  }

  isLibrary(): boolean {
    return this.metadata.type === 'library';
  }

  /** Helm's ChartFullPath: "root/charts/sub/charts/subsub". */
  fullPath(): string {
    return this.parent ? `${this.parent.fullPath()}/charts/${this.name()}` : this.name();
  }

  /** A shallow copy with its own metadata (Helm's getAliasDependency). */
  withName(name: string): Chart {
    const copy = Object.create(Chart.prototype) as Chart;
    Object.assign(copy, this);
    copy.metadata = { ...this.metadata, name };
    return copy;
  }

  /** Files under crds/ (not templated; printed only with --include-crds). */
  crdFiles(): ChartFile[] {
    return this.files.filter((f) => f.name.startsWith('crds/') && /\.(ya?ml|json)$/.test(f.name));
  }
}
