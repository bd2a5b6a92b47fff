// Availability messages quote the replica count the manifest sets (`replicas: 3`) and name the
// autoscaler's bounds apart; they never print the autoscaler's bound as "the" replica count.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';

const deployment = (replicas: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
${replicas}  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.4.2
`;

const hpa = (min: number, max: number) => `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: ${min}
  maxReplicas: ${max}
`;

function messages(text: string, rule: string): string[] {
  const { report } = lint({ files: [{ path: 'k8s/api.yaml', text }], onlyRules: [rule] });
  return report.findings.map((f) => f.message);
}

describe('replica counts in messages', () => {
  it('PodDisruptionBudget: the manifest says 3, the autoscaler 2 to 6', () => {
    expect(messages(deployment('  replicas: 3\n') + hpa(2, 6), 'require-pod-disruption-budget')).toEqual([
      'Deployment/api runs several replicas (replicas: 3; HorizontalPodAutoscaler/api scales it from 2 to 6) but no PodDisruptionBudget selects its pods',
    ]);
  });

  it('PodDisruptionBudget without an autoscaler', () => {
    expect(messages(deployment('  replicas: 3\n'), 'require-pod-disruption-budget')).toEqual([
      'Deployment/api runs several replicas (replicas: 3) but no PodDisruptionBudget selects its pods',
    ]);
  });

  it('topology spread: no replicas field is not replaced by the autoscaler maximum', () => {
    expect(messages(deployment('') + hpa(2, 6), 'require-topology-spread')).toEqual([
      'Deployment/api (no replicas field (Kubernetes runs 1); HorizontalPodAutoscaler/api scales it from 2 to 6) has neither topologySpreadConstraints nor pod anti-affinity, so its replicas may share a node',
    ]);
  });

  it('replicas: the autoscaler floor is named as the autoscaler’s, next to the manifest count', () => {
    expect(messages(deployment('  replicas: 3\n') + hpa(1, 4), 'require-replicas')).toEqual([
      'HorizontalPodAutoscaler/api lets Deployment/api (replicas: 3) scale down to 1 replica(s); set its minimum to at least 2',
    ]);
  });

  it('autoscaling: a missing autoscaler names the manifest count', () => {
    expect(messages(deployment('  replicas: 3\n'), 'require-autoscaling')).toEqual(['No HorizontalPodAutoscaler targets Deployment/api (replicas: 3)']);
  });

  it('Helm values: replicaCount as written, autoscaling bounds apart', () => {
    const { report } = lint({
      files: [
        { path: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: web\nversion: 1.0.0\n' },
        {
          path: 'chart/values.yaml',
          text: 'replicaCount: 1\nautoscaling:\n  enabled: true\n  minReplicas: 2\n  maxReplicas: 5\ntopologySpreadConstraints: []\npodDisruptionBudget:\n  enabled: false\n',
        },
      ],
      onlyRules: ['require-topology-spread', 'require-pod-disruption-budget'],
    });
    expect(report.findings.map((f) => f.message).sort()).toEqual([
      'Values (replicaCount: 1; autoscaling scales it from 2 to 5): empty topologySpreadConstraints and no pod anti-affinity',
      'Values key `podDisruptionBudget.enabled` turns the PodDisruptionBudget off for a service running several replicas (replicaCount: 1; autoscaling scales it from 2 to 5)',
    ]);
  });
});
