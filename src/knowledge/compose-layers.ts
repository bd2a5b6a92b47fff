// Compose layering: `docker-compose.yml` + `docker-compose.prod.yml` (+ `docker-compose.override.yml`)
// in one folder are merged by `docker compose -f … -f …`, so a setting missing from one file may be
// supplied by another layer.
//
// Decisions:
// - Layers are the compose files in the same folder. A service defined in several of them is one
//   service; a layer that sets a key for it supplies the key for the other layers, except that a
//   development layer (docker-compose.dev.yml, docker-compose.override.yml) never supplies a
//   setting to a production or unknown-environment file.
// - A "partial" service (no `image`, `build` or `extends`) in a file whose sibling layer defines the
//   same service fully is an override fragment: it is judged through the full definition.

import { posix } from 'node:path';
import type { RuleContext, Target } from '../engine/api.js';
import type { DocPath, SourceDocument } from '../model/types.js';
import type { Project } from '../model/project.js';
import { composeServices, isOneShot, type ComposeService } from './compose.js';
import { getPath } from './values.js';

/** The same service as defined in the other compose files of the same folder. */
export function serviceLayers(project: Project, service: ComposeService): ComposeService[] {
  const out: ComposeService[] = [];
  for (const s of servicesByFolderAndName(project).get(layerKey(posix.dirname(service.doc.file.path), service.name)) ?? []) {
    if (s.doc !== service.doc) out.push(s);
  }
  return out;
}

const layerKey = (dir: string, name: string): string => `${dir}\u0000${name}`;
const layerIndexCache = new WeakMap<Project, Map<string, ComposeService[]>>();

/** Compose services by folder and name, in document order (once per project: asked per service). */
function servicesByFolderAndName(project: Project): Map<string, ComposeService[]> {
  let index = layerIndexCache.get(project);
  if (!index) {
    index = new Map();
    for (const doc of project.ofKind('compose')) {
      const dir = posix.dirname(doc.file.path);
      for (const s of composeServices(doc)) {
        const key = layerKey(dir, s.name);
        let list = index.get(key);
        if (!list) index.set(key, (list = []));
        list.push(s);
      }
    }
    layerIndexCache.set(project, index);
  }
  return index;
}

/** A service with no image, build or extends: an override fragment, not a full definition. */
export function isPartialService(service: ComposeService): boolean {
  const d = service.data;
  return d.image === undefined && d.build === undefined && d.extends === undefined;
}

/** True when the service is only an override fragment of a fuller definition in a sibling layer. */
export function isOverrideFragment(project: Project, service: ComposeService): boolean {
  return isPartialService(service) && serviceLayers(project, service).some((s) => !isPartialService(s));
}

/**
 * A sibling layer that sets `key` (a path relative to the service) for the service, if any.
 * Development layers do not count for production / unknown files.
 */
export function layerSetting(
  project: Project,
  service: ComposeService,
  key: DocPath,
  environmentOf: (doc: SourceDocument) => string,
): ComposeService | undefined {
  const mine = environmentOf(service.doc);
  return serviceLayers(project, service).find((s) => {
    const theirs = environmentOf(s.doc);
    if (theirs === 'development' && mine !== 'development') return false;
    return getPath(s.data, key) !== undefined && getPath(s.data, key) !== null;
  });
}

/**
 * The compose services that keep running, each with its target: one-shot services (migrations,
 * init) and override fragments (judged where the service is defined) are recorded as not
 * applicable and left out.
 */
export function longRunningServices(ctx: RuleContext): { s: ComposeService; target: Target }[] {
  const out: { s: ComposeService; target: Target }[] = [];
  for (const doc of ctx.project.ofKind('compose')) {
    for (const s of composeServices(doc)) {
      const target: Target = { doc, path: s.path, name: `service ${s.name}` };
      if (isOneShot(s)) ctx.notApplicable(target, 'one-shot service');
      else if (isOverrideFragment(ctx.project, s)) ctx.notApplicable(target, 'override fragment; judged where the service is defined');
      else out.push({ s, target });
    }
  }
  return out;
}
