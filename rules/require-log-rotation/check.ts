import { defineCheck } from '../../src/engine/api.js';
import type { DocPath } from '../../src/model/types.js';
import { longRunningServices } from '../../src/knowledge/compose-layers.js';
import { asDict, scalarText } from '../../src/knowledge/values.js';

/** Drivers that keep logs on the host without a size bound unless told (json-file is the default). */
const UNBOUNDED_DRIVERS = new Set(['json-file']);

export default defineCheck({
  kinds: ['compose'],
  check(ctx) {
    for (const { s, target } of longRunningServices(ctx)) {
      const logging = asDict(s.data.logging);
      if (!logging) {
        ctx.fail(target, { messageId: 'missing', data: { service: s.name }, path: [...s.path, 'logging'] as DocPath });
        continue;
      }
      const driver = scalarText(logging.driver) ?? 'json-file';
      if (!UNBOUNDED_DRIVERS.has(driver.toLowerCase())) {
        ctx.pass(target);
        continue;
      }
      const options = asDict(logging.options);
      if (options && options['max-size'] !== undefined && options['max-size'] !== null) {
        ctx.pass(target);
        continue;
      }
      ctx.fail(target, {
        messageId: 'noMaxSize',
        data: { service: s.name, driver },
        path: [...s.path, 'logging', 'options', 'max-size'],
      });
    }
  },
});
