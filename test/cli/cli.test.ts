// The CLI spawned as a process, the way users and CI run it: exit codes, formats, files.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };
import { REPO } from '../helpers/fixtures.js';

const CLI = join(REPO, 'dist', 'cli.js');

beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});

function run(args: string[], cwd = REPO, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rl-cli-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const GOOD_DOCKERFILE = 'FROM node:22.11-alpine\nUSER node\nHEALTHCHECK CMD wget -qO- http://localhost:8080/ || exit 1\nCMD ["node", "server.js"]\n';
const BAD_DOCKERFILE = 'FROM node:latest\nCMD ["node", "server.js"]\n';

describe('cli', () => {
  it('prints its version and help', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    expect(run(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const help = run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: readiness-lint');
    expect(help.stdout).toContain('--fail-on');
    expect(help.stdout).toMatch(/html \(one\s+self-contained page\), junit \(CI test reports\), gitlab \(GitLab Code\s+Quality\)/);
  });

  it('exits 2 on usage errors with a hint', () => {
    const r = run(['--fail-on', 'sometimes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--fail-on must be one of error, warning, note, none');
    expect(run(['--format', 'xml', '.']).stderr).toContain(
      "unknown format 'xml' (did you mean 'html'?); valid formats: text, compact, json, sarif, markdown, github, html, junit, gitlab",
    );
    expect(run(['--bogus']).code).toBe(2);
  });

  it('exits 2 for a path that does not exist', () => {
    const r = run(['does/not/exist']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does/not/exist');
  });

  it('exits 1 on error findings and 0 when clean or with --fail-on none', () => {
    const bad = project({ Dockerfile: BAD_DOCKERFILE });
    const good = project({ Dockerfile: GOOD_DOCKERFILE });
    try {
      const r = run(['--no-color'], bad);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^Dockerfile:1:6 error require-pinned-images /m);
      expect(run(['--fail-on', 'none'], bad).code).toBe(0);
      expect(run([], good).code).toBe(0);
      expect(run(['--min-score', '100'], bad).code).toBe(1);
    } finally {
      rmSync(bad, { recursive: true, force: true });
      rmSync(good, { recursive: true, force: true });
    }
  });

  it('writes JSON that validates against the report schema, atomically, next to text on stdout', () => {
    const dir = project({ Dockerfile: BAD_DOCKERFILE });
    try {
      // out/ does not exist: it is created (test/security/output-files.test.ts has the rest).
      const ok = run(['--format', 'json', '--output-file', 'out/report.json', '--format', 'text', '--no-color', '.'], dir);
      expect(ok.code).toBe(1);
      expect(ok.stdout).toContain('Score');
      const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
      const ajv = new Ajv({ allErrors: true, strict: false });
      (addFormats as unknown as (a: Ajv) => void)(ajv);
      const validate = ajv.compile(reportSchema);
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
      expect(report.findings.find((f: { ruleId: string }) => f.ruleId === 'require-pinned-images')).toMatchObject({ file: 'Dockerfile', range: { start: { line: 1, column: 6 } } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes html, junit and gitlab reports in one run, gitlab paths relative to the GitLab project', () => {
    const dir = project({ 'deploy/Dockerfile': BAD_DOCKERFILE });
    try {
      const cwd = join(dir, 'deploy');
      const r = run(['--format', 'html', '-o', 'report.html', '--format', 'junit', '-o', 'junit.xml', '--format', 'gitlab', '-o', 'gl-code-quality.json', '.'], cwd, {
        CI_PROJECT_DIR: dir,
      });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('report written to report.html, junit.xml, gl-code-quality.json');
      const html = readFileSync(join(cwd, 'report.html'), 'utf8');
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain('<code>Dockerfile</code>');
      expect(html).toContain('<span class="ln">&gt; 1 | </span>FROM <mark>node:latest</mark>');
      const junit = readFileSync(join(cwd, 'junit.xml'), 'utf8');
      expect(junit).toMatch(/<testsuite name="Dockerfile" tests="\d+" failures="[1-9]\d*"/);
      const issues = JSON.parse(readFileSync(join(cwd, 'gl-code-quality.json'), 'utf8'));
      expect(issues.find((i: { check_name: string }) => i.check_name === 'require-pinned-images')).toMatchObject({
        severity: 'critical',
        location: { path: 'deploy/Dockerfile', lines: { begin: 1 } },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 naming the file and line of an invalid config', () => {
    const dir = project({ Dockerfile: GOOD_DOCKERFILE, '.readiness-lint.yaml': 'rules:\n  no-such-rule: off\n' });
    try {
      const r = run([], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('.readiness-lint.yaml:2:');
      expect(r.stderr).toContain("unknown rule id 'no-such-rule'");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 for a misspelled or wrong-typed rule option, naming line and column', () => {
    const deployment =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  replicas: 1\n  template: {spec: {containers: [{name: api, image: ghcr.io/acme/api:1.0.0}]}}\n';
    const typo = project({ 'k8s/api.yaml': deployment, '.readiness-lint.yaml': 'rules: {require-replicas: {options: {minReplica: 3}}}\n' });
    const wrongType = project({ 'k8s/api.yaml': deployment, '.readiness-lint.yaml': 'rules:\n  require-replicas:\n    options: {minReplicas: three}\n' });
    try {
      const r = run([], typo);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(".readiness-lint.yaml:1:38: rules.require-replicas.options: unknown option 'minReplica' (did you mean 'minReplicas'?)");
      const w = run([], wrongType);
      expect(w.code).toBe(2);
      expect(w.stderr).toContain('.readiness-lint.yaml:3:28: rules.require-replicas.options.minReplicas must be integer');
      expect(w.stdout).not.toContain('NaN');
    } finally {
      rmSync(typo, { recursive: true, force: true });
      rmSync(wrongType, { recursive: true, force: true });
    }
  });

  it('decides colour from flags and NO_COLOR / FORCE_COLOR', () => {
    const dir = project({ Dockerfile: BAD_DOCKERFILE });
    try {
      expect(run([], dir, { FORCE_COLOR: '1' }).stdout).toContain('\u001b[');
      expect(run([], dir, { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toContain('\u001b[');
      expect(run([], dir, { GITHUB_ACTIONS: 'true' }).stdout).toContain('\u001b[');
      expect(run(['--color'], dir, { NO_COLOR: '1' }).stdout).toContain('\u001b[');
      expect(run(['--no-color'], dir, { FORCE_COLOR: '1' }).stdout).not.toContain('\u001b[');
      expect(run([], dir, { NO_COLOR: '1' }).stdout).not.toContain('\u001b[');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the launcher', () => {
  it('answers --version itself and compiles the linter from dist/lib only for a real run', () => {
    const text = readFileSync(CLI, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(text.length).toBeLessThan(8 * 1024);
    expect(text).toContain('"linter.cjs"');
    expect(text.indexOf('"--version"')).toBeLessThan(text.indexOf('"linter.cjs"'));
  });

  // the `yaml` Parser's debugging switch, read from the environment for every token, is 15-20% of
  // parsing YAML (scripts/esbuild-yaml-env.mjs); the linter's bundle reads it as unset
  it('bundles the yaml parser without its per-token read of the environment', () => {
    const linter = readFileSync(join(REPO, 'dist', 'lib', 'linter.cjs'), 'utf8');
    expect(linter).toContain('atScalar');
    expect(linter).not.toContain('LOG_TOKENS');
  });

  // Start-up cost (issue 18): what a run calls is compiled (and kept in the code cache), so a lint
  // compiles only what its files need. ajv, dockerfile-ast, toml-eslint-parser, re2js and picomatch
  // are files of their own in dist/lib (scripts/build.mjs, LAZY_PACKAGES), required on first use;
  // the Helm stage is in dist/lib/linter.cjs but neither initialised nor compiled without a chart.
  it('loads the code a run needs: no vendor file nor the Helm stage for one manifest, each vendor file when its files are there', () => {
    const root = mkdtempSync(join(tmpdir(), 'rl-loads-'));
    /** dist files a run loaded (from require's cache at exit), and the size of the code cache it wrote. */
    const loadedBy = (dir: string): { files: string[]; compiled: number } => {
      const log = join(root, `${dir.split('/').pop()}-loaded.txt`);
      const cacheHome = join(root, `${dir.split('/').pop()}-cache`);
      const register = [
        "import { createRequire } from 'node:module';",
        "import { appendFileSync } from 'node:fs';",
        `process.on('exit', () => appendFileSync(${JSON.stringify(log)}, Object.keys(createRequire(${JSON.stringify(log)}).cache).join('\\n') + '\\n'));`,
      ].join('\n');
      writeFileSync(log, '');
      const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, CLI, '.', '--format', 'json', '--fail-on', 'none'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: cacheHome, READINESS_LINT_NO_CACHE: '' },
      });
      expect(r.status, r.stderr).toBe(0);
      const dist = join(REPO, 'dist') + '/';
      const files = [
        ...new Set(
          readFileSync(log, 'utf8')
            .split('\n')
            .filter((u) => u.startsWith(dist))
            .map((u) => u.slice(dist.length)),
        ),
      ].sort();
      const caches = readdirSync(join(cacheHome, 'readiness-lint'));
      expect(caches).toHaveLength(1);
      return { files, compiled: statSync(join(cacheHome, 'readiness-lint', caches[0]!)).size };
    };
    const tree = (name: string, files: Record<string, string>): string => {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(root, name, path, '..'), { recursive: true });
        writeFileSync(join(root, name, path), text);
      }
      return join(root, name);
    };
    try {
      const manifest =
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n';
      const one = loadedBy(tree('one', { 'deploy.yaml': manifest }));
      expect(one.files.filter((f) => f.startsWith('lib/vendor-'))).toEqual([]);
      // What the run compiled, as V8 saved it: about 0.97 MB of bytecode and metadata (1.5 MB with
      // the Helm stage, below). Before the code cache, a one-manifest run compiled 0.87 MB of source
      // at every start (1.47 MB when every dependency was bundled in).
      expect(one.compiled).toBeLessThan(1_150_000);
      const chart = loadedBy(
        tree('chart', {
          'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
          'chart/values.yaml': 'image: nginx:1.27\n',
          'chart/templates/deploy.yaml': manifest.replace('nginx:1.27', '{{ .Values.image }}') + '          env:\n            - name: LOG_LEVEL\n              value: info\n',
          // bitnami common's patterns with groups and alternation, and a ConfigMap's text: RE2 is for long text
          'chart/templates/config.yaml':
            'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ regexReplaceAll "(-?[^a-z\\\\d\\\\-])+-?" (lower .Release.Name) "-" }}\n' +
            'data:\n  semver: {{ regexMatch `^([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?$` "1.27.0" | quote }}\n' +
            '  tag: {{ regexFind "-r\\\\d+$|sha256:" "1.27.0-debian-12-r3" | quote }}\n  rules.yaml: "groups: []"\n',
        }),
      );
      expect(chart.compiled - one.compiled).toBeGreaterThan(200_000);
      expect(chart.files).not.toContain('lib/vendor-re2js.cjs');

      // the common Dockerfile is read by the hand-written scanner; dockerfile-ast only for what it leaves (an escape directive)
      expect(loadedBy(tree('docker', { Dockerfile: GOOD_DOCKERFILE })).files).not.toContain('lib/vendor-dockerfile-ast.cjs');
      expect(loadedBy(tree('docker-escape', { Dockerfile: `# escape=\`\n${GOOD_DOCKERFILE}` })).files).toContain('lib/vendor-dockerfile-ast.cjs');
      // CR LF line ends too (only a heredoc in such a file goes to dockerfile-ast)
      expect(loadedBy(tree('docker-crlf', { Dockerfile: GOOD_DOCKERFILE.replace(/\n/g, '\r\n') })).files).not.toContain('lib/vendor-dockerfile-ast.cjs');
      // a compose file's hosts and a Redis command line are judged without RE2 (re2js is for long text from the tree)
      const compose =
        'services:\n  web:\n    image: nginx:1.27\n    environment:\n      API_URL: http://api.acme.io/v1\n      CACHE_URL: http://cache.ns.svc.cluster.example\n  cache:\n    image: redis:7\n    command: redis-server /etc/redis.conf\n    volumes:\n      - cache:/data\nvolumes:\n  cache: {}\n';
      expect(loadedBy(tree('compose', { 'compose.yaml': compose })).files).not.toContain('lib/vendor-re2js.cjs');
      expect(loadedBy(tree('fly', { 'fly.toml': 'app = "web"\nprimary_region = "ams"\n' })).files).toContain('lib/vendor-toml-eslint-parser.cjs');
      const configured = loadedBy(tree('configured', { 'deploy.yaml': manifest, '.readiness-lint.yaml': 'ignore:\n  - "vendor/**"\n' })).files;
      expect(configured).toContain('lib/vendor-ajv.cjs');
      expect(configured).toContain('lib/vendor-re2js.cjs');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  // Node built-ins cost start-up too (issue 18: 39 compose files, 20x cheaper than dclint): a run
  // of named compose files writing its report to a file as stdout, with stderr a pipe, loads
  // neither zlib (chart archives, Helm's compacted documents, --upload), nor fs/promises (writing
  // -o files), nor net (making process.stderr for a pipe, which the run never writes to).
  // The launcher is CommonJS (dist/package.json): an ES module entry started Node's ESM loader
  // (its resolver, translators, fs/promises and readline), about 5 ms of every run.
  // Once the report is written the process ends (src/cli/launcher.ts): waiting for the event loop
  // to run dry gave V8 idle time for a full garbage collection of a heap about to go. A timer left
  // by a hook stands for whatever still holds the loop; the whole report still arrives.
  it('ends once its report is written, without waiting for the event loop to run dry', () => {
    const dir = project({ 'compose.yaml': 'services:\n  web:\n    image: nginx:latest\n' });
    try {
      const hook = join(dir, 'hold.cjs');
      writeFileSync(hook, 'setTimeout(() => {}, 20_000);\n');
      const started = Date.now();
      const r = spawnSync(process.execPath, ['--require', hook, CLI, '--no-config', '--format', 'json', 'compose.yaml'], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME, XDG_CACHE_HOME: join(dir, 'cache') },
        timeout: 60_000,
      });
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(r.status, r.stderr).toBe(1);
      expect(JSON.parse(r.stdout).findings.some((f: { ruleId: string }) => f.ruleId === 'require-pinned-images')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers --version without starting the ESM loader', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-cjs-'));
    try {
      const log = join(dir, 'modules.txt');
      const hook = join(dir, 'hook.cjs');
      writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(log)}, process.moduleLoadList.join('\\n')));\n`);
      const r = spawnSync(process.execPath, ['--require', hook, CLI, '--version'], { cwd: dir, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const loaded = readFileSync(log, 'utf8').split('\n');
      for (const esm of ['internal/modules/esm/loader', 'internal/modules/esm/translators', 'internal/fs/promises']) expect(loaded).not.toContain(`NativeModule ${esm}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads no built-in a compose run does not use: zlib, fs/promises, net', () => {
    const dir = project({
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "8080:80"\n',
      'db/compose.yaml': 'services:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD: example\n',
    });
    try {
      const log = join(dir, 'modules.txt');
      const hook = join(dir, 'hook.cjs');
      writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(log)}, process.moduleLoadList.join('\\n')));\n`);
      const out = openSync(join(dir, 'report.txt'), 'w');
      const r = spawnSync(process.execPath, ['--require', hook, CLI, '--no-config', '--fail-on', 'none', 'compose.yaml', 'db/compose.yaml'], {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', out, 'pipe'],
        env: { PATH: process.env.PATH, HOME: process.env.HOME, XDG_CACHE_HOME: join(dir, 'cache') },
      });
      closeSync(out);
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(join(dir, 'report.txt'), 'utf8')).toContain('db/compose.yaml');
      const loaded = readFileSync(log, 'utf8').split('\n');
      expect(loaded).toContain('NativeModule vm');
      for (const unused of ['zlib', 'fs/promises', 'net']) expect(loaded).not.toContain(`NativeModule ${unused}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
