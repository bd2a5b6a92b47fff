// Regular expressions that read text from the scanned tree (pipeline files, ConfigMap values,
// commands, env values, key names, YAML headers) must not backtrack: one long line (files are up
// to 5 MB) made each of these take 10 s to minutes, found by recheck and measured in V8. Each
// case now ends within a generous bound on 200 KB and keeps its answer on ordinary input.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { ciRunsTests } from '../../src/knowledge/ci/ci.js';
import { interpolations } from '../../src/knowledge/compose/compose.js';
import { commandCredentials, shellWords } from '../../src/knowledge/secrets/credentials.js';
import { resolveInterpolationDefaults } from '../../src/knowledge/compose/interpolation.js';
import { readPrometheusConfig } from '../../src/knowledge/monitoring/monitoring.js';
import { classifyFiles } from '../../src/discovery/classify.js';
import { substituteArgs } from '../../src/parsers/dockerfile.js';
import { isInternalHost } from '../../src/knowledge/settings/env-settings.js';
import { alertingEvidence } from '../../src/knowledge/monitoring/monitoring.js';
import { mountCovers, redisPersistence } from '../../src/knowledge/datastores/persistence.js';
import { durationDays, identifierWords } from '../../src/knowledge/data/values.js';
import { offsetInScalar } from '../../src/parsers/scalar-offset.js';
import { projectOf } from '../knowledge/helpers.js';

const N = 200_000;
const BOUND_MS = 5_000;

function timed<T>(work: () => T): { result: T; ms: number } {
  const started = performance.now();
  const result = work();
  return { result, ms: performance.now() - started };
}

function ruleLines(files: Record<string, string>, ruleId: string): number[] {
  const { report } = lint({ files: Object.entries(files).map(([path, text]) => ({ path, text })) });
  return report.findings.filter((f) => f.ruleId === ruleId).map((f) => f.range.start.line);
}

