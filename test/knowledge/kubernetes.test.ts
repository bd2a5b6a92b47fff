import { describe, expect, it } from 'vitest';
import {
  autoscalersFor,
  containerEnv,
  containersOf,
  containerTargetName,
  disruptionBudgetsFor,
  kustomizePatchFiles,
  effectiveSecurityContext,
  networkPoliciesFor,
  podSpecPath,
  selectorMatches,
  servicesSelecting,
  workloads,
} from '../../src/knowledge/kubernetes/kubernetes.js';
import { projectOf } from './helpers.js';

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api, tier: backend}
    spec:
      securityContext:
        runAsUser: 1000
        runAsNonRoot: true
      initContainers:
        - name: migrate
          image: acme/api:1
          restartPolicy: Always
      containers:
        - name: api
          image: acme/api:1
          securityContext:
            runAsUser: 0
          env:
            - name: A
              value: "1"
            - name: B
              valueFrom:
                secretKeyRef: {name: s, key: b}
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: shop
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        metadata:
          labels: {app: nightly}
        spec:
          containers:
            - name: job
              image: acme/job:1
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: debug
      labels: {app: debug}
    spec:
      restartPolicy: Never
      containers:
        - name: sh
          image: busybox:1.36
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
---
apiVersion: v1
kind: Service
metadata: {name: other, namespace: other}
spec:
  selector: {app: api}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api, namespace: shop}
spec:
  minAvailable: 1
  selector:
    matchExpressions:
      - {key: tier, operator: In, values: [backend, web]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
`;

const project = projectOf([{ path: 'k8s/all.yaml', kind: 'kubernetes', text: MANIFESTS }]);

describe('podSpecPath', () => {
  it.each([
    ['Deployment', ['spec', 'template', 'spec']],
    ['StatefulSet', ['spec', 'template', 'spec']],
    ['Job', ['spec', 'template', 'spec']],
    ['CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
    ['Pod', ['spec']],
    ['Service', undefined],
  ])('%s', (kind, path) => expect(podSpecPath(kind)).toEqual(path));
});

describe('workloads', () => {
  const ws = workloads(project);
  it('finds workloads, List items included', () => {
    expect(ws.map((w) => `${w.kind}/${w.name}:${w.batch}`)).toEqual(['Deployment/api:false', 'CronJob/nightly:true', 'Pod/debug:true']);
    expect(ws[1]!.podSpecPath).toEqual(['spec', 'jobTemplate', 'spec', 'template', 'spec']);
    expect(ws[1]!.podLabels).toEqual({ app: 'nightly' });
  });
  it('lists containers with paths and roles', () => {
    const cs = containersOf(ws[0]!, ['container', 'init']);
    expect(cs.map((c) => [containerTargetName(c), c.path.join('.'), c.sidecar])).toEqual([
      ['Deployment/api container api', 'spec.template.spec.containers.0', false],
      ['Deployment/api init container migrate', 'spec.template.spec.initContainers.0', true],
    ]);
  });
  it('resolves the effective securityContext (container overrides pod)', () => {
    const [api, migrate] = containersOf(ws[0]!, ['container', 'init']);
    expect(effectiveSecurityContext(api!, 'runAsUser')).toMatchObject({ value: 0, from: 'container' });
    expect(effectiveSecurityContext(api!, 'runAsNonRoot')).toMatchObject({ value: true, from: 'pod', path: ['spec', 'template', 'spec', 'securityContext', 'runAsNonRoot'] });
    expect(effectiveSecurityContext(migrate!, 'runAsUser')).toMatchObject({ value: 1000, from: 'pod' });
    expect(effectiveSecurityContext(migrate!, 'privileged')).toBeUndefined();
  });
  it('reads env values and valueFrom', () => {
    const env = containerEnv(containersOf(ws[0]!)[0]!);
    expect(env.map((e) => [e.name, e.value, e.valueFrom !== undefined, e.valuePath.join('.')])).toEqual([
      ['A', '1', false, 'spec.template.spec.containers.0.env.0.value'],
      ['B', undefined, true, 'spec.template.spec.containers.0.env.1'],
    ]);
  });
  it('relates Services, PDBs, HPAs and NetworkPolicies to workloads', () => {
    const api = ws[0]!;
    expect(servicesSelecting(project, api).map((s) => `${s.namespace}/${s.name}`)).toEqual(['shop/api']);
    expect(disruptionBudgetsFor(project, api).map((o) => o.name)).toEqual(['api']);
    expect(autoscalersFor(project, api).map((o) => o.name)).toEqual(['api']);
    expect(networkPoliciesFor(project, api).map((o) => o.name)).toEqual(['default-deny']);
    expect(servicesSelecting(project, ws[1]!)).toEqual([]);
  });
});

describe('selectorMatches', () => {
  const labels = { app: 'api', tier: 'backend' };
  it.each([
    [{}, true],
    [{ matchLabels: { app: 'api' } }, true],
    [{ matchLabels: { app: 'web' } }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['backend'] }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, true],
    [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
    [{ matchLabels: { app: 'api' }, matchExpressions: [{ key: 'tier', operator: 'Bogus' }] }, false],
  ])('%j → %s', (sel, expected) => expect(selectorMatches(sel, labels)).toBe(expected));
});

describe('kustomize patches', () => {
  const kustomized = projectOf([
    {
      path: 'overlays/prod/kustomization.yaml',
      kind: 'kubernetes',
      text: 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../../base]\npatches:\n  - path: replicas.yaml\npatchesStrategicMerge:\n  - ./resources.yaml\n',
    },
    { path: 'overlays/prod/replicas.yaml', kind: 'kubernetes', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec: {replicas: 3}\n' },
    {
      path: 'overlays/prod/resources.yaml',
      kind: 'kubernetes',
      text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          resources: {limits: {memory: 1Gi}}\n',
    },
    {
      path: 'base/deployment.yaml',
      kind: 'kubernetes',
      text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: acme/api:1\n',
    },
  ]);
  it('are not workloads', () => {
    expect([...kustomizePatchFiles(kustomized)].sort()).toEqual(['overlays/prod/replicas.yaml', 'overlays/prod/resources.yaml']);
    expect(workloads(kustomized).map((w) => w.doc.file.path)).toEqual(['base/deployment.yaml']);
  });
});
