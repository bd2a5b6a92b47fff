import { defineCheck } from '../../src/engine/api.js';
import { PLATFORM_NAMES, platformDocuments, platformOf } from '../../src/knowledge/platforms/platforms.js';
import { platformProblems, validatedPlatform } from '../../src/knowledge/platforms/platform-validation.js';

/** Where each platform's expectations come from, for the message. */
const SOURCE: Record<string, string> = {
  fly: "SchemaStore's Fly.io schema",
  render: "Render's Blueprint specification",
  railway: "Railway's config-as-code reference",
  vercel: "Vercel's project configuration reference",
};

export default defineCheck({
  kinds: ['platform'],
  check(ctx) {
    for (const doc of platformDocuments(ctx.project)) {
      const platform = platformOf(doc)!;
      const target = { doc, path: [], name: `${PLATFORM_NAMES[platform]} file` };
      if (!validatedPlatform(platform)) {
        ctx.notApplicable(target, `no licensed ${PLATFORM_NAMES[platform]} schema to validate against`);
        continue;
      }
      const problems = platformProblems(doc);
      if (problems.length === 0) ctx.pass(target);
      else ctx.fail(target, ...problems.map((p) => ({ messageId: 'invalid', data: { message: p.message, source: SOURCE[platform]! }, path: p.path })));
    }
  },
});
