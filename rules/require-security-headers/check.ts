import { defineCheck, type Problem } from '../../src/engine/api.js';
import { headerNamed, securityHeaderSets } from '../../src/knowledge/platforms/platforms.js';

export default defineCheck({
  kinds: ['platform'],
  check(ctx) {
    // Only files that manage their security headers are judged (knowledge/platforms/platforms.ts): a
    // vercel.json with caching headers alone leaves them to the application.
    for (const set of securityHeaderSets(ctx.project)) {
      const name = set.doc.file.path;
      const target = { doc: set.doc, path: set.path, name: `Vercel project ${name} headers` };
      const problems: Problem[] = [];
      const noSniff = headerNamed(set, 'X-Content-Type-Options');
      if (noSniff.length === 0) problems.push({ messageId: 'noSniffMissing', data: { name }, path: set.path });
      for (const h of noSniff) {
        if (h.value.trim().toLowerCase() !== 'nosniff') problems.push({ messageId: 'noSniffWrong', data: { value: h.value }, path: h.path });
      }
      // Frame protection: X-Frame-Options (DENY / SAMEORIGIN), or CSP frame-ancestors, which
      // browsers prefer over it. A report-only policy enforces nothing.
      const framing = headerNamed(set, 'X-Frame-Options').length > 0 || headerNamed(set, 'Content-Security-Policy').some((h) => /(?:^|;)\s*frame-ancestors\s/i.test(h.value));
      if (!framing) problems.push({ messageId: 'framingMissing', data: { name }, path: set.path });
      if (problems.length) ctx.fail(target, ...problems);
      else ctx.pass(target);
    }
  },
});
