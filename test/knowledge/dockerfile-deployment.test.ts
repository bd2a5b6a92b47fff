import { describe, expect, it } from 'vitest';
import type { DockerfileData } from '../../src/model/types.js';
import { isBaseImageDockerfile, kubernetesRunsDockerfile } from '../../src/knowledge/dockerfile/dockerfile-deployment.js';
import { projectOf } from './helpers.js';

const deployment = (image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ${image}\n`;

/** Is the Dockerfile at `dockerfilePath` run by Kubernetes, given manifests at the other paths? */
function runByKubernetes(dockerfilePath: string, manifests: Record<string, string>, from = 'alpine:3.20'): string | undefined {
  const project = projectOf([
    { path: dockerfilePath, kind: 'dockerfile', text: `FROM ${from}\nCMD ["/app"]\n` },
    ...Object.entries(manifests).map(([path, image]) => ({ path, kind: 'kubernetes' as const, text: deployment(image) })),
  ]);
  const doc = project.ofKind<DockerfileData>('dockerfile')[0]!;
  return kubernetesRunsDockerfile(project, doc);
}

describe('kubernetesRunsDockerfile', () => {
  it('relates a Dockerfile to a workload running an image named like its folder or suffix', () => {
    expect(runByKubernetes('services/api/Dockerfile', { 'deploy/k8s/app.yaml': 'ghcr.io/acme/api:1.0' })).toMatch(/Deployment\/app runs ghcr.io\/acme\/api/);
    expect(runByKubernetes('services/api/docker/Dockerfile', { 'deploy/k8s/app.yaml': 'acme/api:1.0' })).toBeDefined();
    expect(runByKubernetes('services/Dockerfile.api', { 'deploy/k8s/app.yaml': 'acme/api:1.0' })).toBeDefined();
    expect(runByKubernetes('services/mailer/Dockerfile', { 'deploy/k8s/app.yaml': 'acme/api:1.0' })).toBeUndefined();
  });

  it('does not take the base image for the built one', () => {
    expect(runByKubernetes('services/nginx/Dockerfile', { 'deploy/k8s/app.yaml': 'nginx:1.27' }, 'nginx:1.27-alpine')).toBeUndefined();
  });

  it('relates Kubernetes files in, beside or directly above the Dockerfile folder', () => {
    expect(runByKubernetes('Dockerfile', { 'k8s/app.yaml': 'acme/x:1' })).toMatch(/k8s\/app.yaml/);
    expect(runByKubernetes('api/Dockerfile', { 'k8s/app.yaml': 'acme/x:1' })).toBeDefined();
    expect(runByKubernetes('db/cassandra/image/Dockerfile', { 'db/cassandra/sts.yaml': 'acme/x:1' })).toBeDefined();
  });

  it('does not relate a Dockerfile to Kubernetes files in an unrelated subtree (one repository of many)', () => {
    const manifests = { '../corpus/repos/examples/web/app.yaml': 'acme/x:1' };
    expect(runByKubernetes('../corpus/repos/docker-library+python/3.12/alpine/Dockerfile', manifests)).toBeUndefined();
    expect(runByKubernetes('tools/runner/Dockerfile', { 'k8s/app.yaml': 'acme/x:1' })).toBeUndefined();
  });
});

describe('isBaseImageDockerfile', () => {
  it('is true for ONBUILD images only', () => {
    const data = (text: string) => projectOf([{ path: 'Dockerfile', kind: 'dockerfile', text }]).ofKind<DockerfileData>('dockerfile')[0]!.data;
    expect(isBaseImageDockerfile(data('FROM node:20\nONBUILD COPY . .\n'))).toBe(true);
    expect(isBaseImageDockerfile(data('FROM node:20\nCOPY . .\n'))).toBe(false);
  });
});
