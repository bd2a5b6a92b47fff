// Environment evidence from content: a compose file or an env file whose names say nothing but
// whose settings declare development (`NODE_ENV: development`, `npm run dev`, `uvicorn --reload`,
// a source bind mount `.:/app`) is a development stack. Only consulted when neither the config nor
// a name decided (names win over content, config globs over both; see engine/lint.ts).
//
// Deliberately not evidence: `DEBUG=true` on its own. That is what no-debug-in-production looks for
// in production files; letting it make a file development would let the problem hide itself.

import { contentEvidence, environmentNamed, type EnvironmentEvidence, type KnownEnvironment } from '../../model/environments.js';
import type { DocPath, EnvData, SourceDocument } from '../../model/types.js';
import { composeEnvironment, composeServices, serviceVolumes } from '../compose/compose.js';
import { devServerIn } from './debug-settings.js';
import { asArray, asDict, scalarText } from '../data/values.js';
import { renderScopes, renderSettings } from '../platforms/platforms.js';

/** Variables whose value names the environment the application runs in. */
const ENVIRONMENT_VARIABLES = new Set([
  'ENVIRONMENT',
  'ENV',
  'APP_ENV',
  'APP_ENVIRONMENT',
  'APPLICATION_ENV',
  'NODE_ENV',
  'RAILS_ENV',
  'RACK_ENV',
  'FLASK_ENV',
  'DJANGO_ENV',
  'GO_ENV',
  'MIX_ENV',
  'ASPNETCORE_ENVIRONMENT',
  'DOTNET_ENVIRONMENT',
  'SPRING_PROFILES_ACTIVE',
  'DEPLOY_ENV',
  'STAGE',
]);

/** Container paths where an image keeps its application source. */
const SOURCE_TARGET = /^\/(app|code|src|srv|workspace|usr\/src(\/app)?|var\/www(\/html)?|opt\/app|home\/node\/app)(\/|$)/;

/** The development evidence in a compose or env document's settings, if any. */
export function contentEnvironmentEvidence(doc: SourceDocument): EnvironmentEvidence | undefined {
  const line = (path: Parameters<SourceDocument['locate']>[0]) => doc.locate(path).range.start.line;
  if (doc.kind === 'env') {
    const data = doc.data as EnvData;
    for (const [i, entry] of data.entries.entries()) {
      if (ENVIRONMENT_VARIABLES.has(entry.key.toUpperCase()) && environmentNamed(entry.value) === 'development') {
        return contentEvidence('development', `${entry.key}=${entry.value}`, line(['entries', i]));
      }
    }
    return undefined;
  }
  if (doc.kind === 'platform' && doc.file.kind === 'render') return renderEnvironmentEvidence(doc);
  if (doc.kind !== 'compose') return undefined;
  // Every signal, the first in the file reported (what a reader meets first).
  const found: EnvironmentEvidence[] = [];
  const lines: number[] = [];
  const add = (what: string, path: Parameters<SourceDocument['locate']>[0]) => {
    const at = line(path);
    found.push(contentEvidence('development', what, at));
    lines.push(at);
  };
  for (const s of composeServices(doc)) {
    for (const e of composeEnvironment(s)) {
      if (e.value !== undefined && ENVIRONMENT_VARIABLES.has(e.key.toUpperCase()) && environmentNamed(e.value) === 'development') {
        add(`${e.key}=${e.value} (service ${s.name})`, e.path);
      }
    }
    for (const key of ['command', 'entrypoint'] as const) {
      const value = s.data[key];
      const text = Array.isArray(value) ? value.map((v) => scalarText(v) ?? '').join(' ') : (scalarText(value) ?? '');
      const server = devServerIn(text);
      if (server) add(`${key} "${server}" (service ${s.name}, a development server)`, [...s.path, key]);
    }
    for (const v of serviceVolumes(s)) {
      if (v.type === 'bind' && v.source !== undefined && isSourceFolder(v.source) && SOURCE_TARGET.test(v.target)) {
        add(`volume ${v.source}:${v.target} (service ${s.name}, the source bind-mounted)`, v.path);
      }
    }
  }
  if (found.length === 0) return undefined;
  return found[lines.indexOf(Math.min(...lines))];
}

