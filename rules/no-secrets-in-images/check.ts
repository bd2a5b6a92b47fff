import { posix } from 'node:path';
import { defineCheck, type Problem } from '../../src/engine/api.js';
import type { DockerfileData, SourceDocument, SourceFile } from '../../src/model/types.js';
import { composeServices, resolveBuild } from '../../src/knowledge/compose/compose.js';
import { finalStage, stageChain } from '../../src/knowledge/dockerfile/dockerfile.js';
import { dockerignoreFor, filesInContext, isDockerignored, parseDockerignore } from '../../src/parsers/dockerignore.js';
import { envKindOf, isPrivateKeyFile } from '../../src/discovery/index.js';

// required on first use (only for a Dockerfile COPY naming a file): one copy of picomatch for the
// whole linter (scripts/build.mjs, LAZY_PACKAGES)
const picomatch = (): typeof import('picomatch') => require('picomatch') as typeof import('picomatch');

/** Private keys and credential files by name: what a COPY naming a file (maybe absent here) copies. */
const KEY_FILE =
  /(^id_(rsa|dsa|ecdsa|ed25519)$)|(\.(pem|key|p12|pfx|jks|keystore|ppk)$)|(^\.?(npmrc|pypirc|netrc|git-credentials)$)|(^credentials(\.json)?$)|(service[-_]?account.*\.json$)/i;

/**
 * A file whose content must not reach an image: a real env file (not a template) or a private key.
 * A file of the project is judged by what discovery found (a `.pem` certificate is no key); a
 * path a COPY names by its name.
 */
function isSensitive(file: SourceFile | string): boolean {
  const path = typeof file === 'string' ? file : file.path;
  const name = posix.basename(path);
  if (envKindOf(name) === 'env') return true;
  if (typeof file === 'string') return KEY_FILE.test(name);
  if (file.kind === 'env' || file.kind === 'private-key' || isPrivateKeyFile(name, file.text)) return true;
  return KEY_FILE.test(name) && !/\.(pem|key)$/i.test(name);
}

const WHOLE = new Set(['.', './', './.', '*', './*', '.*', '**']);

interface Build {
  context: string;
  dockerfilePath: string;
  target?: string;
}

function listFiles(files: string[]): string {
  const shown = files.slice(0, 3).join(', ');
  return files.length > 3 ? `${shown} and ${files.length - 3} more` : shown;
}

export default defineCheck({
  kinds: ['dockerfile'],
  check(ctx) {
    // Which contexts build each Dockerfile: compose `build:` entries, else the Dockerfile's folder.
    const builds = new Map<string, Build[]>();
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) {
        const b = resolveBuild(ctx.project, s);
        if (!b?.dockerfile) continue;
        const list = builds.get(b.dockerfile.file.path) ?? [];
        if (!list.some((x) => x.context === b.context && x.target === b.target)) list.push({ context: b.context, dockerfilePath: b.dockerfilePath, target: b.target });
        builds.set(b.dockerfile.file.path, list);
      }
    }

    for (const doc of ctx.project.ofKind<DockerfileData>('dockerfile')) {
      const target = { doc: doc as SourceDocument, path: [], name: 'Dockerfile' };
      const dir = posix.dirname(doc.file.path);
      const contexts = builds.get(doc.file.path) ?? [{ context: dir === '.' ? '' : dir, dockerfilePath: doc.file.path }];
      const problems: Problem[] = [];
      const seen = new Set<string>();
      for (const build of contexts) {
        const stage = finalStage(doc.data, build.target);
        if (!stage) continue;
        const ignoreFile = dockerignoreFor(ctx.project, build.context, build.dockerfilePath);
        const rules = ignoreFile ? parseDockerignore(ignoreFile.text) : [];
        const inContext = filesInContext(ctx.project, build.context).filter((f) => isSensitive(f.file) && !isDockerignored(rules, f.rel));
        for (const s of stageChain(doc.data, stage)) {
          for (const index of s.instructions) {
            const ins = doc.data.instructions[index]!;
            if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.heredocs?.length) continue;
            const args = ins.arguments.map((a, j) => ({ value: a.value, j })).filter((a) => !a.value.startsWith('--'));
            if (ins.arguments.some((a) => a.value.startsWith('--from'))) continue;
            const sources = args.slice(0, -1);
            for (const src of sources) {
              const key = `${index}:${src.j}`;
              if (seen.has(key)) continue;
              const path = ['instructions', index, 'arguments', src.j];
              const clean = src.value.replace(/^\.\//, '');
              if (WHOLE.has(src.value)) {
                if (inContext.length === 0) continue;
                seen.add(key);
                problems.push({
                  path,
                  messageId: 'wholeContext',
                  data: {
                    instruction: ins.keyword,
                    source: src.value,
                    files: listFiles(inContext.map((f) => f.rel)),
                    context: build.context || '.',
                    ignore: ignoreFile ? ignoreFile.path : `${build.context ? build.context + '/' : ''}.dockerignore`,
                  },
                  related: inContext
                    .flatMap((f) => {
                      const d = ctx.project.documents.find((x) => x.file.path === f.file.path);
                      return d ? [{ doc: d, path: [], message: 'copied into the image' }] : [];
                    })
                    .slice(0, 3),
                });
              } else if (/^[\w.*?/[\]-]+$/.test(clean) && !/^https?:/.test(src.value)) {
                // An explicit source: an env file or key by name, or a glob matching one in the context.
                // compiling the glob costs more than the rest of the rule: only when there is something to match
                const matcher = inContext.length > 0 ? picomatch()(clean, { dot: true }) : undefined;
                const hits = matcher ? inContext.filter((f) => matcher(f.rel) || f.rel.startsWith(clean.replace(/\/$/, '') + '/')) : [];
                const named = isSensitive(clean) && !isDockerignored(rules, clean) ? [clean] : [];
                const files = [...new Set([...named, ...hits.map((f) => f.rel)])];
                if (files.length === 0) continue;
                seen.add(key);
                problems.push({ path, messageId: 'explicitCopy', data: { instruction: ins.keyword, file: listFiles(files) } });
              }
            }
          }
        }
      }
      if (problems.length) ctx.fail(target, ...problems);
      else ctx.pass(target);
    }
  },
});
