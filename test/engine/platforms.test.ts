// Issue 13: platform files (Render, ECS task definitions, Vercel, Fly.io, Railway) are artifact
// kinds: discovered by name (ECS by content), parsed with positions, an unparseable one is an
// invalid-* finding at its line, a known but unsupported one is a notice; and every file of the
// platform corpus is linted without a crash.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyFiles } from '../../src/discovery/classify.js';
import { lint } from '../../src/engine/lint.js';
import { CORPUS_DIR, HAS_CORPUS, noteCorpusSkip } from '../helpers/corpus.js';

const kinds = (files: { path: string; text: string }[]) => Object.fromEntries(classifyFiles(files).map((f) => [f.path, f.kind]));

describe('platform files are discovered', () => {
  it('by name, below the root too, and ECS task definitions by content', () => {
    const render = 'services:\n  - type: web\n    name: api\n    runtime: image\n    image:\n      url: nginx:1.27\n';
    expect(
      kinds([
        { path: 'render.yaml', text: render },
        { path: 'backend/render.yaml', text: render },
        { path: 'fly.toml', text: 'app = "x"\n' },
        { path: 'deploy/fly.staging.toml', text: 'app = "x"\n' },
        { path: 'flyctl/testdata/full-reference.toml', text: 'app = "x"\nprimary_region = "ams"\n' },
        { path: 'Cargo.toml', text: '[package]\nname = "x"\n' },
        { path: 'web/vercel.json', text: '{}' },
        { path: 'railway.json', text: '{}' },
        { path: 'railway.toml', text: '' },
        { path: '.aws/task-definition.json', text: '{ "family": "api", "containerDefinitions": [] }' },
        { path: 'cfn/template.yaml', text: 'Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions: []\n' },
        { path: 'netlify.toml', text: '[build]\n' },
        { path: 'package.json', text: '{ "name": "x" }' },
      ]),
    ).toEqual({
      'render.yaml': 'render', // not a compose file although it has services with image:
      'backend/render.yaml': 'render',
      'fly.toml': 'fly',
      'deploy/fly.staging.toml': 'fly',
      'flyctl/testdata/full-reference.toml': 'fly',
      'web/vercel.json': 'vercel',
      'railway.json': 'railway',
      'railway.toml': 'railway',
      '.aws/task-definition.json': 'ecs-task-definition',
      'cfn/template.yaml': 'ecs-task-definition',
      'netlify.toml': 'platform-unsupported',
    });
  });

  it('a fly.staging.toml is staging by its name', () => {
    expect(classifyFiles([{ path: 'fly.staging.toml', text: 'app = "x"\n' }])[0]!.environment).toBe('staging');
  });
});

describe('platform files that do not parse, and unsupported ones', () => {
  const findings = (files: { path: string; text: string }[]) => {
    const { report } = lint({ files });
    return { report, at: report.findings.filter((f) => f.ruleId.startsWith('invalid-')).map((f) => `${f.file}:${f.range.start.line}:${f.range.start.column} ${f.ruleId}`) };
  };

  it('are invalid-yaml / invalid-json / invalid-toml findings at the parser position, never skipped', () => {
    const { at } = findings([
      { path: 'render.yaml', text: 'services:\n  - type: web\n    name: api\n   plan: free\n' },
      { path: 'vercel.json', text: '{\n  "cleanUrls": true,\n}\n' },
      { path: 'task-definition.json', text: '{\n  "containerDefinitions": [\n    { "name": "api" "image": "nginx:1" }\n  ]\n}\n' },
      { path: 'fly.toml', text: 'app = "x"\n[http_service]\n  force_https = yes\n' },
    ]);
    expect(at).toContain('fly.toml:3:17 invalid-toml');
    expect(at).toContain('vercel.json:3:1 invalid-json');
    expect(at).toContain('task-definition.json:3:21 invalid-json');
    expect(at.some((a) => a.startsWith('render.yaml:4:') && a.endsWith('invalid-yaml'))).toBe(true);
  });

  it('an unsupported platform file is a notice naming it', () => {
    const { report } = lint({ files: [{ path: 'site/netlify.toml', text: '[build]\n  command = "npm run build"\n' }] });
    expect(report.notices).toContain('site/netlify.toml: Netlify configuration is not supported; its settings were not judged');
  });
});

describe('the environment of a Render blueprint', () => {
  const envOf = (text: string) => lint({ files: [{ path: 'render.yaml', text }], onlyRules: ['require-probes'] }).report.files[0]!.environmentEvidence;

  it('comes from a setting naming it, a non-production one winning over NODE_ENV=production', () => {
    const text = 'services:\n  - type: web\n    name: api\n    envVars:\n      - key: NODE_ENV\n        value: production\n      - key: ENVIRONMENT\n        value: development\n';
    expect(envOf(text)).toEqual({ environment: 'development', source: 'content', detail: 'setting ENVIRONMENT=development at line 8' });
  });

  it('or from the branch it deploys; references say nothing', () => {
    const text = 'services:\n  - type: web\n    name: api\n    branch: staging\n    envVars:\n      - key: ENVIRONMENT\n        sync: false\n';
    expect(envOf(text)).toEqual({ environment: 'staging', source: 'content', detail: 'setting branch: staging at line 4' });
  });
});

