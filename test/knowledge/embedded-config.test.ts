import { describe, expect, it } from 'vitest';
import { embeddedConfig } from '../../src/parsers/embedded-config.js';
import type { DocPath } from '../../src/model/types.js';
import { projectOf } from './helpers.js';

function configMap(data: string) {
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n${data}`;
  const doc = projectOf([{ path: 'cm.yaml', kind: 'kubernetes', text }]).ofKind('kubernetes')[0]!;
  const entries = (doc.data as { data: Record<string, string> }).data;
  const [name, value] = Object.entries(entries)[0]!;
  return { doc, config: embeddedConfig(doc, ['data', name], name, value) };
}

const start = (config: ReturnType<typeof configMap>['config'], path: DocPath, key = false) => config!.doc.locate(['data', ...path], { key }).range.start;

describe('embeddedConfig', () => {
  it('locates JSON values inside a literal block scalar (line 7 is the first content line)', () => {
    const { config } = configMap('  config.json: |\n    {\n      "cors": {\n        "allowedOrigins": ["https://a.example", "*"]\n      }\n    }\n');
    expect(config?.format).toBe('json');
    expect(config?.data).toEqual({ cors: { allowedOrigins: ['https://a.example', '*'] } });
    expect(start(config, ['config.json', 'cors', 'allowedOrigins', 1])).toEqual({ line: 9, column: 49 });
    expect(start(config, ['config.json', 'cors', 'allowedOrigins'], true)).toEqual({ line: 9, column: 9 });
  });

  it('locates TOML table keys and values; a missing key resolves to its closest ancestor', () => {
    const { config } = configMap('  app.toml: |-\n    [cors.allowed_origins]\n    values = "*"\n');
    expect(config?.data).toEqual({ cors: { allowed_origins: { values: '*' } } });
    expect(start(config, ['app.toml', 'cors', 'allowed_origins', 'values'])).toEqual({ line: 8, column: 14 });
    expect(start(config, ['app.toml', 'cors', 'allowed_origins', 'missing'])).toEqual({ line: 7, column: 5 });
  });

  it('points at the scalar when its style cannot be mapped (folded)', () => {
    const { config } = configMap('  app.toml: >\n    values = "*"\n');
    expect(start(config, ['app.toml', 'values'])).toEqual({ line: 6, column: 13 });
  });

  it('reads nothing from other files or from files that do not parse', () => {
    expect(configMap('  nginx.conf: |\n    server {}\n').config).toBeUndefined();
    expect(configMap('  app.toml: |\n    [cors\n').config).toBeUndefined();
    expect(configMap('  app.json: |\n    {"a": [\n').config).toBeUndefined();
  });
});

describe('embeddedConfig on hostile input', () => {
  it('refuses nesting no configuration has instead of overflowing the stack', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const { doc } = configMap('  app.json: "[]"\n');
    expect(embeddedConfig(doc, ['data', 'app.json'], 'app.json', deep)).toBeUndefined();
    expect(embeddedConfig(doc, ['data', 'app.json'], 'app.toml', `a = ${deep}`)).toBeUndefined();
    expect(embeddedConfig(doc, ['data', 'app.json'], 'app.json', '[[1]]')?.data).toEqual([[1]]);
  });
});
