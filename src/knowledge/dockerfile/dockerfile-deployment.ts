// Where a Dockerfile's image runs: is it known to be deployed to Kubernetes, or is it a base image
// for other builds? Only require-probes needs this today (Kubernetes ignores HEALTHCHECK).
//
// Decision: a Dockerfile is run by Kubernetes when there is evidence for *this* Dockerfile, not
// merely a Kubernetes file somewhere in the project (a monorepo with a `k8s/` folder may also hold
// images run by plain Docker, and a linted folder of repositories mixes both):
//  - by image: a workload (manifest or rendered chart) runs an image whose last path segment is
//    the Dockerfile's name: its folder (`api/Dockerfile` ↔ `ghcr.io/acme/api`; for a generic folder
//    such as `image/` or `docker/`, the folder above) or its suffix (`Dockerfile.api`,
//    `api.Dockerfile`). An image the Dockerfile builds FROM is its base, never its product;
//  - by place: Kubernetes manifests or a chart in the Dockerfile's folder or below it, in a folder
//    beside it (under the same parent: `api/Dockerfile` with `k8s/`), or directly in a folder above
//    it (`cassandra/image/Dockerfile` with `cassandra/statefulset.yaml`).
// A Dockerfile with `ONBUILD` instructions is a base image for other builds: its children run.

import { posix } from 'node:path';
import type { DockerfileData, SourceDocument } from '../../model/types.js';
import { memo, type Project } from '../../model/project.js';
import { containersOf, workloads } from '../kubernetes/kubernetes.js';
import { parseImageRef } from '../containers/images.js';

/** Folder names that say how an image is built, not what it is. */
const GENERIC_FOLDERS = new Set(['', '.', '..', 'image', 'images', 'docker', 'dockerfiles', 'build', 'container', 'containers', 'src']);

/** Why a Dockerfile counts as run by Kubernetes, or undefined when nothing says so. */
export function kubernetesRunsDockerfile(project: Project, doc: SourceDocument<DockerfileData>): string | undefined {
  const byImage = workloadRunningImageOf(project, doc);
  if (byImage) return `its image runs in Kubernetes (${byImage})`;
  const beside = kubernetesFileNear(project, doc.file.path);
  if (beside) return `Kubernetes files sit next to it (${beside})`;
  return undefined;
}

/** A Dockerfile meant to be built FROM by other Dockerfiles (`ONBUILD` triggers). */
export function isBaseImageDockerfile(data: DockerfileData): boolean {
  return data.instructions.some((i) => i.keyword === 'ONBUILD');
}

/** The names an image built from this Dockerfile is likely published under. */
function builtImageNames(path: string): string[] {
  const file = posix.basename(path);
  const folders = posix.dirname(path).split('/');
  const names: string[] = [];
  const suffix = /^dockerfile[.-](.+)$/i.exec(file)?.[1] ?? /^(.+)\.dockerfile$/i.exec(file)?.[1];
  if (suffix) names.push(suffix.toLowerCase());
  const folder = [...folders].reverse().find((f) => !GENERIC_FOLDERS.has(f.toLowerCase()));
  if (folder) names.push(folder.toLowerCase());
  return names;
}

interface DeploymentIndex {
  /** Image short name → the first workload container running it (workload order), as text. */
  runningImage: Map<string, { order: number; what: string }>;
  /** Kubernetes manifests and Chart.yaml files, normalised and sorted. */
  kubernetesPaths: string[];
  /** Folder → the first (sorted) of those files directly in it. */
  firstInFolder: Map<string, string>;
}

// Built once per project: asked for every Dockerfile, and scanning every workload and file per
// Dockerfile made large monorepos quadratic.
function deploymentIndex(project: Project): DeploymentIndex {
  return memo(project, 'dockerfile.deploymentIndex', () => buildDeploymentIndex(project), { scope: 'rule' });
}

function buildDeploymentIndex(project: Project): DeploymentIndex {
  const runningImage = new Map<string, { order: number; what: string }>();
  let order = 0;
  for (const w of workloads(project)) {
    for (const c of containersOf(w, ['container', 'init'])) {
      const ref = c.image ? parseImageRef(c.image) : undefined;
      if (!ref || ref.hasVariables) continue;
      const short = ref.shortName.toLowerCase();
      if (!runningImage.has(short)) runningImage.set(short, { order, what: `${w.kind}/${w.name} runs ${ref.name}` });
      order++;
    }
  }
  const kubernetesPaths = project.files
    .filter((f) => f.kind === 'kubernetes' || f.kind === 'helm-chart')
    .map((f) => posix.normalize(f.path))
    .sort();
  const firstInFolder = new Map<string, string>();
  for (const path of kubernetesPaths) {
    const where = posix.dirname(path);
    if (!firstInFolder.has(where)) firstInFolder.set(where, path);
  }
  return { runningImage, kubernetesPaths, firstInFolder };
}

function workloadRunningImageOf(project: Project, doc: SourceDocument<DockerfileData>): string | undefined {
  const names = builtImageNames(doc.file.path);
  if (names.length === 0) return undefined;
  const bases = new Set(doc.data.stages.map((s) => parseImageRef(s.image)?.shortName.toLowerCase()));
  const { runningImage } = deploymentIndex(project);
  let first: { order: number; what: string } | undefined;
  for (const name of names) {
    if (bases.has(name)) continue;
    const hit = runningImage.get(name);
    if (hit && (!first || hit.order < first.order)) first = hit;
  }
  return first?.what;
}

/** The first Kubernetes manifest or chart (by path) in, beside or directly above the Dockerfile's folder. */
function kubernetesFileNear(project: Project, dockerfilePath: string): string | undefined {
  const folder = posix.dirname(posix.normalize(dockerfilePath));
  const parent = folder === '.' ? '.' : posix.dirname(folder);
  const { kubernetesPaths, firstInFolder } = deploymentIndex(project);
  const found: string[] = [];
  // Directly in the folder or any folder above it.
  for (let f = folder; ; f = posix.dirname(f)) {
    const hit = firstInFolder.get(f);
    if (hit) found.push(hit);
    if (f === '.' || f === '/' || f === posix.dirname(f) || posix.basename(f) === '..') break;
  }
  // In the parent folder or below it (the folder itself and the folders beside it).
  if (parent === '.') {
    const hit = kubernetesPaths.find((p) => within(posix.dirname(p), '.'));
    if (hit) found.push(hit);
  } else {
    const prefix = `${parent}/`;
    const at = lowerBound(kubernetesPaths, prefix);
    if (at < kubernetesPaths.length && kubernetesPaths[at]!.startsWith(prefix)) found.push(kubernetesPaths[at]!);
  }
  return found.sort()[0];
}

/** Index of the first element of a sorted array that is >= value. */
function lowerBound(sorted: string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Is folder `inner` the folder `outer` or below it? */
function within(inner: string, outer: string): boolean {
  if (outer === '.') return !inner.startsWith('../') && inner !== '..';
  return inner === outer || inner.startsWith(`${outer}/`);
}
