// A small, fast sample of the fidelity corpus (npm run helm:fidelity runs all of it): each pair must
// render semantically equal to helm v4.1.4's golden after masking the nondeterministic values.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { comparePair, corpusDir, loadIndex } from '../../../scripts/helm-fidelity-lib.js';

const SAMPLE = [
  'prometheus-community+helm-charts/kube-state-metrics/default',
  'prometheus-community+helm-charts/prometheus-operator-admission-webhook/liveness-probe-values',
  'prometheus-community+helm-charts/prometheus-blackbox-exporter/hostAliases',
  'prometheus-community+helm-charts/alertmanager/default',
  'prometheus-community+helm-charts/prometheus-adapter/default',
  'bitnami+charts/common/default',
  'bitnami+charts/nginx/default',
  'bitnami+charts/wordpress/default',
  'bitnami+charts/grafana-loki/default',
  'prometheus-community+helm-charts/prometheus-postgres-exporter/default',
];

const corpus = corpusDir();
describe.runIf(existsSync(corpus))('helm fidelity sample', () => {
  const index = existsSync(corpus) ? loadIndex(corpus) : [];
  for (const id of SAMPLE) {
    it(id, { timeout: 60_000 }, () => {
      const entry = index.find((e) => e.id === id);
      expect(entry, id).toBeDefined();
      const r = comparePair(corpus, entry!);
      expect(r.firstDiff ?? '', id).toBe('');
      expect(r.semantic).toBe(true);
    });
  }
});
