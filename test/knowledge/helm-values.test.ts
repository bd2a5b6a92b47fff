import { describe, expect, it } from 'vitest';
import { classifyFiles } from '../../src/discovery/index.js';
import { parseFile } from '../../src/parsers/index.js';
import { Project } from '../../src/model/project.js';
import type { SourceDocument } from '../../src/model/types.js';
import { disabledFeatureSwitches } from '../../src/knowledge/charts/helm-values.js';

const CHART = { path: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: api\nversion: 1.0.0\n' };

function project(files: { path: string; text: string }[]): Project {
  const classified = classifyFiles([CHART, ...files]);
  return new Project(
    classified,
    classified.flatMap((f) => parseFile(f).documents),
  );
}

const env = (d: SourceDocument) => (d.file.environment === 'unknown' ? 'production' : d.file.environment);
const values = (p: Project, path: string) => p.ofKind('helm-values').find((d) => d.file.path === path)!;

describe('disabledFeatureSwitches', () => {
  const BASE = 'smtp:\n  enabled: false\n  password: x\nldap:\n  enable: false\n  server:\n    bindPassword: x\nauth:\n  enabled: true\n  password: x\n';

  it('finds the sibling switch of the key or of any enclosing block, never the key itself', () => {
    const p = project([{ path: 'chart/values.yaml', text: BASE }]);
    const base = values(p, 'chart/values.yaml');
    expect(disabledFeatureSwitches(p, base, env)(['smtp', 'password'])).toEqual(['smtp', 'enabled']);
    expect(disabledFeatureSwitches(p, base, env)(['ldap', 'server', 'bindPassword'])).toEqual(['ldap', 'enable']);
    expect(disabledFeatureSwitches(p, base, env)(['smtp', 'enabled'])).toBeUndefined();
    expect(disabledFeatureSwitches(p, base, env)(['auth', 'password'])).toBeUndefined();
  });

  it('a production overlay that turns the feature on wins over the base; a development one does not', () => {
    const p = project([
      { path: 'chart/values.yaml', text: BASE },
      { path: 'chart/values-production.yaml', text: 'smtp:\n  enabled: true\n' },
      { path: 'chart/values-dev.yaml', text: 'ldap:\n  enable: true\n' },
    ]);
    const base = values(p, 'chart/values.yaml');
    expect(disabledFeatureSwitches(p, base, env)(['smtp', 'password'])).toBeUndefined();
    expect(disabledFeatureSwitches(p, base, env)(['ldap', 'server', 'bindPassword'])).toEqual(['ldap', 'enable']);
  });

  it('a production overlay that turns the feature off disables the base key', () => {
    const p = project([
      { path: 'chart/values.yaml', text: BASE },
      { path: 'chart/values-production.yaml', text: 'auth:\n  enabled: false\n' },
    ]);
    expect(disabledFeatureSwitches(p, values(p, 'chart/values.yaml'), env)(['auth', 'password'])).toEqual(['auth', 'enabled']);
  });

  it('an overlay without its own switch inherits the base values switch', () => {
    const p = project([
      { path: 'chart/values.yaml', text: BASE },
      { path: 'chart/values-production.yaml', text: 'smtp:\n  password: y\nauth:\n  password: y\nldap:\n  enable: true\n  server:\n    bindPassword: y\n' },
    ]);
    const prod = values(p, 'chart/values-production.yaml');
    expect(disabledFeatureSwitches(p, prod, env)(['smtp', 'password'])).toEqual(['smtp', 'enabled']);
    expect(disabledFeatureSwitches(p, prod, env)(['auth', 'password'])).toBeUndefined();
    expect(disabledFeatureSwitches(p, prod, env)(['ldap', 'server', 'bindPassword'])).toBeUndefined();
  });
});
