import { defineCheck, type RuleContext } from '../../src/engine/api.js';
import type { DocPath, DockerfileData, SourceDocument } from '../../src/model/types.js';
import { imagePinning } from '../../src/knowledge/containers/images.js';
import { containersOf, containerTargetName, workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { composeServices } from '../../src/knowledge/compose/compose.js';
import { scalarText } from '../../src/knowledge/data/values.js';
import type { DockerInstructionExt } from '../../src/parsers/dockerfile.js';
import { ecsContainers, ecsField, platformServices } from '../../src/knowledge/platforms/platforms.js';

function judge(ctx: RuleContext<'require-pinned-images'>, doc: SourceDocument, targetPath: DocPath, name: string, image: string | undefined, imagePath: DocPath): void {
  const target = { doc, path: targetPath, name };
  if (image === undefined) {
    ctx.notApplicable(target, 'no image');
    return;
  }
  const extra = ctx.options.extraFloatingTags;
  const requireDigest = ctx.options.requireDigest;
  const pin = imagePinning(image, extra);
  switch (pin.status) {
    case 'digest':
      ctx.pass(target);
      return;
    case 'tag':
      if (requireDigest) ctx.fail(target, { messageId: 'notDigest', data: { image }, path: imagePath });
      else ctx.pass(target);
      return;
    case 'untagged':
      ctx.fail(target, { messageId: 'untagged', data: { image }, path: imagePath });
      return;
    case 'major':
    case 'versionless':
      // Mutable, but within the image's own line: a warning, not the error of `latest`.
      if (requireDigest) ctx.fail(target, { messageId: 'notDigest', data: { image }, path: imagePath });
      else
        ctx.fail(target, {
          messageId: pin.status === 'major' ? 'majorOnlyTag' : 'versionlessTag',
          data: { image, tag: pin.ref?.tag ?? '' },
          path: imagePath,
          severity: 'warning',
        });
      return;
    case 'floating':
      ctx.fail(target, { messageId: 'floatingTag', data: { image, tag: pin.ref?.tag ?? '' }, path: imagePath });
      return;
    case 'unknown':
      ctx.notApplicable(target, 'image reference uses variables');
      return;
  }
}

export default defineCheck<'require-pinned-images'>({
  kinds: ['kubernetes', 'compose', 'dockerfile', 'platform'],
  check(ctx) {
    // K: every container, init container and ephemeral container image.
    for (const w of workloads(ctx.project)) {
      for (const c of containersOf(w, ['container', 'init', 'ephemeral'])) {
        judge(ctx, w.doc, c.path, containerTargetName(c), c.image, [...c.path, 'image']);
      }
    }
    // C: `image:` of services that do not build it themselves (with `build:`, `image:` names the result).
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) {
        const target = { doc, path: s.path, name: `service ${s.name}` };
        const builds = s.data.build !== undefined && s.data.build !== null;
        if (builds) {
          ctx.notApplicable(target, 'the service builds its image');
          continue;
        }
        judge(ctx, doc, s.path, `service ${s.name}`, scalarText(s.data.image), [...s.path, 'image']);
      }
    }
    // P: ECS container images; Render `runtime: image` services' `image.url`; Fly.io `build.image`.
    for (const c of ecsContainers(ctx.project)) {
      const image = ecsField(c, 'image');
      judge(ctx, c.doc, c.path, c.name, scalarText(image.value), image.path);
    }
    for (const s of platformServices(ctx.project)) {
      if (s.image) judge(ctx, s.doc, s.path, s.name, s.image.ref, s.image.path);
    }
    // D: every FROM that names an image (not `scratch`, not an earlier stage).
    for (const doc of ctx.project.ofKind<DockerfileData>('dockerfile')) {
      const stages = doc.data.stages ?? [];
      stages.forEach((stage, i) => {
        const name = stages.length === 1 ? 'Dockerfile stage' : `Dockerfile stage ${stage.name ?? i}`;
        const target = { doc: doc as SourceDocument, path: ['stages', i] as DocPath, name };
        if (stage.fromStage !== undefined) {
          ctx.notApplicable(target, 'builds on an earlier stage');
          return;
        }
        if (stage.image.trim().toLowerCase() === 'scratch') {
          ctx.notApplicable(target, 'scratch');
          return;
        }
        judge(ctx, doc, ['stages', i], name, stage.image, ['stages', i, 'image']);
      });
      // `COPY --from=<image>` pulls an image as well (a stage name or index is not one).
      const stageNames = new Set(stages.flatMap((st) => (st.name ? [st.name] : [])));
      doc.data.instructions.forEach((ins, idx) => {
        if (ins.keyword !== 'COPY') return;
        const flags = (ins as DockerInstructionExt).flags ?? [];
        const k = flags.findIndex((f) => f.name.toLowerCase() === 'from');
        if (k < 0) return;
        const from = (flags[k]!.value ?? '').replace(/^["']|["']$/g, '');
        if (from === '' || /^\d+$/.test(from) || stageNames.has(from.toLowerCase())) return;
        judge(ctx, doc, ['instructions', idx], `COPY --from=${from}`, from, ['instructions', idx, 'flags', k]);
      });
    }
  },
});
