// toYaml of real chart values, compared with helm v4.1.4's own renderings of those charts
// (../shared/corpus/helm-golden): each snippet is a values subtree that a template passes through
// toYaml | nindent N, found byte for byte in the golden output.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GoValue } from '../../../src/helm/value.js';
import { fromYaml, loadValues, toJson, toYaml } from '../../../src/helm/yaml/index.js';

const CORPUS = join(process.cwd(), '..', 'shared', 'corpus');
const present = existsSync(join(CORPUS, 'helm-golden', 'index.json'));

interface Pair {
  id: string;
  chart: string;
  status: string;
  output?: string;
  valuesFiles: string[];
}

const SNIPPETS: { pair: string; path: string[]; indent: number }[] = [
  { pair: 'prometheus-community+helm-charts/prometheus-pingmesh-exporter/default', path: ['config'], indent: 4 },
  { pair: 'prometheus-community+helm-charts/prometheus/default', path: ['scrapeConfigs', 'kubernetes-pods', 'relabel_configs'], indent: 6 },
  { pair: 'prometheus-community+helm-charts/prometheus-ipmi-exporter/default', path: ['modules'], indent: 6 },
  { pair: 'bitnami+charts/vault/default', path: ['server', 'rbac', 'leaderElection', 'rules'], indent: 2 },
  { pair: 'prometheus-community+helm-charts/prometheus-modbus-exporter/default', path: ['modules'], indent: 4 },
  { pair: 'bitnami+charts/cilium/default', path: ['agent', 'containerSecurityContext', 'capabilities'], indent: 14 },
  { pair: 'prometheus-community+helm-charts/prometheus-blackbox-exporter/default', path: ['config'], indent: 4 },
  { pair: 'prometheus-community+helm-charts/prometheus-operator-admission-webhook/default', path: ['jobs', 'containerSecurityContext'], indent: 12 },
  { pair: 'prometheus-community+helm-charts/prometheus-pgbouncer-exporter/default', path: ['securityContext'], indent: 12 },
  { pair: 'prometheus-community+helm-charts/prometheus-sql-exporter/default', path: ['securityContext'], indent: 12 },
  { pair: 'prometheus-community+helm-charts/prometheus-systemd-exporter/default', path: ['livenessProbe'], indent: 12 },
  { pair: 'bitnami+charts/seaweedfs/default', path: ['mariadb', 'initdbScripts'], indent: 2 },
  { pair: 'prometheus-community+helm-charts/prometheus-adapter/default', path: ['securityContext'], indent: 10 },
  { pair: 'bitnami+charts/discourse/default', path: ['discourse', 'containerSecurityContext', 'capabilities'], indent: 14 },
  { pair: 'bitnami+charts/odoo/default', path: ['containerSecurityContext', 'capabilities'], indent: 14 },
  { pair: 'bitnami+charts/redmine/default', path: ['containerSecurityContext', 'capabilities'], indent: 14 },
  { pair: 'prometheus-community+helm-charts/prometheus-mongodb-exporter/default', path: ['securityContext'], indent: 12 },
  { pair: 'prometheus-community+helm-charts/jiralert/default', path: ['securityContext'], indent: 12 },
  { pair: 'bitnami+charts/kubernetes-event-exporter/default', path: ['rbac', 'rules'], indent: 2 },
  { pair: 'prometheus-community+helm-charts/prometheus-conntrack-stats-exporter/default', path: ['securityContext'], indent: 12 },
  { pair: 'prometheus-community+helm-charts/prometheus-pushgateway/default', path: ['liveness', 'probe'], indent: 12 },
  { pair: 'prometheus-community+helm-charts/prometheus-elasticsearch-exporter/default', path: ['livenessProbe'], indent: 12 },
  { pair: 'prometheus-community+helm-charts/prometheus-stackdriver-exporter/default', path: ['livenessProbe'], indent: 12 },
  { pair: 'prometheus-community+helm-charts/prom-label-proxy/default', path: ['resources'], indent: 12 },
];

describe.skipIf(!present)('toYaml reproduces helm golden renderings', () => {
  const index = present ? (JSON.parse(readFileSync(join(CORPUS, 'helm-golden', 'index.json'), 'utf8')) as Pair[]) : [];
  for (const s of SNIPPETS) {
    it(`${s.pair} ${s.path.join('.')}`, () => {
      const pair = index.find((p) => p.id === s.pair)!;
      const values = loadValues(readFileSync(join(CORPUS, pair.chart, 'values.yaml'), 'utf8'), 'values.yaml').data;
      let v: GoValue = values;
      for (const k of s.path) v = (v as Record<string, GoValue>)[k];
      const block = toYaml(v)
        .split('\n')
        .map((l) => (l ? ' '.repeat(s.indent) + l : l))
        .join('\n');
      const golden = readFileSync(join(CORPUS, pair.output!), 'utf8');
      expect(golden.includes('\n' + block + '\n')).toBe(true);
    });
  }
});

describe.skipIf(!present)('every values file of the corpus loads', () => {
  it('values.yaml and ci/*values*.yaml of all charts', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/^values.*\.ya?ml$/.test(name) || (/\/ci\/[^/]+\.ya?ml$/.test(p) && /values/.test(name))) files.push(p);
      }
    };
    walk(join(CORPUS, 'repos', 'bitnami+charts'));
    walk(join(CORPUS, 'repos', 'prometheus-community+helm-charts'));
    const failures: string[] = [];
    for (const f of files) {
      try {
        loadValues(readFileSync(f, 'utf8'), f);
      } catch (e) {
        failures.push(`${f}: ${(e as Error).message}`);
      }
    }
    expect(files.length).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  });
});

describe.skipIf(!present)('every values file of the corpus, as helm reads and prints it', () => {
  // sha256 prefixes of helm v4.1.4's `fromYaml $file | toJson` and `fromYaml $file | toYaml`
  const hashes = JSON.parse(readFileSync(join(process.cwd(), 'test', 'helm', 'yaml', 'fixtures', 'corpus-values-hashes.json'), 'utf8')) as {
    file: string;
    json: string;
    yaml: string;
  }[];
  const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 16);
  it(`${hashes.length} files: fromYaml | toJson and fromYaml | toYaml byte for byte`, () => {
    const bad: string[] = [];
    for (const h of hashes) {
      const m = fromYaml(readFileSync(join(CORPUS, h.file), 'utf8'));
      if (sha(toJson(m)) !== h.json) bad.push(`${h.file} toJson`);
      if (sha(toYaml(m)) !== h.yaml) bad.push(`${h.file} toYaml`);
    }
    expect(bad).toEqual([]);
  });
});
