// Rule options are validated against each rule's rule.yaml schema when the config is loaded: a typo
// or a wrong type is a config error naming the line and column, never a silently ignored option
// or "at least NaN" in a message.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/index.js';
import { lint } from '../../src/engine/lint.js';
import { RULES } from '../../src/engine/registry.generated.js';

const known = new Set(RULES.map((r) => r.meta.id));
const parse = (text: string) => parseConfig(text, '.readiness-lint.yaml', '', known);
const errorOf = (text: string): ConfigError => {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('rule options', () => {
  it('a misspelled option is an error at its key, with a did-you-mean', () => {
    const error = errorOf('rules:\n  require-replicas:\n    options:\n      minReplica: 3\n');
    expect([error.line, error.column]).toEqual([4, 7]);
    expect(error.message).toBe(".readiness-lint.yaml:4:7: rules.require-replicas.options: unknown option 'minReplica' (did you mean 'minReplicas'?)");
  });

  it('the flow style of the issue is located too', () => {
    const error = errorOf('rules: {require-replicas: {options: {minReplica: 3}}}\n');
    expect([error.line, error.column]).toEqual([1, 38]);
    expect(error.detail).toMatch(/did you mean 'minReplicas'/);
  });

  it('a wrong type is an error at the value, not "at least NaN"', () => {
    const error = errorOf('rules:\n  require-replicas:\n    options:\n      minReplicas: "three"\n');
    expect([error.line, error.column]).toEqual([4, 20]);
    expect(error.detail).toBe('rules.require-replicas.options.minReplicas must be integer');
  });

  it('bounds, item types and rules without options are checked', () => {
    expect(errorOf('rules:\n  require-replicas:\n    options: {minReplicas: 0}\n').detail).toBe('rules.require-replicas.options.minReplicas must be >= 1');
    expect(errorOf('rules:\n  no-exposed-datastores:\n    options:\n      ports: [5432, "x"]\n')).toMatchObject({
      line: 4,
      column: 21,
      detail: 'rules.no-exposed-datastores.options.ports.1 must be integer',
    });
    expect(errorOf('rules:\n  require-probes:\n    options: {x: 1}\n').detail).toBe("rules.require-probes.options: unknown option 'x' (the rule takes no options)");
    expect(errorOf('rules:\n  require-pinned-images:\n    options: {pinned: true}\n').detail).toBe(
      "rules.require-pinned-images.options: unknown option 'pinned' (options: requireDigest, extraFloatingTags)",
    );
  });

  it('valid options reach the rule, typed', () => {
    const config = parse('rules:\n  require-replicas:\n    options: {minReplicas: 3}\n');
    expect(config.rules['require-replicas']).toEqual({ enabled: true, severity: undefined, options: { minReplicas: 3 } });
    const deployment =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  replicas: 2\n  template: {spec: {containers: [{name: api, image: ghcr.io/acme/api:1.0.0}]}}\n';
    const { report } = lint({ files: [{ path: 'k8s/api.yaml', text: deployment }], config, onlyRules: ['require-replicas'] });
    expect(report.findings.map((f) => f.message)).toEqual([expect.stringMatching(/at least 3$/)]);
  });
});
