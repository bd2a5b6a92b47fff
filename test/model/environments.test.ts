// The one environment model (issue 11): one vocabulary with aliases, the evidence that decided a
// file's environment, a did-you-mean for unknown names, the README's word list generated from it,
// and no second table of environment words anywhere in src/.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ENVIRONMENT_ALIASES,
  environmentFromPath,
  environmentNamed,
  environmentOfValuesFileName,
  environmentWordsMarkdown,
  KNOWN_ENVIRONMENTS,
  parseEnvironmentName,
} from '../../src/model/environments.js';
import { classifyFiles, environmentOf } from '../../src/discovery/index.js';
import { environmentOfValuesFile } from '../../src/discovery/chart-environments.js';
// @ts-expect-error plain ESM script without types
import { ENV_WORDS_END, ENV_WORDS_START, updateEnvironmentWords } from '../../scripts/generate-registry.mjs';
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };
import { REPO } from '../helpers/fixtures.js';

describe('environment vocabulary', () => {
  it.each([
    ['prod', 'production'],
    ['PRD', 'production'],
    ['live', 'production'],
    ['stg', 'staging'],
    ['stage', 'staging'],
    ['qa', 'staging'],
    ['uat', 'staging'],
    ['pre-prod', 'staging'],
    ['preprod', 'staging'],
    ['dev', 'development'],
    ['develop', 'development'],
    ['local', 'development'],
    ['ci', 'test'],
    ['e2e', 'test'],
    ['testing', 'test'],
    ['production', 'production'],
  ] as const)('%s names %s', (word, env) => {
    expect(environmentNamed(word)).toBe(env);
    expect(parseEnvironmentName(word)).toEqual({ environment: env });
  });

  it('refuses an unknown name with a did-you-mean', () => {
    const typo = parseEnvironmentName('prdo');
    expect('error' in typo && typo.error).toMatch(/^unknown environment 'prdo' \(did you mean '(prod|prd)'\?\)/);
    const stagign = parseEnvironmentName('stagign');
    expect('error' in stagign && stagign.error).toContain("did you mean 'staging'?");
    const far = parseEnvironmentName('kubernetes');
    expect('error' in far && far.error).not.toContain('did you mean');
    expect('error' in far && far.error).toContain('production, staging, development, test');
  });

  it('gives qa one answer everywhere: a file name, a folder and a Helm values file are staging', () => {
    // Before the one model, discovery said unknown (judged as production) and Helm said staging.
    expect(environmentOf('values-qa.yaml')).toBe('staging');
    expect(environmentOf('deploy/qa/app.yaml')).toBe('staging');
    expect(environmentOfValuesFile('values-qa.yaml')).toBe('staging');
    const [file] = classifyFiles([{ path: '.env.qa', text: 'A=1\n' }]);
    expect(file).toMatchObject({ environment: 'staging', environmentEvidence: { source: 'file-name', detail: 'file name token "qa"' } });
  });

  it('reads a values file as an environment layer only when its whole suffix names one', () => {
    expect(environmentOfValuesFileName('values-prod.yaml')).toBe('production');
    expect(environmentOfValuesFileName('values.e2e.yml')).toBe('test');
    expect(environmentOfValuesFileName('values-pre-prod.yaml')).toBe('staging');
    expect(environmentOfValuesFileName('values-prod-eu.yaml')).toBeUndefined();
    expect(environmentOfValuesFileName('values.yaml')).toBeUndefined();
  });
});

describe('environment evidence', () => {
  it('names what decided it: file name, compose layer, folder, CI pipeline, nothing', () => {
    expect(environmentFromPath('charts/app/values-prod.yaml')).toEqual({ environment: 'production', source: 'file-name', detail: 'file name token "prod"' });
    expect(environmentFromPath('docker-compose.override.yml', { compose: true })).toMatchObject({ environment: 'development', source: 'compose-layer' });
    expect(environmentFromPath('docker-compose.override.yml')).toMatchObject({ environment: 'unknown', source: 'none' });
    expect(environmentFromPath('k8s/overlays/production/patch.yaml')).toEqual({
      environment: 'production',
      source: 'folder',
      detail: 'folder "k8s/overlays/production/" token "production"',
    });
    expect(environmentFromPath('.github/workflows/deploy-prod.yml', { ciPipeline: true })).toMatchObject({ environment: 'unknown', source: 'ci-pipeline' });
    expect(environmentFromPath('k8s/app.yaml')).toMatchObject({ environment: 'unknown', source: 'none' });
  });
});

describe('one model, one word list', () => {
  it("README's environment words are generated from the model (run npm run docs when this fails)", () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    expect(readme).toContain(ENV_WORDS_START);
    const fresh = updateEnvironmentWords(readme, [ENV_WORDS_START, environmentWordsMarkdown(), ENV_WORDS_END].join('\n'));
    expect(fresh, 'the README environment words are stale: run npm run docs').toBe(readme);
    for (const env of KNOWN_ENVIRONMENTS) for (const alias of ENVIRONMENT_ALIASES[env]) expect(readme).toContain(`\`${alias}\``);
  });

  it('the report schema names exactly the model environments', () => {
    expect(reportSchema.definitions.environment.enum).toEqual([...KNOWN_ENVIRONMENTS, 'unknown']);
  });

  it('no other source file spells a table of environment aliases', () => {
    // Aliases only the model may spell as a string or a regex alternative. (Words such as `dev`,
    // `local` or `e2e` have other meanings in src/: a default password, a CI step's name.)
    const distinctive = ['prd', 'stg', 'uat', 'qa', 'preprod', 'pre-prod'];
    const spelled = new RegExp(`(['"])(${distinctive.join('|')})\\1|[(|](${distinctive.join('|')})[|)]`);
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ts$/.test(e.name) && !p.endsWith(join('model', 'environments.ts'))) {
          readFileSync(p, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              if (spelled.test(line)) offenders.push(`${relative(REPO, p)}:${i + 1}: ${line.trim()}`);
            });
        }
      }
    };
    walk(join(REPO, 'src'));
    expect(offenders).toEqual([]);
  });
});
