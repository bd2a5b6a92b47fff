import { describe, expect, it } from 'vitest';
import { classifyTag, imageDeclaresHealthcheck, imagePinning, isPauseImage, isFloatingTag, parseImageRef } from '../../src/knowledge/containers/images.js';
import { imageDefaultUser, isKnownNonRootImage } from '../../src/knowledge/containers/image-users.js';

describe('parseImageRef', () => {
  it.each([
    ['nginx', { registry: 'docker.io', repository: 'library/nginx', name: 'nginx', shortName: 'nginx', tag: undefined, digest: undefined }],
    ['nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', name: 'nginx', tag: '1.27' }],
    ['bitnami/postgresql:16', { registry: 'docker.io', repository: 'bitnami/postgresql', shortName: 'postgresql', tag: '16' }],
    ['ghcr.io/org/app:v1@sha256:abc', { registry: 'ghcr.io', repository: 'org/app', name: 'ghcr.io/org/app', tag: 'v1', digest: 'sha256:abc' }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app', tag: undefined, registryExplicit: true }],
    ['registry.example.com:8443/team/app:2.0', { registry: 'registry.example.com:8443', repository: 'team/app', tag: '2.0' }],
    ['docker.elastic.co/elasticsearch/elasticsearch:8.14.1', { shortName: 'elasticsearch', tag: '8.14.1' }],
    ['index.docker.io/library/redis:7', { registry: 'docker.io', name: 'redis', tag: '7' }],
    ['app:${TAG}', { hasVariables: true, tag: '${TAG}' }],
  ])('%s', (raw, expected) => {
    expect(parseImageRef(raw)).toMatchObject(expected);
  });
  it('rejects empty', () => expect(parseImageRef('  ')).toBeUndefined());
  // The rules of a run ask about the same images again and again: one parse each, shared frozen.
  it('parses each reference once and shares it, unchangeable', () => {
    const first = parseImageRef('quay.io/team/memo-app:3.1');
    expect(parseImageRef('quay.io/team/memo-app:3.1')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => {
      (first as { tag?: string }).tag = 'latest';
    }).toThrow(TypeError);
    expect(parseImageRef('quay.io/team/memo-app:3.1')?.tag).toBe('3.1');
    // the text as written is the key: a reference with blanks around it keeps its own raw
    expect(parseImageRef(' quay.io/team/memo-app:3.1 ')).toMatchObject({ raw: ' quay.io/team/memo-app:3.1 ', tag: '3.1' });
    expect(parseImageRef('   ')).toBeUndefined();
  });
});

describe('isFloatingTag', () => {
  it.each([
    ['latest', true],
    ['latest-alpine', true],
    ['alpine-latest', true],
    ['stable', true],
    ['lts-alpine', true],
    ['mainline-alpine3.19', true],
    ['edge', true],
    ['nightly', true],
    ['nightly-20240101', false],
    ['20', false],
    ['16-alpine', false],
    ['1.27.0', false],
    ['v3.1.0', false],
    ['RELEASE.2024-06-12T14-34-03Z', false],
  ])('%s → %s', (tag, expected) => expect(isFloatingTag(tag)).toBe(expected));
  it('honours extra tags', () => expect(isFloatingTag('prod', ['prod'])).toBe(true));
});

describe('classifyTag', () => {
  it.each([
    ['latest', 'floating'],
    ['stable', 'floating'],
    ['mainline', 'floating'],
    ['lts', 'floating'],
    ['alpine', 'versionless'],
    ['jammy', 'versionless'],
    ['bookworm-slim', 'versionless'],
    ['alpine3.19', 'versionless'],
    ['3', 'major'],
    ['v2', 'major'],
    ['20-alpine', 'major'],
    ['17-jre', 'major'],
    ['2022', 'major'],
    ['3.12-slim', 'pinned'],
    ['1.25.3-alpine', 'pinned'],
    ['v3.1.0', 'pinned'],
    ['2024.01', 'pinned'],
    ['8u312-jre', 'pinned'],
    ['20240101', 'pinned'],
    ['jammy-20240125', 'pinned'],
    ['nightly-20240101', 'pinned'],
    ['RELEASE.2024-06-12T14-34-03Z', 'pinned'],
    ['sha-abc1234', 'pinned'],
    ['3f2c1e9b7a4d5c6e8f9a0b1c2d3e4f5a6b7c8d9e', 'pinned'],
    ['main-3f2c1e9', 'pinned'],
    ['12-debian-12-r50', 'pinned'],
    ['ltsc2022', 'versionless'],
  ])('%s → %s', (tag, kind) => expect(classifyTag(tag)).toBe(kind));
});

