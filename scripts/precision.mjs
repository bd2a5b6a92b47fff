// `npm run precision`: builds, lints the third-party corpus (../shared/corpus, relative to the
// repository root) with the CLI and writes docs/rule-precision.md: per rule the number of findings,
// of files with findings, and of findings per artifact kind, in two tables: the repositories under
// ../shared/corpus/repos, and the platform files listed in ../shared/corpus/platforms/index.json.
// Each repository is linted as its own run, as its users would lint it: one repository's objects
// (a namespace-less deny-all NetworkPolicy, a ServiceAccount, a PrometheusRule) must not decide
// another's verdicts. Only the part between the GENERATED markers is rewritten; the hand-written
// review below it is kept.
//
// Options: --cli <path> lints with that CLI instead of building this one (e.g. an older build, to
// compare), --findings-out <file> also writes every finding (section, repo, rule, file, line,
// message) as JSON, --no-doc leaves the doc alone.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpusRoot = '../shared/corpus'; // relative to the repository root (the CLI's cwd)
const reposDir = `${corpusRoot}/repos`;
const platformIndex = `${corpusRoot}/platforms/index.json`;
const docPath = join(root, 'docs', 'rule-precision.md');
const START = '<!-- GENERATED:precision:start (npm run precision rewrites this part) -->';
const END = '<!-- GENERATED:precision:end -->';

const argv = process.argv.slice(2);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const writeDoc = !argv.includes('--no-doc');
const findingsOut = option('--findings-out');

if (!existsSync(join(root, reposDir)) || !existsSync(join(root, platformIndex))) {
  console.error(`precision: corpus not found at ${corpusRoot} (relative to the repository root)`);
  process.exit(2);
}

let cli = option('--cli');
if (!cli) {
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  cli = join(root, 'dist', 'cli.js');
}

// The runs: every repository folder whose files are not all platform files (linted whole), and per
// platform source repository the platform files (and SchemaStore's schema samples) it lists.
const index = JSON.parse(readFileSync(join(root, platformIndex), 'utf8'));
const platformFilesByRepo = new Map();
for (const f of [...index.files, ...(index.schemaFiles ?? [])]) {
  const list = platformFilesByRepo.get(f.source) ?? [];
  list.push(`${corpusRoot}/${f.corpusPath}`);
  platformFilesByRepo.set(f.source, list);
}
const isLicenceFile = (name) => /^(licen[cs]e|copying|notice|authors)(\.|$)/i.test(name);
const walk = (dir) =>
  readdirSync(join(root, dir)).flatMap((name) => {
    const p = `${dir}/${name}`;
    return statSync(join(root, p)).isDirectory() ? walk(p) : [p];
  });