describe('a Render blueprint grouped in projects and environments', () => {
  it('judges the grouped services and takes the environment from the group name', () => {
    const text = [
      'projects:',
      '  - name: shop',
      '    environments:',
      '      - name: staging',
      '        services:',
      '          - type: web',
      '            name: api',
      '            runtime: python',
      '            plan: free',
      '        databases:',
      '          - name: db',
      '            plan: free',
      '',
    ].join('\n');
    const { report } = lint({ files: [{ path: 'render.yaml', text }], onlyRules: ['require-probes', 'require-replicas', 'require-backups', 'no-exposed-datastores'] });
    expect(report.files[0]!.environmentEvidence).toEqual({ environment: 'staging', source: 'content', detail: 'setting environment staging at line 4' });
    const at = report.findings.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.ruleId} ${f.environment}`).sort();
    expect(at).toEqual(['11:13 no-exposed-datastores staging', '12:19 require-backups staging', '7:13 require-probes staging', '9:19 require-replicas staging']);
  });

  it("judges each environment group in its own environment, and ungrouped resources in the file's", () => {
    const text = [
      'projects:',
      '  - name: shop',
      '    environments:',
      '      - name: production',
      '        services:',
      '          - type: web',
      '            name: api',
      '            runtime: python',
      '            healthCheckPath: /healthz',
      '      - name: staging',
      '        services:',
      '          - type: web',
      '            name: api',
      '            runtime: python',
      '            healthCheckPath: /healthz',
      'ungrouped:',
      '  services:',
      '    - type: web',
      '      name: docs',
      '      runtime: node',
      '      healthCheckPath: /',
      '      plan: free',
      '',
    ].join('\n');
    const { report } = lint({ files: [{ path: 'render.yaml', text }], env: 'production', onlyRules: ['require-replicas'] });
    const at = report.findings.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.environment} ${f.target}`).sort();
    // One instance each (Render's default); the ungrouped free docs site in the file's environment.
    expect(at).toEqual(['13:13 staging Render web service api', '22:13 production Render web service docs', '7:13 production Render web service api']);
  });

  it('auto-deploys from a feature branch are judged only in the production group', () => {
    const service = (branch: string) => [
      '        services:',
      '          - type: web',
      '            name: api',
      '            runtime: node',
      `            branch: ${branch}`,
      '            startCommand: npm start',
    ];
    const text = [
      'projects:',
      '  - name: shop',
      '    environments:',
      '      - name: production',
      ...service('feature/a'),
      '      - name: staging',
      ...service('feature/b'),
      '',
    ].join('\n');
    const { report } = lint({ files: [{ path: 'render.yaml', text }], onlyRules: ['require-safe-rollout'] });
    expect(report.findings.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.environment}`)).toEqual(['9:21 production']);
  });
});

interface CorpusIndex {
  files: { kind: string; corpusPath: string; parses: boolean }[];
}

const INDEX = join(CORPUS_DIR, 'platforms', 'index.json');
noteCorpusSkip('the platform corpus test');
describe.skipIf(!HAS_CORPUS)('the platform corpus', () => {
  it('every file is recognised and linted without a crash; the one broken blueprint is an invalid-yaml finding', () => {
    const index = JSON.parse(readFileSync(INDEX, 'utf8')) as CorpusIndex;
    const files = index.files.map((f) => ({ path: f.corpusPath, text: readFileSync(join(CORPUS_DIR, f.corpusPath), 'utf8') }));
    const { report } = lint({ files });
    expect(report.notices.filter((n) => /internal error/i.test(n))).toEqual([]);
    const expectedKind: Record<string, string> = { render: 'render', fly: 'fly', vercel: 'vercel', railway: 'railway', ecs: 'ecs-task-definition' };
    const byPath = new Map(report.files.map((f) => [f.path, f.kind]));
    for (const f of index.files) expect(byPath.get(f.corpusPath), f.corpusPath).toBe(expectedKind[f.kind]);
    // Files that do not parse in their own repository are findings here, at their lines.
    for (const f of index.files.filter((x) => !x.parses)) {
      const invalid = report.findings.filter((x) => x.file === f.corpusPath && x.ruleId.startsWith('invalid-'));
      expect(invalid.length, f.corpusPath).toBeGreaterThan(0);
    }
    const broken = report.findings.find((x) => x.file === 'repos/0-AB+file-share/render.yaml' && x.ruleId === 'invalid-yaml');
    expect(broken?.range.start.line).toBe(1);
    // Every file that parses is judged by at least one rule (a pass, fail or not-applicable outcome).
    const judged = new Set(report.findings.map((x) => x.file));
    expect(report.findings.length).toBeGreaterThan(100);
    expect(judged.size).toBeGreaterThan(60);
  });
});
