// Knowledge used by the reliability, data, observability and operations rules.
import { describe, expect, it } from 'vitest';
import { debugFlags, debugSetting, isDevServerCommand } from '../../src/knowledge/settings/debug-settings.js';
import { dataDirectories, mountCovers, redisPersistence } from '../../src/knowledge/datastores/persistence.js';
import { datastoreById } from '../../src/knowledge/datastores/datastores.js';
import { ciRunsTests } from '../../src/knowledge/ci/ci.js';
import { intOrPercent, SINGLETON_COMPONENT, valuesComponentIsStateful } from '../../src/knowledge/kubernetes/availability.js';
import { metricsEnvEnabled, hasScrapeAnnotations } from '../../src/knowledge/monitoring/monitoring.js';
import { classifyFiles } from '../../src/discovery/index.js';
import { parseFile } from '../../src/parsers/index.js';
import { Project } from '../../src/model/project.js';
import { composeServices } from '../../src/knowledge/compose/compose.js';
import { composeModels } from '../../src/knowledge/compose/compose-layers.js';
import { chartNameOf, datastoreOfValuesPath, findValuesKeys, productionOverride } from '../../src/knowledge/charts/helm-values.js';

describe('debug settings', () => {
  it.each([
    ['DEBUG', 'True', 'debug-flag'],
    ['FLASK_DEBUG', '1', 'debug-flag'],
    ['debug.enabled', 'true', 'debug-flag'],
    ['APP_DEBUG_MODE', 'on', 'debug-flag'],
    ['NODE_ENV', 'development', 'dev-mode'],
    ['APP_ENV', 'local', 'dev-mode'],
    ['ASPNETCORE_ENVIRONMENT', 'Development', 'dev-mode'],
    ['GIN_MODE', 'debug', 'dev-mode'],
    ['SPRING_PROFILES_ACTIVE', 'cloud,dev', 'dev-mode'],
    ['DJANGO_SETTINGS_MODULE', 'app.settings.local', 'dev-mode'],
    ['LOG_LEVEL', 'DEBUG', 'log-level'],
    ['logLevel', 'trace', 'log-level'],
    ['KC_LOG_LEVEL', 'debug', 'log-level'],
    ['RUST_LOG', 'debug', 'log-level'],
  ])('%s=%s is %s', (key, value, kind) => {
    expect(debugSetting(key, value)?.kind).toBe(kind);
  });

  it.each([
    ['DEBUG', 'false'],
    ['DEBUG', 'app:*'],
    ['NODE_DEBUG', 'http'],
    ['DEBUG_PORT', '9229'],
    ['NODE_ENV', 'production'],
    ['NODE_ENV', '${NODE_ENV}'],
    ['LOG_LEVEL', 'info'],
    ['RUST_LOG', 'info,hyper=debug'],
    ['DEBUGGER_URL', 'true'],
  ])('%s=%s is not a debug setting', (key, value) => {
    expect(debugSetting(key, value)).toBeUndefined();
  });

  it('recognises dev servers', () => {
    for (const c of ['npm run dev', 'next dev -p 3000', 'uvicorn app:app --reload', 'python manage.py runserver 0.0.0.0:8000', 'flask run', 'nodemon src/index.js', 'vite']) {
      expect(isDevServerCommand(c), c).toBe(true);
    }
    for (const c of ['npm start', 'node server.js', 'gunicorn app:app', 'next start', 'vite build', 'nginx -g daemon off;']) {
      expect(isDevServerCommand(c), c).toBe(false);
    }
  });
});

describe('persistence', () => {
  it('reads Redis persistence from the command line and env', () => {
    expect(redisPersistence('redis-server --appendonly yes', {})).toBe('aof');
    expect(redisPersistence('redis-server --save 60 1000', {})).toBe('rdb');
    expect(redisPersistence('redis-server --save "" --appendonly no', {})).toBe('cache');
    expect(redisPersistence('redis-server --maxmemory-policy allkeys-lru', {})).toBe('cache');
    expect(redisPersistence('redis-server /usr/local/etc/redis/redis.conf', {})).toBe('config-file');
    expect(redisPersistence('', { REDIS_AOF_ENABLED: 'yes' })).toBe('aof');
    expect(redisPersistence('', {})).toBe('default');
  });

  it('finds data directories and the mounts that cover them', () => {
    const pg = datastoreById('postgres');
    expect(dataDirectories(pg, { PGDATA: '/var/lib/postgresql/data/pgdata' }, '')).toContain('/var/lib/postgresql/data/pgdata');
    expect(dataDirectories(datastoreById('minio'), {}, 'server /export --console-address :9001')).toContain('/export');
    expect(mountCovers('/var/lib/postgresql', '/var/lib/postgresql/data')).toBe(true);
    expect(mountCovers('/var/lib/postgresql/data/', '/var/lib/postgresql/data')).toBe(true);
    expect(mountCovers('/var/lib/postgresql/data/pgdata', '/var/lib/postgresql/data')).toBe(false);
    expect(mountCovers('/', '/data')).toBe(false);
  });
});

describe('CI', () => {
  it('detects test runs', () => {
    expect(ciRunsTests('steps:\n  - run: npm ci\n  - run: npm test\n')).toBe(true);
    expect(ciRunsTests('script:\n  - python -m pytest -q\n')).toBe(true);
    expect(ciRunsTests("stage('Test') { steps { sh 'go test ./...' } }")).toBe(true);
    expect(ciRunsTests('  - run: ./gradlew check\n')).toBe(true);
    expect(ciRunsTests('      - run: docker build --target test .\n')).toBe(true);
    expect(ciRunsTests('      - run: docker compose run --rm api pytest\n')).toBe(true);
    expect(ciRunsTests('jobs:\n  publish:\n    steps:\n      - run: docker push ghcr.io/acme/api\n')).toBe(false);
  });
});

