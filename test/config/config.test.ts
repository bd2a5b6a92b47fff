import { describe, expect, it } from 'vitest';
import { ConfigError, globMatcher, parseConfig } from '../../src/config/index.js';

const known = new Set(['require-probes', 'require-backups']);
const parse = (text: string, base = '') => parseConfig(text, '.readiness-lint.yaml', base, known);
const errorOf = (text: string): ConfigError => {
  try {
    parse(text);
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('config', () => {
  it('reads rules, severities, ignores, environments and waivers', () => {
    const c = parse(
      `rules:
  require-probes: warning
  require-backups: off
ignore: [legacy/**]
environments:
  development: [docker-compose.dev.yml]
waivers:
  - rule: require-backups
    files: [docker-compose.yml]
    reason: managed database in production
failOn: warning
minScore: 75
`,
      'deploy',
    );
    expect(c.rules).toEqual({ 'require-probes': { enabled: true, severity: 'warning' }, 'require-backups': { enabled: false } });
    expect(c.ignore).toEqual(['deploy/legacy/**']);
    expect(c.environments.development).toEqual(['deploy/docker-compose.dev.yml']);
    expect(c.waivers[0]!.files).toEqual(['deploy/docker-compose.yml']);
    expect(c.failOn).toBe('warning');
    expect(c.minScore).toBe(75);
  });

  it('names the line of an unknown rule id', () => {
    const e = errorOf('rules:\n  require-probes: off\n  require-probez: off\n');
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.line).toBe(3);
    expect(e.message).toBe(".readiness-lint.yaml:3:19: unknown rule id 'require-probez' (did you mean 'require-probes'?) (run readiness-lint --list-rules to see them)");
  });

  it('names the line of a schema violation', () => {
    const e = errorOf('failOn: error\nminScore: 120\n');
    expect(e.line).toBe(2);
    expect(e.detail).toMatch(/minScore must be <= 100/);
  });

  it('names unknown keys', () => {
    const e = errorOf('rules: {}\nignores: [a]\n');
    expect(e.detail).toBe("top level: unknown key 'ignores'");
  });

  it('reports YAML syntax errors with their position', () => {
    const e = errorOf('rules:\n  require-probes: [off\n');
    expect(e.detail).toMatch(/^invalid YAML/);
    expect(e.line).toBeGreaterThanOrEqual(2);
  });

  it('matches globs with dotfiles and negation', () => {
    const m = globMatcher(['**/.env*', '!**/.env.example']);
    expect(m('app/.env.production')).toBe(true);
    expect(m('app/.env.example')).toBe(false);
    expect(m('app/values.yaml')).toBe(false);
  });
});
