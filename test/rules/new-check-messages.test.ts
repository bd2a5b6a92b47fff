// Messages of the new Kubernetes checks read as written: no part of them is taken for a secret and masked.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';

const POD = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: web
      image: ghcr.io/acme/web:1.4.2
      ports: [{containerPort: 8080, hostPort: 80}]
`;

describe('new check messages', () => {
  it('service-account token, seccomp and hostPort messages are not masked', () => {
    const { report } = lint({
      files: [{ path: 'k8s/pod.yaml', text: POD }],
      onlyRules: ['no-automounted-service-account-token', 'require-seccomp-profile', 'no-host-ports'],
    });
    expect(report.findings.map((f) => f.message).sort()).toEqual([
      'Container `web` binds port 80 on the node (hostPort for containerPort 8080); expose it through a Service instead',
      'Container `web` runs without a seccomp profile (no seccompProfile on the container or pod); Kubernetes runs it Unconfined',
      'Pod/web gets a token of ServiceAccount `default` mounted, though no RoleBinding or ClusterRoleBinding here grants that account anything; set automountServiceAccountToken to false',
    ]);
  });
});
