// A small, fast sample of the kustomize goldens (npm run kustomize:fidelity runs all of them): each
// ok root must build byte-identical to `kubectl kustomize`, each rejected root must fail here too.
import { describe, expect, it } from 'vitest';
import { compareCase, corpusDir, loadKustomizeIndex } from '../../scripts/kustomize-fidelity-lib.js';
import { HAS_CORPUS, noteCorpusSkip } from '../helpers/corpus.js';

const SAMPLE = [
  'stefanprodan+podinfo/deploy__overlays__production', // labels, configMapGenerator hash, components
  'kubernetes-sigs+kustomize/examples__ldap__overlays__production', // namePrefix + generator merge
  'kubernetes-sigs+kustomize/examples__springboot__overlays__staging', // behavior: merge, env file
  'kubernetes-sigs+kubebuilder/testdata__project-v4__config__default', // namespace, replacements, webhooks
  'kostis-codefresh+gitops-environment-promotion/envs__qa', // components, patchesStrategicMerge list order
  'GoogleCloudPlatform+bank-of-anthos/src__accounts__accounts-db__k8s__overlays__init-db-production', // JSON 6902 + SMP
  'GoogleCloudPlatform+microservices-demo/kustomize__tests__spanner-with-all-components', // many components
  'redhat-cop+gitops-catalog/oauth__overlays__htpass', // secretGenerator base64 lines
  'gnmic+operator/config__overlays__production', // error: no resource matches strategic merge patch
  'argoproj+argocd-example-apps/plugins__kustomized-helm', // error: patches as strings
  'GoogleCloudPlatform+anthos-config-management-samples/namespace-specific-policy__configsync-src__example', // load restrictor
];

noteCorpusSkip('kustomize fidelity sample');
describe.skipIf(!HAS_CORPUS)('kustomize fidelity sample', () => {
  const corpus = corpusDir();
  const index = HAS_CORPUS ? loadKustomizeIndex(corpus) : [];
  for (const id of SAMPLE) {
    it(id, { timeout: 60_000 }, () => {
      const c = index.find((e) => e.id === id);
      expect(c, id).toBeDefined();
      const r = compareCase(corpus, c!);
      expect(r.firstDiff, id).toBeUndefined();
      expect(r.semantic).toBe(true);
      expect(r.byte).toBe(true);
    });
  }
});
