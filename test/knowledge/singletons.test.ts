// Singletons by design (src/knowledge/kubernetes/availability.ts): workloads a second replica does not help.
import { describe, expect, it } from 'vitest';
import { singletonReason } from '../../src/knowledge/kubernetes/availability.js';
import { workloads } from '../../src/knowledge/kubernetes/kubernetes.js';
import { projectOf } from './helpers.js';

function reasonFor(container: string): string | undefined {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata: { name: x }
spec:
  template:
    spec:
      containers:
${container.replace(/^/gm, '        ')}
`;
  const [w] = workloads(projectOf([{ path: 'k8s/x.yaml', kind: 'kubernetes', text }]));
  return singletonReason(w!);
}

describe('singletonReason', () => {
  it('knows a Spark standalone master without ZooKeeper recovery', () => {
    expect(reasonFor('- { name: m, image: "registry.k8s.io/spark:1.5.2_v1", command: ["/start-master"] }')).toMatch(/Spark standalone master/);
    expect(reasonFor('- { name: m, image: "apache/spark:3.5.1", command: ["/opt/spark/sbin/start-master.sh"] }')).toMatch(/Spark/);
    expect(reasonFor('- { name: m, image: "bitnami/spark:3.5", env: [{ name: SPARK_MODE, value: master }] }')).toMatch(/Spark/);
  });

  it('judges a Spark master with ZooKeeper recovery and Spark workers', () => {
    expect(
      reasonFor(
        '- { name: m, image: "apache/spark:3.5.1", command: ["/opt/spark/sbin/start-master.sh"], env: [{ name: SPARK_DAEMON_JAVA_OPTS, value: "-Dspark.deploy.recoveryMode=ZOOKEEPER" }] }',
      ),
    ).toBeUndefined();
    expect(reasonFor('- { name: w, image: "bitnami/spark:3.5", env: [{ name: SPARK_MODE, value: worker }] }')).toBeUndefined();
    expect(reasonFor('- { name: w, image: "registry.k8s.io/spark:1.5.2_v1", command: ["/start-worker"] }')).toBeUndefined();
  });

  it('knows Flux controllers by image, upstream and Bitnami', () => {
    expect(reasonFor('- { name: m, image: "ghcr.io/fluxcd/kustomize-controller:v1.5.0" }')).toMatch(/Flux controller/);
    expect(reasonFor('- { name: m, image: "docker.io/bitnami/fluxcd-source-controller:1.5.0@sha256:0123" }')).toMatch(/Flux controller/);
    expect(reasonFor('- { name: m, image: "ghcr.io/acme/source-controller:1.0.0" }')).toBeUndefined();
  });

  it('does not treat leader election alone as a singleton', () => {
    expect(reasonFor('- { name: m, image: "quay.io/jetstack/cert-manager-controller:v1.15.0", args: ["--leader-elect"] }')).toBeUndefined();
  });
});