describe('imagePinning', () => {
  it.each([
    ['nginx', 'untagged'],
    ['nginx:latest', 'floating'],
    ['nginx:1.27.0', 'tag'],
    ['nginx:alpine', 'versionless'],
    ['python:3', 'major'],
    ['node:lts', 'floating'],
    ['nginx@sha256:0123', 'digest'],
    ['nginx:latest@sha256:0123', 'digest'],
    ['${IMAGE}', 'unknown'],
    ['app:${TAG:-latest}', 'floating'], // runs `latest` whenever TAG is unset
    ['app:${TAG-latest}', 'floating'],
    ['${IMAGE:-app}', 'untagged'],
    ['app:${TAG:-1.4.2}', 'unknown'], // a pinned default: the environment may choose another
    ['${REGISTRY:-ghcr.io}/app:${TAG}', 'unknown'],
    ['{{ .Values.image }}', 'unknown'],
    ['gcr.io/app:{{ tag }}', 'unknown'],
    ['<YOUR-CONTAINER>', 'unknown'],
    ['<image_url>', 'unknown'],
  ])('%s → %s', (raw, status) => expect(imagePinning(raw).status).toBe(status));
});

describe('isKnownNonRootImage', () => {
  it.each([
    ['gcr.io/distroless/static-debian12:nonroot', true],
    ['nginxinc/nginx-unprivileged:1.27', true],
    ['bitnami/redis:7.2', true],
    ['cgr.dev/chainguard/node:latest', true],
    ['nginx:1.27', false],
    ['postgres:16', false],
    ['elasticsearch:7.16.1', true],
    ['docker.elastic.co/kibana/kibana:8.15.0', true],
    ['elasticsearch:5.6', false],
    ['prom/prometheus', true],
    ['grafana/grafana:11.2.0', true],
    ['dpage/pgadmin4:latest', true],
    ['mcr.microsoft.com/azure-sql-edge:1.0.4', true],
    ['mcr.microsoft.com/mssql/server:2017-latest', false],
    ['mcr.microsoft.com/mssql/server:2022-latest', true],
    ['mariadb:10.6', false],
    ['confluentinc/cp-kafka:7.6.1', true],
    ['confluentinc/cp-zookeeper:7.6.1', true],
    ['confluentinc/cp-kafka:5.5.0', false],
    ['jaegertracing/all-in-one:1.57', true],
    ['jaegertracing/all-in-one:1.48.0', false],
    ['jaegertracing/jaeger:2.5.0', true],
    ['oliver006/redis_exporter:v1.62.0', true],
    ['oliver006/redis_exporter:v1.62.0-alpine', false],
    ['prometheuscommunity/postgres-exporter:v0.15.0', true],
    ['quay.io/prometheuscommunity/postgres-exporter:v0.15.0', true],
    ['quay.io/prometheus/blackbox-exporter:v0.25.0', true],
    ['grafana/k6:0.52.0', true],
    ['redis:7.2', false],
  ])('%s → %s', (raw, expected) => expect(isKnownNonRootImage(raw)).toBe(expected));
});

describe('imageDefaultUser', () => {
  it('says the official database images drop privileges, with the upstream line', () => {
    expect(imageDefaultUser('postgres:16.4')).toMatchObject({ kind: 'drops-privileges', user: 'postgres', source: expect.stringContaining('docker-library/postgres') });
    expect(imageDefaultUser('redis:7.2')).toMatchObject({ kind: 'drops-privileges', user: 'redis' });
  });
  it('knows nothing of an image it does not list', () => {
    expect(imageDefaultUser('nginx:1.27')).toBeUndefined();
    expect(imageDefaultUser('ghcr.io/acme/api:1.0.0')).toBeUndefined();
  });
  it('cites a source for every answer', () => {
    for (const raw of ['bitnami/redis:7.2', 'cgr.dev/chainguard/node', 'gcr.io/distroless/static:nonroot', 'prom/prometheus']) {
      expect(imageDefaultUser(raw)?.source).toMatch(/^https:\/\//);
    }
  });
});

describe('imageDeclaresHealthcheck', () => {
  it.each([
    ['pihole/pihole:latest', true],
    ['itzg/minecraft-server', true],
    ['docker.io/vaultwarden/server:1.32.0', true],
    ['nginx:1.27', false],
    ['postgres:16', false],
    ['${IMAGE}', false],
  ])('%s → %s', (raw, expected) => expect(imageDeclaresHealthcheck(raw)).toBe(expected));
});

describe('isPauseImage', () => {
  it.each([
    ['registry.k8s.io/pause:3.10', true],
    ['kubernetes/pause', true],
    ['gcr.io/google_containers/pause:2.0', true],
    ['k8s.gcr.io/pause-amd64:3.1', true],
    ['acme/pause:1.0', false],
    ['nginx:1.27', false],
  ])('%s → %s', (raw, expected) => expect(isPauseImage(raw)).toBe(expected));
});
