import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../src/knowledge/kubernetes/kubernetes.js';
import type { SourceDocument } from '../../src/model/types.js';
import { ingressController, ingressHostHasTls, ingressHosts, isInternalIngress, nginxAnnotation } from '../../src/knowledge/kubernetes/ingress.js';

function ingress(spec: Record<string, unknown>, annotations: Record<string, string> = {}): K8sObject {
  return {
    doc: {} as SourceDocument,
    path: [],
    data: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'x', annotations }, spec },
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    name: 'x',
    labels: {},
    annotations,
  };
}

describe('ingress knowledge', () => {
  it('matches TLS hosts exactly and by single-label wildcard', () => {
    const o = ingress({ tls: [{ hosts: ['*.acme.io', 'acme.io'] }], rules: [{ host: 'api.acme.io' }] });
    expect(ingressHostHasTls(o, 'api.acme.io')).toBe(true);
    expect(ingressHostHasTls(o, 'acme.io')).toBe(true);
    expect(ingressHostHasTls(o, 'a.b.acme.io')).toBe(false);
    expect(ingressHostHasTls(ingress({ tls: [{ secretName: 'default' }] }), 'any.acme.io')).toBe(true);
    expect(ingressHostHasTls(ingress({}, { 'traefik.ingress.kubernetes.io/router.tls': 'true' }), 'x.acme.io')).toBe(true);
    expect(ingressHosts(o)).toEqual([{ host: 'api.acme.io', path: ['spec', 'rules', 0, 'host'] }]);
  });
  it('detects the controller and custom annotation prefixes', () => {
    expect(ingressController(ingress({ ingressClassName: 'traefik' }))).toBe('traefik');
    expect(ingressController(ingress({}, { 'alb.ingress.kubernetes.io/scheme': 'internet-facing' }))).toBe('alb');
    expect(ingressController(ingress({}))).toBe('nginx');
    const custom = ingress({}, { 'nginx.acme.io/ssl-redirect': 'false' });
    expect(nginxAnnotation(custom, 'ssl-redirect')?.value).toBe('false');
  });
  it('recognises internal ingresses', () => {
    expect(isInternalIngress(ingress({ ingressClassName: 'nginx-internal' }))).toBe(true);
    expect(isInternalIngress(ingress({ rules: [{ host: 'app.svc.cluster.local' }] }))).toBe(true);
    expect(isInternalIngress(ingress({}, { 'alb.ingress.kubernetes.io/scheme': 'internal' }))).toBe(true);
    expect(isInternalIngress(ingress({ rules: [{ host: 'app.acme.io' }] }))).toBe(false);
  });
});
