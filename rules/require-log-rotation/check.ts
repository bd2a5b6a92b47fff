import { defineCheck } from '../../src/engine/api.js';
import type { DocPath } from '../../src/model/types.js';
import { longRunningServices } from '../../src/rule-support/targets.js';
import { asDict, scalarText } from '../../src/knowledge/data/values.js';
import { ecsContainers, ecsField } from '../../src/knowledge/platforms/platforms.js';

/** Drivers that keep logs on the host without a size bound unless told (json-file is the default). */
const UNBOUNDED_DRIVERS = new Set(['json-file']);

export default defineCheck({
  kinds: ['compose', 'platform'],
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
    // P: ECS container definitions: a `logConfiguration` (without one, Fargate drops the logs and
    // EC2 hosts keep them in unrotated json-file logs); json-file needs max-size.
    for (const c of ecsContainers(ctx.project)) {
      const target = { doc: c.doc, path: c.path, name: c.name };
      const field = ecsField(c, 'logConfiguration');
      const config = asDict(field.value);
      if (!config) {
        ctx.fail(target, { messageId: 'ecsMissing', data: { container: c.containerName }, path: c.path });
        continue;
      }
      const [driverKey, optionsKey] = c.pascal ? ['LogDriver', 'Options'] : ['logDriver', 'options'];
      const driver = scalarText(config[driverKey]) ?? '';
      const options = asDict(config[optionsKey]);
      if (!UNBOUNDED_DRIVERS.has(driver.toLowerCase()) || (options && options['max-size'] !== undefined)) ctx.pass(target);
      else ctx.fail(target, { messageId: 'noMaxSize', data: { service: c.name, driver }, path: [...field.path, optionsKey!] });
    }
  },
});