/** `.`, `./`, `./src`, `./api/app`: a folder of the repository, not a file (`./nginx.conf`) or a data folder. */
function isSourceFolder(source: string): boolean {
  if (source === '.' || source === './') return true;
  if (!source.startsWith('./') && !source.startsWith('../')) return false;
  const last = source.replace(/\/+$/, '').split('/').pop() ?? '';
  if (last === '.' || last === '..') return true;
  if (/\.[a-z0-9]+$/i.test(last)) return false;
  return !/^(data|db|pgdata|postgres|mysql|redis|volumes?|logs?|certs?|ssl|config|conf|backups?|tmp)$/i.test(last);
}

/**
 * The environment of each environment group of a grouped Render Blueprint, when the groups name
 * more than one (`production` and `staging`): each group's resources are judged in their own
 * environment. Groups whose name is no environment word (`blue`), the root and `ungrouped` keep
 * the file's environment. Undefined when the groups name one environment or none (the file's
 * environment then comes from renderEnvironmentEvidence).
 */
export function renderPartEnvironments(doc: SourceDocument): { path: DocPath; environment: KnownEnvironment }[] | undefined {
  if (doc.kind !== 'platform' || doc.file.kind !== 'render') return undefined;
  const parts = renderScopes(doc).flatMap((s) => {
    const environment = s.environment !== undefined ? environmentNamed(s.environment) : undefined;
    return environment ? [{ path: s.path, environment }] : [];
  });
  return new Set(parts.map((p) => p.environment)).size > 1 ? parts : undefined;
}

/**
 * A Render Blueprint says which environment it deploys through its services' settings
 * (`ENVIRONMENT=production`, `NODE_ENV=development`) or the branch they deploy (`branch: staging`).
 * Any named environment counts here, production included: unlike a compose file, a blueprint is a
 * deployment, and its settings are the best evidence there is. (`previews` make copies of the same
 * blueprint per pull request; they say nothing about the blueprint's own environment.)
 */
function renderEnvironmentEvidence(doc: SourceDocument): EnvironmentEvidence | undefined {
  const line = (path: Parameters<SourceDocument['locate']>[0]) => doc.locate(path).range.start.line;
  // The grouped layout names its environments (`projects[].environments[].name`); one name for
  // every group decides the file.
  const named = renderScopes(doc)
    .filter((s) => s.environment !== undefined)
    .map((s) => ({ scope: s, env: environmentNamed(s.environment!) }));
  if (named.length > 0 && named.every((n) => n.env !== undefined && n.env === named[0]!.env)) {
    return contentEvidence(named[0]!.env!, `environment ${named[0]!.scope.environment}`, line([...named[0]!.scope.path, 'name']));
  }
  const services = asArray(asDict(doc.data)?.services);
  // A staging deploy runs its framework in production mode (`NODE_ENV=production`,
  // `APP_ENV=staging`): a setting or branch naming another environment wins over production.
  const found: EnvironmentEvidence[] = [];
  for (const [i, raw] of services.entries()) {
    for (const s of renderSettings(doc, asDict(raw)?.envVars, ['services', i, 'envVars'])) {
      const named = s.value !== undefined && ENVIRONMENT_VARIABLES.has(s.key.toUpperCase()) ? environmentNamed(s.value) : undefined;
      if (named) found.push(contentEvidence(named, `${s.key}=${s.value}`, line(s.path)));
    }
  }
  for (const [i, raw] of services.entries()) {
    const branch = scalarText(asDict(raw)?.branch);
    const named = branch !== undefined ? environmentNamed(branch) : undefined;
    if (named) found.push(contentEvidence(named, `branch: ${branch}`, line(['services', i, 'branch'])));
  }
  return found.find((e) => e.environment !== 'production') ?? found[0];
}