describe('regular expressions on tree text stay linear', () => {
  it('CI test detection: blank runs, a long docker compose line, a long test-ish key', () => {
    const { result, ms } = timed(() => [
      ciRunsTests('\r'.repeat(N)),
      ciRunsTests(`${'st\u0000docker\tcompose\u0000'.repeat(N / 40)}st\ttest\u0000m${'test\u0000run\u0000m'.repeat(N / 40)}`),
      ciRunsTests(`T${'TEST'.repeat(N / 4)}-\nTEST`),
      ciRunsTests(`E${'\n\t'.repeat(N / 2)}E\nUSES:TEST`),
      ciRunsTests(`${'mvn '.repeat(N / 4)}`),
    ]);
    expect(result).toEqual([false, false, false, true, false]); // `uses:` is case-insensitive
    expect(ms).toBeLessThan(BOUND_MS);
    expect(ciRunsTests('jobs:\n  build:\n    steps:\n      - name: Run unit tests\n        run: make\n')).toBe(true);
    expect(ciRunsTests('script:\n  - docker compose run --rm app tests\n')).toBe(true);
    expect(ciRunsTests('unit-test:\n  script: make\n')).toBe(true);
    expect(ciRunsTests('script:\n  - mvn -B verify\n')).toBe(true);
    expect(ciRunsTests('script:\n  - echo hello\n')).toBe(false);
  });

  it('Prometheus alert rules in a ConfigMap value: a value of blank lines and tabs', () => {
    const configMap = (rules: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: rules\ndata:\n  rules.yml: ${JSON.stringify(rules)}\n`;
    const hostile = projectOf([{ path: 'cm.yaml', kind: 'kubernetes', text: configMap(`\n${'\n'.repeat(N / 2)}${'\t'.repeat(N / 2)}`) }]);
    const { result, ms } = timed(() => alertingEvidence(hostile).present.length);
    expect(result).toBe(0);
    expect(ms).toBeLessThan(BOUND_MS);
    const real = projectOf([{ path: 'cm.yaml', kind: 'kubernetes', text: configMap('groups:\n  - rules:\n    - alert: Down\n      expr: up == 0\n') }]);
    expect(alertingEvidence(real).present.length).toBe(1);
  });

  it('redis .conf arguments and mount paths with long runs', () => {
    const { result, ms } = timed(() => [redisPersistence(`n${'conf\u00000'.repeat(N / 6)}conf\tn`, {}), mountCovers(`${'/'.repeat(N)}\u0000/`, '/data')]);
    expect(result).toEqual(['default', false]);
    expect(ms).toBeLessThan(BOUND_MS);
    expect(redisPersistence('redis-server /usr/local/etc/redis/redis.conf', {})).toBe('config-file');
    expect(mountCovers('/data///', '/data')).toBe(true);
  });

  it('.svc hosts, key names with a run of capitals, durations of many digits', () => {
    const { result, ms } = timed(() => [isInternalHost(`${'.svc.s'.repeat(N / 6)}\u0000`), identifierWords(`${'A'.repeat(N)}\u0000AAa`).length, durationDays(`${'0'.repeat(N)}x`)]);
    expect(result).toEqual([false, 3, undefined]);
    expect(ms).toBeLessThan(BOUND_MS);
    expect(isInternalHost('db.prod.svc.cluster.example')).toBe(true);
    expect(identifierWords('APIKey')).toEqual(['API', 'KEY']);
    expect(identifierWords('HTTPSProxyURLValue')).toEqual(['HTTPS', 'PROXY', 'URL', 'VALUE']);
    expect(durationDays('720h0m0s')).toBe(30);
  });

  it('a block scalar header with a long blank run', () => {
    // `.` stops at U+2028 in JavaScript, so `.*` gave back the blanks one at a time to `\s*$`.
    const text = `|\t#${'\t'.repeat(N)}\u2028x\n  x\n`;
    const { result, ms } = timed(() => offsetInScalar(text, 0, 'x\n', 0, 0));
    expect([undefined, text.lastIndexOf('x')]).toContain(result);
    expect(ms).toBeLessThan(BOUND_MS);
    expect(offsetInScalar('| # note\n  abc\n', 0, 'abc\n', 0, 1)).toBe('| # note\n  abc\n'.indexOf('b'));
  });

  it('rules on values: curl flags, CORS origins, ssl_protocols (via lint)', () => {
    const { result, ms } = timed(() => [
      ruleLines({ Dockerfile: `FROM alpine:3.20\nRUN curl -${'k'.repeat(N)}! https://x.example\n` }, 'no-tls-verification-disabled'),
      ruleLines({ '.env.production': `CORS_ALLOWED_ORIGINS=a${'"'.repeat(N)}a\n` }, 'no-wildcard-cors'),
      ruleLines({ '.env.production': `NGINX_SNIPPET=ssl_protocols${' '.repeat(N)}x\n` }, 'require-modern-tls'),
    ]);
    expect(result).toEqual([[], [], []]);
    expect(ms).toBeLessThan(3 * BOUND_MS);
    expect(ruleLines({ Dockerfile: 'FROM alpine:3.20\nRUN curl -sSLk https://x.example\n' }, 'no-tls-verification-disabled')).toEqual([2]);
    expect(ruleLines({ '.env.production': 'CORS_ALLOWED_ORIGINS=["*"]\n' }, 'no-wildcard-cors')).toEqual([1]);
    expect(ruleLines({ '.env.production': 'NGINX_SNIPPET=ssl_protocols TLSv1 TLSv1.2;\n' }, 'require-modern-tls')).toEqual([1]);
  });

  it('${VAR:-default} interpolation in compose values and Dockerfile ARGs: many unclosed `${A-`', () => {
    const args = `A${'${A+'.repeat(N / 4)}A$A`;
    const { result, ms } = timed(() => [interpolations('${A-'.repeat(N / 4)).length, substituteArgs(args, {}) === args]);
    expect(result).toEqual([0, true]);
    expect(ms).toBeLessThan(BOUND_MS);
    expect(interpolations('${PORT:-5432}:5432 $HOST')).toEqual([{ variable: 'PORT', fallback: '5432' }, { variable: 'HOST' }]);
    expect(substituteArgs('node:${NODE:-22}-alpine', {})).toBe('node:22-alpine');
  });

  it('interpolation defaults, command-line credentials, Prometheus files, backup scripts (issue 15)', () => {
    const { result, ms } = timed(() => [
      resolveInterpolationDefaults('${A-'.repeat(N / 4)).defaulted,
      resolveInterpolationDefaults(`\${A:-${'x'.repeat(N)}`).defaulted,
      commandCredentials([`redis-server ${'--requirepass '.repeat(N / 16)}`]).length > 0,
      commandCredentials(['sh', '-c', `"${'\t'.repeat(N)}`]).length,
      shellWords(`'${' '.repeat(N)}`).length,
      classifyFiles([{ path: 'p.yml', text: `${'scrape_configs:'.repeat(N / 16)} \n` }]).length,
      readPrometheusConfig(`scrape_configs:\n${'  - job_name: a\n'.repeat(N / 16)}`) !== undefined,
    ]);
    expect(result).toEqual([false, false, false, 0, 1, 0, true]); // a flag followed by a flag is not read as a value
    expect(ms).toBeLessThan(BOUND_MS);
    const backups = `services:\n  db:\n    image: postgres:16.4\n  b:\n    image: postgres:16.4\n    restart: always\n    command: sh -c "${'redis-cli '.repeat(N / 10)} -mtime ${' '.repeat(N / 2)}+3"\n`;
    const lines = timed(() => ruleLines({ 'compose.yaml': backups }, 'require-backups'));
    expect(lines.ms).toBeLessThan(BOUND_MS);
    expect(lines.result).toEqual([2, 4]);
  });
});
