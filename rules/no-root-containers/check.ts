import { defineCheck, type Problem } from '../../src/engine/api.js';
import type { DocPath, DockerfileData, DockerStage, SourceDocument } from '../../src/model/types.js';
import { containersOf, containerTargetName, effectiveSecurityContext, workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { composeServices, resolveBuild } from '../../src/knowledge/compose/compose.js';
import { effectiveUser, finalStage, isRootUser, stageChain, stageFromPath } from '../../src/knowledge/dockerfile/dockerfile.js';
import { imageDefaultUser, isKnownNonRootImage } from '../../src/knowledge/containers/image-users.js';
import { isFalsy, isTruthy, scalarText } from '../../src/knowledge/data/values.js';
import { ecsContainers, ecsField } from '../../src/knowledge/platforms/platforms.js';

/** A final stage without USER: what its base image is known (or not known) to run as. */
function baseImageProblem(data: DockerfileData, stage: DockerStage): Problem {
  const chain = stageChain(data, stage);
  const image = chain[chain.length - 1]!.image;
  const known = imageDefaultUser(image);
  if (known?.kind === 'drops-privileges') {
    return { messageId: 'dockerfileBaseDropsPrivileges', data: { image, user: known.user }, path: stageFromPath(stage) };
  }
  return { messageId: 'dockerfileNoUser', data: { image }, path: stageFromPath(stage) };
}

export default defineCheck({
  kinds: ['kubernetes', 'compose', 'dockerfile', 'platform'],
  acrossUnits: [
    'compose services: build context, Dockerfile, target stage and user (a Dockerfile judged on the service that builds it)',
    "workloads: containers and security contexts that run a Dockerfile's image",
  ],
  check(ctx) {
    // K: runAsNonRoot: true or runAsUser > 0, container settings overriding the pod's.
    for (const w of workloads(ctx.project)) {
      for (const c of containersOf(w, ['container', 'init'])) {
        const target = { doc: w.doc, path: c.path, name: containerTargetName(c) };
        const user = effectiveSecurityContext(c, 'runAsUser');
        const nonRoot = effectiveSecurityContext(c, 'runAsNonRoot');
        const uid = user ? Number(scalarText(user.value)) : undefined;
        if (user && uid === 0) {
          ctx.fail(target, { messageId: 'k8sRunAsRoot', data: { container: c.name }, path: user.path });
          continue;
        }
        if (nonRoot && isFalsy(nonRoot.value) && !(uid !== undefined && uid > 0)) {
          ctx.fail(target, { messageId: 'k8sRunAsNonRootFalse', data: { container: c.name }, path: nonRoot.path });
          continue;
        }
        if ((uid !== undefined && Number.isInteger(uid) && uid > 0) || (nonRoot && isTruthy(nonRoot.value))) {
          ctx.pass(target);
          continue;
        }
        ctx.fail(target, {
          messageId: 'k8sMissing',
          data: { container: c.name },
          path: [...c.path, 'securityContext', 'runAsNonRoot'],
        });
      }
    }

    // Stages compose builds, per Dockerfile: a final stage that every compose build skips for an
    // earlier `target:` (a `dev-envs` tooling stage) is not what runs; the targeted stage is judged
    // on the compose service.
    const composeTargets = new Map<string, Set<number>>();
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) {
        const build = resolveBuild(ctx.project, s);
        const df = build?.dockerfile;
        const stage = df ? finalStage(df.data, build.target) : undefined;
        if (!df || !stage) continue;
        const set = composeTargets.get(df.file.path) ?? new Set<number>();
        set.add(stage.index);
        composeTargets.set(df.file.path, set);
      }
    }

    // D: the USER of the final stage.
    for (const doc of ctx.project.ofKind<DockerfileData>('dockerfile')) {
      const stage = finalStage(doc.data);
      if (!stage) continue;
      const target = { doc: doc as SourceDocument, path: stageFromPath(stage), name: 'Dockerfile final stage' };
      const built = composeTargets.get(doc.file.path);
      if (built && !built.has(stage.index)) {
        ctx.notApplicable(target, 'compose builds an earlier target stage; judged on the compose service');
        continue;
      }
      const eff = effectiveUser(doc.data, stage);
      if (eff.status === 'root') ctx.fail(target, { messageId: 'dockerfileRoot', data: { user: eff.user ?? 'root' }, path: eff.path });
      else if (eff.status === 'unset') ctx.fail(target, baseImageProblem(doc.data, stage));
      else ctx.pass(target);
    }

    // P: ECS container definitions: `user`, else the image's default user.
    for (const c of ecsContainers(ctx.project)) {
      const target = { doc: c.doc, path: c.path, name: c.name };
      const user = ecsField(c, 'user');
      const text = scalarText(user.value);
      if (text !== undefined) {
        if (isRootUser(text)) ctx.fail(target, { messageId: 'ecsRoot', data: { container: c.containerName, user: text }, path: user.path });
        else ctx.pass(target);
        continue;
      }
      const image = scalarText(ecsField(c, 'image').value);
      if (image && isKnownNonRootImage(image)) ctx.pass(target);
      else ctx.fail(target, { messageId: 'ecsNoUser', data: { container: c.containerName }, path: c.path });
    }

    // C: `user:`, else the USER of the Dockerfile the service builds, else the image's default.
    // Services of the merged compose models: a layer's `user:` (docker-compose.prod.yml …) counts.
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) {
        const target = { doc, path: s.path, name: `service ${s.name}` };
        const userPath: DocPath = [...s.path, 'user'];
        const user = scalarText(s.data.user);
        if (user !== undefined) {
          if (isRootUser(user)) ctx.fail(target, { messageId: 'composeRoot', data: { service: s.name, user }, path: userPath });
          else ctx.pass(target);
          continue;
        }
        const build = resolveBuild(ctx.project, s);
        if (build) {
          const df = build.dockerfile;
          if (!df) {
            if (!build.dockerfilePath) {
              ctx.notApplicable(target, 'builds from a remote context or an inline Dockerfile');
              continue;
            }
            // One finding that says what is missing, not a guess about a Dockerfile never read.
            ctx.fail(target, { messageId: 'composeBuildMissing', data: { service: s.name, dockerfile: build.dockerfilePath }, path: build.path });
            continue;
          }
          const stage = finalStage(df.data, build.target);
          if (!stage) {
            if (build.target && /\$/.test(build.target)) {
              ctx.notApplicable(target, `build target \`${build.target}\` is set by a variable`);
              continue;
            }
            ctx.fail(target, {
              messageId: 'composeBuildNoStage',
              data: { service: s.name, dockerfile: df.file.path, target: build.target ?? '' },
              path: [...build.path, 'target'],
            });
            continue;
          }
          const eff = effectiveUser(df.data, stage);
          if (eff.status === 'non-root' || eff.status === 'image-non-root') {
            ctx.pass(target);
            continue;
          }
          const built = stage.name && build.target ? `stage \`${stage.name}\`` : 'final stage';
          ctx.fail(target, {
            messageId: eff.status === 'root' ? 'composeBuildRoot' : 'composeBuildNoUser',
            data: { service: s.name, dockerfile: df.file.path, user: eff.user ?? '', stage: built },
            path: userPath,
            related: [
              {
                doc: df as SourceDocument,
                path: eff.path ?? stageFromPath(stage),
                message: eff.status === 'root' ? 'the Dockerfile switches to root here' : `the ${built} of the Dockerfile sets no USER`,
              },
            ],
          });
          continue;
        }
        const image = scalarText(s.data.image);
        const known = image ? imageDefaultUser(image) : undefined;
        if (known?.kind === 'non-root') {
          ctx.pass(target);
          continue;
        }
        if (known?.kind === 'drops-privileges') {
          ctx.fail(target, { messageId: 'composeImageDropsPrivileges', data: { service: s.name, image: image!, user: known.user }, path: userPath });
          continue;
        }
        if (image) ctx.fail(target, { messageId: 'composeImageUserUnknown', data: { service: s.name, image }, path: userPath });
        else ctx.fail(target, { messageId: 'composeNoUser', data: { service: s.name }, path: userPath });
      }
    }
  },
});
