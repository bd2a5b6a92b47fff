import { posix } from 'node:path';
import { defineCheck } from '../../src/engine/api.js';
import type { DockerfileData, SourceDocument } from '../../src/model/types.js';
import { composeServices, resolveBuild } from '../../src/knowledge/compose/compose.js';
import { execFormArgs } from '../../src/knowledge/dockerfile/dockerfile.js';

/**
 * Does the Dockerfile copy the whole build context (`COPY . .`, `ADD ./ /src`, `COPY * /app`)?
 * Dockerfiles that copy named files only (the docker-library images' `COPY docker-entrypoint.sh …`)
 * cannot bake stray files into the image and are not judged.
 */
function copiesWholeContext(data: DockerfileData): boolean {
  return data.instructions.some((i) => {
    if (i.keyword !== 'COPY' && i.keyword !== 'ADD') return false;
    const args = i.arguments.map((a) => a.value);
    if (args.some((a) => /^--from=/i.test(a))) return false;
    let sources = args.filter((a) => !a.startsWith('--'));
    if (sources.length === 1 && sources[0]!.startsWith('[')) {
      const exec = execFormArgs(i.argsText.replace(/^(--\S+\s+)*/, ''));
      if (!exec) return false;
      sources = exec;
    }
    return sources.slice(0, -1).some((s) => /^(\.|\.\/|\*|\.\/\*|\.\/\.)$/.test(s.trim()));
  });
}

const dirOf = (p: string) => {
  const d = posix.dirname(p);
  return d === '.' ? '' : d;
};

export default defineCheck({
  kinds: ['dockerfile'],
  check(ctx) {
    const ignoreFiles = new Set(ctx.project.files.filter((f) => f.kind === 'dockerignore').map((f) => f.path));
    const ignoreIn = (dir: string) => ignoreFiles.has(dir ? `${dir}/.dockerignore` : '.dockerignore');

    // Build contexts declared by compose services, by Dockerfile path.
    const contexts = new Map<string, Set<string>>();
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) {
        const b = resolveBuild(ctx.project, s);
        if (!b?.dockerfile || /^[a-z][a-z0-9+.-]*:\/\//i.test(b.context)) continue;
        const ctxDir = b.context === '.' ? '' : b.context.replace(/\/$/, '');
        let set = contexts.get(b.dockerfile.file.path);
        if (!set) contexts.set(b.dockerfile.file.path, (set = new Set()));
        set.add(ctxDir);
      }
    }

    for (const doc of ctx.project.ofKind<DockerfileData>('dockerfile')) {
      if (doc.data.stages.length === 0) continue;
      const target = { doc: doc as SourceDocument, path: ['stages', 0, 'from'], name: 'Dockerfile build context' };
      if (!copiesWholeContext(doc.data)) {
        ctx.notApplicable(target, 'copies named files only, not the whole build context');
        continue;
      }
      // BuildKit reads <Dockerfile>.dockerignore next to the Dockerfile before the context's own.
      if (ignoreFiles.has(`${doc.file.path}.dockerignore`)) {
        ctx.pass(target);
        continue;
      }
      const declared = contexts.get(doc.file.path);
      let missing: string | undefined;
      if (declared) {
        missing = [...declared].find((d) => !ignoreIn(d));
      } else {
        // No declared context: the Dockerfile's folder, or (docker build -f sub/Dockerfile .) an ancestor.
        const dir = dirOf(doc.file.path);
        const parts = dir ? dir.split('/') : [];
        let found = false;
        for (let n = parts.length; n >= 0 && !found; n--) found = ignoreIn(parts.slice(0, n).join('/'));
        if (!found) missing = dir;
      }
      if (missing === undefined) ctx.pass(target);
      else ctx.fail(target, { messageId: 'missing', data: { context: missing === '' ? '.' : `${missing}/` } });
    }
  },
});
