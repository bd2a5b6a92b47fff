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
import type { DockerfileData, SourceDocument } from '../model/types.js';
import type { Project } from '../model/project.js';
import { containersOf, workloads } from './kubernetes.js';
import { parseImageRef } from './images.js';

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

function workloadRunningImageOf(project: Project, doc: SourceDocument<DockerfileData>): string | undefined {
  const names = builtImageNames(doc.file.path);
  if (names.length === 0) return undefined;
  const bases = new Set(doc.data.stages.map((s) => parseImageRef(s.image)?.shortName.toLowerCase()));
  for (const w of workloads(project)) {
    for (const c of containersOf(w, ['container', 'init'])) {
      const ref = c.image ? parseImageRef(c.image) : undefined;
      if (!ref || ref.hasVariables) continue;
      const short = ref.shortName.toLowerCase();
      if (names.includes(short) && !bases.has(short)) return `${w.kind}/${w.name} runs ${ref.name}`;
    }
  }
  return undefined;
}

/** The first Kubernetes manifest or chart (by path) in, beside or directly above the Dockerfile's folder. */
function kubernetesFileNear(project: Project, dockerfilePath: string): string | undefined {
  const folder = posix.dirname(posix.normalize(dockerfilePath));
  const parent = folder === '.' ? '.' : posix.dirname(folder);
  const ancestors = new Set<string>();
  for (let f = folder; ; f = posix.dirname(f)) {
    ancestors.add(f);
    if (f === '.' || f === '/' || f === posix.dirname(f) || posix.basename(f) === '..') break;
  }
  const candidates = project.files
    .filter((f) => f.kind === 'kubernetes' || f.kind === 'helm-chart')
    .map((f) => posix.normalize(f.path))
    .sort();
  for (const path of candidates) {
    const where = posix.dirname(path);
    if (ancestors.has(where) || within(where, parent)) return path;
  }
  return undefined;
}

/** Is folder `inner` the folder `outer` or below it? */
function within(inner: string, outer: string): boolean {
  if (outer === '.') return !inner.startsWith('../') && inner !== '..';
  return inner === outer || inner.startsWith(`${outer}/`);
}
