import { defineCheck } from '../../src/engine/api.js';
import type { DocPath } from '../../src/model/types.js';
import { composeServices, isOneShot } from '../../src/knowledge/compose.js';
import { isOverrideFragment, layerSetting } from '../../src/knowledge/compose-layers.js';
import { asDict, scalarText } from '../../src/knowledge/values.js';

/** Drivers that keep logs on the host without a size bound unless told (json-file is the default). */
const UNBOUNDED_DRIVERS = new Set(['json-file']);

export default defineCheck({
  kinds: ['compose'],
  check(ctx) {
    for (const doc of ctx.project.ofKind('compose')) {
      for (const s of composeServices(doc)) {
        const target = { doc, path: s.path, name: `service ${s.name}` };
        if (isOneShot(s)) {
          ctx.notApplicable(target, 'one-shot service');
          continue;
        }
        if (isOverrideFragment(ctx.project, s)) {
          ctx.notApplicable(target, 'override fragment; judged where the service is defined');
          continue;
        }
        let logging = asDict(s.data.logging);
        let at = s;
        if (!logging) {
          const layer = layerSetting(ctx.project, s, ['logging'], ctx.environmentOf);
          if (layer) {
            logging = asDict(layer.data.logging);
            at = layer;
          }
        }
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
          doc: at.doc,
          path: [...at.path, 'logging', 'options', 'max-size'],
        });
      }
    }
  },
});