const runs = [];
for (const repo of readdirSync(join(root, reposDir)).sort()) {
  const folder = `${reposDir}/${repo}`;
  if (!statSync(join(root, folder)).isDirectory()) continue;
  const listed = new Set(platformFilesByRepo.get(repo) ?? []);
  const other = walk(folder).some((p) => !listed.has(p) && !isLicenceFile(p.slice(p.lastIndexOf('/') + 1)));
  if (other) runs.push({ section: 'repos', repo, paths: [folder] });
}
for (const [repo, files] of [...platformFilesByRepo.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  runs.push({ section: 'platforms', repo, paths: files.sort() });
}

const lint = (run) =>
  new Promise((resolve, reject) => {
    const args = [cli, ...run.paths, '--format', 'json', '--fail-on', 'none', '--no-config', '--no-baseline', '--allow-empty'];
    execFile(process.execPath, args, { cwd: root, maxBuffer: 512 * 1024 * 1024 }, (error, stdout) => {
      if (error) return reject(new Error(`precision: lint of ${run.repo} failed: ${error.message}`));
      resolve({ ...run, report: JSON.parse(stdout) });
    });
  });
// Two runs at a time at most: the big chart repository takes most of the time anyway.
const results = [];
const queue = [...runs];
const started = Date.now();
await Promise.all(
  Array.from({ length: Math.min(2, availableParallelism()) }, async () => {
    for (let run = queue.shift(); run; run = queue.shift()) results.push(await lint(run));
  }),
);
results.sort((a, b) => (a.section === b.section ? (a.repo < b.repo ? -1 : 1) : a.section === 'repos' ? -1 : 1));

// A rule that crashed makes the counts meaningless (someone's half-finished edit in the tree).
const crashed = results.flatMap((r) => r.report.notices.filter((n) => /internal error/i.test(n)).map((n) => `${r.repo}: ${n}`));
if (crashed.length) {
  console.error(`precision: ${crashed.length} rule crash notice(s), not writing the doc:\n  ${crashed.slice(0, 5).join('\n  ')}`);
  process.exit(1);
}

const kinds = [
  'kubernetes',
  'kustomize',
  'helm-values',
  'helm-template',
  'helm-chart',
  'compose',
  'dockerfile',
  'env',
  'env-template',
  'render',
  'ecs-task-definition',
  'vercel',
  'fly',
  'railway',
  'other',
];

function table(section, title) {
  const own = results.filter((r) => r.section === section);
  /** rule id -> { findings, files:Set, byKind:{kind:n}, severity } */
  const rules = new Map();
  const totals = { files: 0, findings: 0, errors: 0, warnings: 0, notes: 0, waived: 0 };
  const notices = [];
  let version = '';
  for (const { repo, report } of own) {
    version = report.tool.version;
    const kindOf = new Map(report.files.map((f) => [f.path, f.kind]));
    for (const item of report.checklist) {
      if (!rules.has(item.ruleId)) rules.set(item.ruleId, { findings: 0, files: new Set(), byKind: {}, severity: item.severity });
    }
    for (const f of report.findings) {
      let r = rules.get(f.ruleId);
      if (!r) rules.set(f.ruleId, (r = { findings: 0, files: new Set(), byKind: {}, severity: f.severity }));
      r.findings++;
      r.files.add(f.file);
      let kind = kindOf.get(f.file) ?? 'other';
      if (!kinds.includes(kind)) kind = 'other';
      r.byKind[kind] = (r.byKind[kind] ?? 0) + 1;
    }
    totals.files += report.summary.files;
    totals.findings += report.findings.length;
    totals.errors += report.summary.errors;
    totals.warnings += report.summary.warnings;
    totals.notes += report.summary.notes;
    totals.waived += report.waived.length;
    notices.push(...report.notices.map((n) => `${repo}: ${n}`));
  }
  const usedKinds = kinds.filter((k) => [...rules.values()].some((r) => r.byKind[k]));
  const sorted = [...rules.entries()].sort((a, b) => b[1].findings - a[1].findings || (a[0] < b[0] ? -1 : 1));
  const lines = [`### ${title}`, ''];
  lines.push(
    `${own.length} runs, ${totals.files} files; ${totals.findings} findings (${totals.errors} errors, ${totals.warnings} warnings, ${totals.notes} notes), ` +
      `${totals.waived} waived; tool ${version}.`,
  );
  lines.push('');
  lines.push(`| rule | severity | findings | files with findings | ${usedKinds.join(' | ')} |`);
  lines.push(`|---|---|---:|---:|${usedKinds.map(() => '---:').join('|')}|`);
  for (const [id, r] of sorted) {
    if (r.findings) lines.push(`| \`${id}\` | ${r.severity} | ${r.findings} | ${r.files.size} | ${usedKinds.map((k) => r.byKind[k] ?? '').join(' | ')} |`);
  }
  lines.push('');
  lines.push(
    `Rules without findings here: ${
      sorted
        .filter(([, r]) => r.findings === 0)
        .map(([id]) => `\`${id}\``)
        .join(', ') || 'none'
    }.`,
  );
  if (notices.length) {
    lines.push('');
    lines.push(`Notices: ${notices.length} (e.g. ${notices[0].replace(/\|/g, '\\|')}).`);
  }
  lines.push('');
  return { lines, totals };
}

const repoRuns = results.filter((r) => r.section === 'repos').map((r) => `\`${r.repo}\``);
const lines = [START, ''];
lines.push(
  'Command: `npm run precision` — one `readiness-lint <paths> --format json --fail-on none --no-config --no-baseline --allow-empty` ' +
    'run per repository, from the repository root; the counts are summed.',
);
lines.push('');
const repoTable = table('repos', `Repositories (\`${reposDir}/<owner>+<name>\`, each folder linted whole)`);
lines.push(`Repositories: ${repoRuns.join(', ')}.`, '');
lines.push(...repoTable.lines);
const platformTable = table('platforms', `Platform files (the files \`${platformIndex}\` lists, linted per repository)`);
lines.push(...platformTable.lines);
lines.push(END);
const generated = lines.join('\n');

if (findingsOut) {
  const all = results.flatMap(({ section, repo, report }) =>
    report.findings.map((f) => ({ section, repo, ruleId: f.ruleId, file: f.file, line: f.range?.start.line ?? 0, severity: f.severity, message: f.message })),
  );
  writeFileSync(findingsOut, JSON.stringify(all, null, 1));
}

if (writeDoc) {
  const HEAD = `# Rule precision on real files

Every rule run over the third-party deployment artifacts in \`${corpusRoot}\` (Helm charts, Kubernetes
manifests, kustomizations, compose files, Dockerfiles, env files and platform files of public
projects). The tables are generated by \`npm run precision\`; the review below them is written by
hand and kept when the tables are regenerated.
`;
  const TAIL = `
## Review

(hand-written: per rule, the findings reviewed, the verdict and why)
`;
  let doc;
  if (existsSync(docPath)) {
    const old = readFileSync(docPath, 'utf8');
    const a = old.indexOf(START);
    const b = old.indexOf(END);
    if (a >= 0 && b > a) doc = old.slice(0, a) + generated + old.slice(b + END.length);
    else doc = `${old.trimEnd()}\n\n${generated}\n`;
  } else {
    doc = `${HEAD}\n${generated}\n${TAIL}`;
  }
  writeFileSync(docPath, doc);
}
console.log(
  `precision: ${repoTable.totals.findings} findings in repositories, ${platformTable.totals.findings} in platform files ` +
    `(${results.length} runs, ${Math.round((Date.now() - started) / 1000)} s)${writeDoc ? '; wrote docs/rule-precision.md' : ''}`,
);