describe('availability', () => {
  it('parses int-or-percent values', () => {
    expect(intOrPercent(1)).toEqual({ value: 1, percent: false });
    expect(intOrPercent('25%')).toEqual({ value: 25, percent: true });
    expect(intOrPercent('x')).toBeUndefined();
  });
  it('knows singletons and stateful values components', () => {
    expect(SINGLETON_COMPONENT.test('compactor')).toBe(true);
    expect(SINGLETON_COMPONENT.test('kube-state-metrics')).toBe(true);
    expect(SINGLETON_COMPONENT.test('gateway')).toBe(false);
    expect(valuesComponentIsStateful({ podManagementPolicy: 'Parallel' })).toBe(true);
    expect(valuesComponentIsStateful({ persistentVolume: { enabled: true } })).toBe(true);
    expect(valuesComponentIsStateful({ strategy: { type: 'RollingUpdate' } })).toBe(false);
  });
});

describe('monitoring', () => {
  it('reads scrape annotations and metrics env', () => {
    expect(hasScrapeAnnotations({ 'prometheus.io/scrape': 'true' })).toBe(true);
    expect(hasScrapeAnnotations({ 'prometheus.io/scrape': 'false' })).toBe(false);
    expect(metricsEnvEnabled('OTEL_EXPORTER_OTLP_ENDPOINT', 'http://collector:4317')).toBe(true);
    expect(metricsEnvEnabled('OTEL_METRICS_EXPORTER', 'none')).toBe(false);
    expect(metricsEnvEnabled('METRICS_ENABLED', 'true')).toBe(true);
  });
});

describe('debug flags on command lines', () => {
  it('finds debug switches', () => {
    expect(debugFlags(['--queue=jobs', '--log-level=debug', '--debug']).map((f) => f.index)).toEqual([1, 2]);
    expect(debugFlags(['traefik', '--log.level', 'DEBUG']).map((f) => [f.index, f.kind])).toEqual([[2, 'log-level']]);
    expect(debugFlags(['-Dlogging.level.root=DEBUG'])[0]?.kind).toBe('log-level');
    expect(debugFlags(['--debug=false', '--log-level', 'info', '--verbosity=warn'])).toEqual([]);
  });
});

describe('layers', () => {
  const project = (files: { path: string; text: string }[]) => {
    const classified = classifyFiles(files);
    return new Project(
      classified,
      classified.flatMap((f) => parseFile(f).documents),
    );
  };

  it('compose: layers merge into one model per environment; a development layer never reaches production', () => {
    const p = project([
      { path: 'docker-compose.yml', text: 'services:\n  api:\n    image: a:1\n  web:\n    image: w:1\n' },
      { path: 'docker-compose.prod.yml', text: 'services:\n  api:\n    restart: always\n' },
      { path: 'docker-compose.override.yml', text: 'services:\n  web:\n    restart: always\n' },
    ]);
    const { documents } = composeModels(p.ofKind('compose'), (path) => p.ofKind('compose').find((d) => d.file.path === path), {
      environmentOf: (f) => f.environment,
      headline: 'production',
    });
    expect(documents.map((d) => [d.composeModel?.environment, d.composeModel?.files.join(' + ')])).toEqual([
      ['development', 'docker-compose.yml + docker-compose.override.yml'],
      ['production', 'docker-compose.yml + docker-compose.prod.yml'],
    ]);
    const [dev, prod] = documents;
    const restartOf = (doc: typeof prod, name: string) => composeServices(doc!).find((s) => s.name === name)?.data.restart;
    expect([restartOf(prod, 'api'), restartOf(prod, 'web')]).toEqual(['always', undefined]);
    expect([restartOf(dev, 'api'), restartOf(dev, 'web')]).toEqual([undefined, 'always']);
    // The effective value's own line; a missing key at the service in the layer that defines it.
    expect(prod!.locate(['services', 'api', 'restart'])).toMatchObject({ file: 'docker-compose.prod.yml', range: { start: { line: 3, column: 14 } } });
    expect(prod!.locate(['services', 'web', 'restart'])).toMatchObject({ file: 'docker-compose.yml', range: { start: { line: 4, column: 3 } } });
  });

  it('helm: a production values file overrides the base values for the keys it sets', () => {
    const p = project([
      { path: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: api\nversion: 1.0.0\n' },
      { path: 'chart/values.yaml', text: 'replicaCount: 1\nworker:\n  replicaCount: 1\n' },
      { path: 'chart/values-prod.yaml', text: 'replicaCount: 3\n' },
    ]);
    const base = p.ofKind('helm-values').find((d) => d.file.path === 'chart/values.yaml')!;
    const env = (d: { file: { environment: string } }) => d.file.environment;
    expect(productionOverride(p, base, ['replicaCount'], env)?.file.path).toBe('chart/values-prod.yaml');
    expect(productionOverride(p, base, ['worker', 'replicaCount'], env)).toBeUndefined();
    expect(chartNameOf(p, base)).toBe('api');
    expect(datastoreOfValuesPath(p, base, ['postgresql', 'primary', 'persistence'])?.id).toBe('postgres');
    expect(findValuesKeys(base.data, 'replicaCount', 1).map((m) => m.path.join('.'))).toEqual(['replicaCount', 'worker.replicaCount']);
  });
});
