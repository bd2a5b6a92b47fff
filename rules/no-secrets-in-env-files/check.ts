import { defineCheck, type Problem } from '../../src/engine/api.js';
import type { EnvData, SourceDocument } from '../../src/model/types.js';
import { judgeSecret } from '../../src/knowledge/secrets/secrets.js';
import { isGitignored } from '../../src/parsers/gitignore.js';

export default defineCheck({
  kinds: ['env'],
  check(ctx) {
    for (const d of ctx.project.ofKind<EnvData>('env')) {
      const doc = d as SourceDocument;
      const template = d.data.template || d.file.kind === 'env-template';
      const target = { doc, path: [], name: template ? 'env template' : 'env file' };
      if (d.data.entries.length === 0) {
        ctx.notApplicable(target, 'no entries');
        continue;
      }
      if (!template && isGitignored(ctx.project, d.file.path)) {
        ctx.notApplicable(target, 'not committed: covered by .gitignore');
        continue;
      }
      const problems: Problem[] = [];
      // Templates document keys and test env files hold fixture credentials: there only
      // real-looking secrets (known formats, URL passwords, random values) count.
      const strongOnly = template || ctx.environmentOf(doc) === 'test';
      d.data.entries.forEach((e, i) => {
        const found = judgeSecret(e.key, e.value, { requireStrong: strongOnly });
        if (!found) return;
        const messageId = found.browserPrefix
          ? 'browserSecret'
          : found.kind === 'token' || found.kind === 'private-key'
            ? 'knownFormat'
            : found.kind === 'url-password'
              ? 'urlPassword'
              : found.kind === 'high-entropy'
                ? template
                  ? 'templateSecret'
                  : 'highEntropy'
                : 'literal';
        problems.push({
          messageId,
          data: { key: e.key, masked: found.masked, format: found.format ?? (found.kind === 'url-password' ? 'password in a URL' : 'secret'), prefix: found.browserPrefix ?? '' },
          path: ['entries', i, 'value'],
        });
      });
      if (problems.length) ctx.fail(target, ...problems);
      else ctx.pass(target);
    }
  },
});
