// Network policy directions and scheduler-style term selection (src/knowledge/kubernetes/kubernetes.ts).
import { describe, expect, it } from 'vitest';
import { networkIsolationOf, networkPolicyDirections, termSelectsOwnPods, workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { projectOf } from './helpers.js';

const deployment = (name: string, labels: string, namespace = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  template:
    metadata: {labels: ${labels}}
    spec:
      containers: [{name: c, image: "acme/x:1.0.0"}]
`;

describe('networkPolicyDirections', () => {
  it.each([
    [{}, { ingress: true, egress: false }],
    [{ egress: [{}] }, { ingress: true, egress: true }],
    [{ egress: [] }, { ingress: true, egress: false }],
    [{ policyTypes: ['Egress'] }, { ingress: false, egress: true }],
    [
      { policyTypes: [], egress: [{}] },
      { ingress: true, egress: true },
    ],
    [{ policyTypes: ['Ingress', 'Egress'] }, { ingress: true, egress: true }],
  ])('%j → %j', (spec, expected) => expect(networkPolicyDirections(spec)).toEqual(expected));
});

describe('networkIsolationOf', () => {
  it('separates selecting policies from ingress-isolating ones', () => {
    const project = projectOf([
      {
        path: 'k8s/app.yaml',
        kind: 'kubernetes',
        text: `${deployment('api', '{app: api}')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress, namespace: shop}
spec: {podSelector: {}, policyTypes: [Egress]}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: cilium, namespace: shop}
specs:
  - endpointSelector: {matchLabels: {app: web}}
    ingress: [{fromEndpoints: [{}]}]
  - endpointSelector: {matchLabels: {app: api}}
    egress: [{toEndpoints: [{}]}]
`,
      },
    ]);
    const iso = networkIsolationOf(project, workloads(project)[0]!);
    expect(iso.selecting.map((p) => p.name)).toEqual(['egress', 'cilium']);
    expect(iso.ingress).toEqual([]);
    expect(iso.egress.map((p) => p.name)).toEqual(['egress', 'cilium']);
  });
});

describe('termSelectsOwnPods', () => {
  const project = projectOf([
    { path: 'k8s/ns.yaml', kind: 'kubernetes', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {team: shop}}\n' },
    { path: 'k8s/app.yaml', kind: 'kubernetes', text: deployment('api', '{app: api, tier: backend}') },
  ]);
  const w = workloads(project)[0]!;
  const own = (term: Record<string, unknown>) => termSelectsOwnPods(project, w, term, ['t']).ownPods;
  it('matches labels and expressions as the scheduler does', () => {
    expect(own({ labelSelector: { matchLabels: { app: 'api' } } })).toBe(true);
    expect(own({ labelSelector: { matchLabels: { app: 'web' } } })).toBe(false);
    expect(own({ labelSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['backend'] }] } })).toBe(false);
    expect(own({ labelSelector: {} })).toBe(true);
    expect(own({})).toBe(false);
    expect(own({ labelSelector: {}, mismatchLabelKeys: ['app'] })).toBe(false);
  });
  it('follows namespaces and namespaceSelector', () => {
    const sel = { labelSelector: { matchLabels: { app: 'api' } } };
    expect(own({ ...sel, namespaces: ['other'] })).toBe(false);
    expect(own({ ...sel, namespaces: ['other', 'shop'] })).toBe(true);
    expect(own({ ...sel, namespaceSelector: {} })).toBe(true);
    expect(own({ ...sel, namespaceSelector: { matchLabels: { team: 'shop' } } })).toBe(true);
    expect(own({ ...sel, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } })).toBe(true);
    expect(own({ ...sel, namespaces: ['other'], namespaceSelector: { matchLabels: { team: 'platform' } } })).toBe(false);
  });
  it('says why a term misses', () => {
    expect(termSelectsOwnPods(project, w, { labelSelector: { matchLabels: { app: 'web' } } }, ['t'])).toEqual({
      ownPods: false,
      reason: "selects app=web, not the pod's own labels (app=api, tier=backend)",
      path: ['t', 'labelSelector'],
    });
  });
});
