import { describe, expect, it } from 'vitest';
import {
  composeEnvironment,
  composeServices,
  interpolations,
  serviceRole,
  parsePortSpec,
  publishedPorts,
  resolveBuild,
  serviceVolumes,
} from '../../src/knowledge/compose/compose.js';
import { projectOf } from './helpers.js';

const COMPOSE = `services:
  api:
    build:
      context: ../api
      dockerfile: docker/Dockerfile.prod
      target: runtime
    environment:
      - NODE_ENV=production
      - EMPTY=
      - FROM_SHELL
    ports:
      - "8080:80"
      - "127.0.0.1:5432:5432/tcp"
      - "[::1]:6379:6379"
      - "9000"
      - target: 443
        published: "8443"
        host_ip: 0.0.0.0
        protocol: tcp
    depends_on:
      migrate:
        condition: service_completed_successfully
  web:
    build: ./web
    environment:
      API_URL: http://api
      NULLED:
    volumes:
      - data:/var/lib/data
      - ./conf:/etc/conf:ro
      - type: tmpfs
        target: /tmp
  migrate:
    image: acme/api:1
    command: ["npm", "run", "db:migrate"]
  seed:
    image: acme/api:1
    command: npm run seed
    restart: always
  setup-task:
    image: acme/tools:1
  worker:
    image: acme/api:1
    command: node worker.js
  supervised:
    image: acme/api:1
    entrypoint: ["dumb-init", "--", "node", "server.js"]
  s6:
    image: linuxserver/plex:1.40.3
    entrypoint: /init
  flagged:
    image: acme/api:1
    command: ["serve", "--init-db=false"]
`;

const project = projectOf([
  { path: 'deploy/docker-compose.yml', kind: 'compose', text: COMPOSE },
  { path: 'api/docker/Dockerfile.prod', kind: 'dockerfile', text: 'FROM node:20 AS runtime\n' },
  { path: 'deploy/web/Dockerfile', kind: 'dockerfile', text: 'FROM nginx:1.27\n' },
]);
const doc = project.ofKind('compose')[0]!;
const services = composeServices(doc);
const byName = (n: string) => services.find((s) => s.name === n)!;

describe('compose services', () => {
  it('lists services with paths', () => {
    expect(services.map((s) => s.path.join('.'))).toEqual([
      'services.api',
      'services.web',
      'services.migrate',
      'services.seed',
      'services.setup-task',
      'services.worker',
      'services.supervised',
      'services.s6',
      'services.flagged',
    ]);
  });
  it('reads environment in list and map form', () => {
    expect(composeEnvironment(byName('api')).map((e) => [e.key, e.value, e.path.join('.'), e.form])).toEqual([
      ['NODE_ENV', 'production', 'services.api.environment.0', 'list'],
      ['EMPTY', '', 'services.api.environment.1', 'list'],
      ['FROM_SHELL', undefined, 'services.api.environment.2', 'list'],
    ]);
    expect(composeEnvironment(byName('web')).map((e) => [e.key, e.value, e.path.join('.'), e.form])).toEqual([
      ['API_URL', 'http://api', 'services.web.environment.API_URL', 'map'],
      ['NULLED', undefined, 'services.web.environment.NULLED', 'map'],
    ]);
  });
  it('resolves build relative to the compose file', () => {
    const api = resolveBuild(project, byName('api'))!;
    expect([api.context, api.dockerfilePath, api.target, api.dockerfile?.file.path]).toEqual(['api', 'api/docker/Dockerfile.prod', 'runtime', 'api/docker/Dockerfile.prod']);
    const web = resolveBuild(project, byName('web'))!;
    expect([web.context, web.dockerfilePath, web.dockerfile?.file.path]).toEqual(['deploy/web', 'deploy/web/Dockerfile', 'deploy/web/Dockerfile']);
    expect(resolveBuild(project, byName('migrate'))).toBeUndefined();
  });
  it.each([
    ['migrate', true], // depended on with service_completed_successfully (and named so)
    ['seed', false], // restart: always
    ['setup-task', true], // named setup, no restart
    ['worker', false],
    ['api', false],
    ['supervised', false],
    ['s6', false],
    ['flagged', false],
  ])('serviceRole(%s) is a job: %s', (name, expected) => expect(serviceRole(byName(name)).role === 'job').toBe(expected));
  it('parses published ports', () => {
    expect(publishedPorts(byName('api')).map(({ path, ...p }) => ({ ...p, at: path.join('.') }))).toEqual([
      { hostIp: undefined, published: '8080', target: '80', protocol: undefined, at: 'services.api.ports.0' },
      { hostIp: '127.0.0.1', published: '5432', target: '5432', protocol: 'tcp', at: 'services.api.ports.1' },
      { hostIp: '::1', published: '6379', target: '6379', protocol: undefined, at: 'services.api.ports.2' },
      { hostIp: undefined, target: '9000', protocol: undefined, at: 'services.api.ports.3' },
      { hostIp: '0.0.0.0', published: '8443', target: '443', protocol: 'tcp', at: 'services.api.ports.4' },
    ]);
  });
  it('reads volumes', () => {
    expect(serviceVolumes(byName('web')).map((v) => [v.source, v.target, v.type])).toEqual([
      ['data', '/var/lib/data', 'volume'],
      ['./conf', '/etc/conf', 'bind'],
      [undefined, '/tmp', 'tmpfs'],
    ]);
  });
});

describe('parsePortSpec', () => {
  it.each([
    ['80', { target: '80' }],
    ['8000-8010:8000-8010', { published: '8000-8010', target: '8000-8010' }],
    ['0.0.0.0:5432:5432', { hostIp: '0.0.0.0', published: '5432', target: '5432' }],
    ['127.0.0.1::5432', { hostIp: '127.0.0.1', published: undefined, target: '5432' }],
    ['53:53/udp', { published: '53', target: '53', protocol: 'udp' }],
  ])('%s', (spec, expected) => expect(parsePortSpec(spec)).toMatchObject(expected));
});

describe('interpolations', () => {
  it.each([
    ['${JWT_SECRET:-your-secret-key}', [{ variable: 'JWT_SECRET', fallback: 'your-secret-key' }]],
    ['${A-b}', [{ variable: 'A', fallback: 'b' }]],
    ['${A:?required}', [{ variable: 'A', fallback: undefined }]],
    ['$HOME/x', [{ variable: 'HOME' }]],
    ['$${ESCAPED}', []],
    ['plain', []],
  ])('%s', (value, expected) => expect(interpolations(value)).toEqual(expected));
});
