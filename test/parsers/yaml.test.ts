import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/parsers/index.js';
import { at, file, fmt, textAt } from './helpers.js';

const DEPLOYMENT = `# top comment
apiVersion: apps/v1
kind: Deployment # trailing
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.25
          resources: {}
        - image: redis
          name: cache
`;

describe('YAML locate', () => {
  const parsed = parseFile(file('kubernetes', DEPLOYMENT, 'k8s/deploy.yaml'));
  const doc = parsed.documents[0]!;
  const containers = ['spec', 'template', 'spec', 'containers'];

  it('parses one kubernetes document without diagnostics', () => {
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.documents).toHaveLength(1);
    expect(doc.kind).toBe('kubernetes');
    expect(doc.index).toBe(0);
    expect(doc.locate(['kind']).file).toBe('k8s/deploy.yaml');
  });

  it('points a value at the value node and key: true at the key', () => {
    expect(at(doc, ['kind'])).toBe('3:7-3:17');
    expect(at(doc, ['kind'], { key: true })).toBe('3:1-3:5');
    expect(at(doc, [...containers, 0, 'image'])).toBe('11:18-11:28');
    expect(textAt(DEPLOYMENT, doc.locate([...containers, 0, 'image']).range)).toBe('nginx:1.25');
    expect(at(doc, [...containers, 0, 'image'], { key: true })).toBe('11:11-11:16');
    expect(at(doc, [...containers, 0, 'resources'])).toBe('12:22-12:24');
  });

  it('resolves a missing key to the key of its closest existing mapping value', () => {
    expect(at(doc, ['spec', 'replicas'])).toBe('6:1-6:5');
    expect(at(doc, [...containers, 0, 'resources', 'limits', 'cpu'])).toBe('12:11-12:20');
    expect(doc.has(['spec', 'replicas'])).toBe(false);
    expect(doc.has([...containers, 0, 'resources'])).toBe(true);
  });

  it('points a sequence item (a container) at its name pair, missing keys under it too', () => {
    expect(at(doc, [...containers, 0])).toBe('10:11-10:20');
    expect(at(doc, [...containers, 0, 'securityContext'])).toBe('10:11-10:20');
    // The name pair even when it is not the first key.
    expect(at(doc, [...containers, 1, 'securityContext'])).toBe('14:11-14:22');
    expect(textAt(DEPLOYMENT, doc.locate([...containers, 1]).range)).toBe('name: cache');
    // Index out of range → the sequence's key.
    expect(at(doc, [...containers, 5, 'image'])).toBe('9:7-9:17');
  });

  it('points the document root and unknown top-level keys at the kind pair', () => {
    expect(at(doc, [])).toBe('3:1-3:17');
    expect(at(doc, ['status', 'x'])).toBe('3:1-3:17');
  });

  it('collects comments from the CST with exact ranges', () => {
    expect(parsed.comments.map((c) => [c.text, fmt(c.range)])).toEqual([
      ['top comment', '1:1-1:14'],
      ['trailing', '3:18-3:28'],
    ]);
  });
});

describe('YAML coordinates', () => {
  it('handles CRLF line ends', () => {
    const text = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: web # c\r\n';
    const p = parseFile(file('kubernetes', text));
    const d = p.documents[0]!;
    expect(at(d, ['metadata', 'name'])).toBe('4:9-4:12');
    expect(at(d, ['metadata', 'name'], { key: true })).toBe('4:3-4:7');
    expect(at(d, ['spec'])).toBe('2:1-2:10');
    expect(p.comments.map((c) => [c.text, fmt(c.range)])).toEqual([['c', '4:13-4:16']]);
  });

  it('collects the comments of every document of a stream, whichever documents have none or a # in a string', () => {
    const p = parseFile(file('kubernetes', 'a: "x#y"\n---\nb: 2\n---\nc: 3 # last\n# after\n'));
    expect(p.documents.map((d) => d.data)).toEqual([{ a: 'x#y' }, { b: 2 }, { c: 3 }]);
    expect(p.comments.map((c) => [c.text, fmt(c.range)])).toEqual([
      ['last', '5:6-5:12'],
      ['after', '6:1-6:8'],
    ]);
  });

  it('does not count a byte-order mark as a column', () => {
    const p = parseFile(file('kubernetes', '\uFEFFapiVersion: v1\nkind: Pod\n'));
    expect(p.diagnostics).toEqual([]);
    const d = p.documents[0]!;
    expect(at(d, ['apiVersion'])).toBe('1:13-1:15');
    expect(at(d, ['apiVersion'], { key: true })).toBe('1:1-1:11');
  });

  it('counts a tab as one column and reports tab indentation at the parser position', () => {
    const ok = parseFile(file('compose', 'a: "x\ty"\t# c\nb: 2\n'));
    expect(ok.diagnostics).toEqual([]);
    expect(at(ok.documents[0]!, ['a'])).toBe('1:4-1:9');
    expect(at(ok.documents[0]!, ['b'])).toBe('2:4-2:5');
    expect(ok.comments.map((c) => fmt(c.range))).toEqual(['1:10-1:13']);

    const bad = parseFile(file('compose', 'services:\n\tweb:\n\t\timage: x\n'));
    expect(bad.documents).toEqual([]);
    expect(bad.diagnostics.length).toBeGreaterThan(0);
    expect(bad.diagnostics[0]!.ruleId).toBe('invalid-yaml');
    expect(bad.diagnostics[0]!.range.start.line).toBe(2);
  });

  it('counts columns in UTF-16 code units', () => {
    const d = parseFile(file('compose', 'a: "😀"\nb: x\nc: "é" # ü\n')).documents[0]!;
    expect(at(d, ['a'])).toBe('1:4-1:8');
    expect(at(d, ['c'])).toBe('3:4-3:7');
  });
});

describe('YAML multi-document and List', () => {
  it('keeps every non-empty document with its own positions', () => {
    const text = '---\napiVersion: v1\nkind: A\n---\n# only a comment\n---\nfoo: bar\n---\napiVersion: v1\nkind: B\nspec: {}\n';
    const p = parseFile(file('kubernetes', text));
    expect(p.diagnostics).toEqual([]);
    expect(p.documents.map((d) => [d.kind, d.index])).toEqual([
      ['kubernetes', 0],
      ['yaml', 1],
      ['kubernetes', 2],
    ]);
    expect(at(p.documents[2]!, ['kind'])).toBe('10:7-10:8');
    expect(at(p.documents[2]!, ['spec', 'replicas'])).toBe('11:1-11:5');
    expect(p.comments.map((c) => [c.text, fmt(c.range)])).toEqual([['only a comment', '5:1-5:17']]);
  });

  it('expands kind: List into one document per item, locating under items[i]', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata:
      name: a
  - apiVersion: apps/v1
    kind: Deployment
    spec:
      replicas: 1
`;
    const p = parseFile(file('kubernetes', text));
    expect(p.documents.map((d) => (d.data as { kind: string }).kind)).toEqual(['Service', 'Deployment']);
    const dep = p.documents[1]!;
    expect(dep.kind).toBe('kubernetes');
    expect(at(dep, ['spec', 'replicas'])).toBe('11:17-11:18');
    expect(at(dep, ['kind'])).toBe('9:11-9:21');
    expect(at(dep, [])).toBe('9:5-9:21');
    expect(at(dep, ['metadata', 'name'])).toBe('9:5-9:21');
    expect(dep.has(['spec', 'replicas'])).toBe(true);
    expect(dep.has(['items'])).toBe(false);
    expect(at(p.documents[0]!, ['metadata', 'name'])).toBe('7:13-7:14');
  });

  it('types documents by file kind for compose, values and Chart.yaml', () => {
    expect(parseFile(file('compose', 'services: {}\n')).documents[0]!.kind).toBe('compose');
    expect(parseFile(file('helm-values', 'replicaCount: 1\n')).documents[0]!.kind).toBe('helm-values');
    expect(parseFile(file('helm-chart', 'apiVersion: v2\nname: x\n')).documents[0]!.kind).toBe('helm-chart');
  });

  it('parses JSON manifests through the same node tree', () => {
    const text = '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "spec": {"containers": [{"name": "a"}]}\n}\n';
    const d = parseFile(file('kubernetes', text, 'pod.json')).documents[0]!;
    expect(d.kind).toBe('kubernetes');
    expect(at(d, ['kind'])).toBe('3:11-3:16');
    expect(at(d, ['spec', 'containers', 0, 'name'])).toBe('4:36-4:39');
  });
});

describe('YAML anchors, aliases and merge keys', () => {
  const text = `x-env: &env
  - name: A
    value: "1"
x-base: &base
  restart: always
  image: nginx
services:
  web:
    <<: *base
    image: nginx:1.25
    environment: *env
  worker:
    <<: [*base]
`;
  const p = parseFile(file('compose', text, 'compose.yaml'));
  const d = p.documents[0]!;

  it('loads merged data', () => {
    expect(p.diagnostics).toEqual([]);
    const data = d.data as { services: Record<string, Record<string, unknown>> };
    expect(data.services.web).toEqual({ restart: 'always', image: 'nginx:1.25', environment: [{ name: 'A', value: '1' }] });
    expect(data.services.worker!.restart).toBe('always');
  });

  it('points an alias at the alias site, also for paths through it', () => {
    expect(at(d, ['services', 'web', 'environment'])).toBe('11:18-11:22');
    expect(at(d, ['services', 'web', 'environment'], { key: true })).toBe('11:5-11:16');
    expect(at(d, ['services', 'web', 'environment', 0, 'value'])).toBe('11:18-11:22');
    expect(at(d, ['services', 'web', 'environment', 0, 'missing'])).toBe('11:18-11:22');
    expect(d.has(['services', 'web', 'environment', 0, 'value'])).toBe(true);
    // The anchored node itself is located where it is defined.
    expect(at(d, ['x-env', 0, 'value'])).toBe('3:12-3:15');
  });

  it('points a merged key at the key in the merged-in map; own keys win', () => {
    expect(at(d, ['services', 'web', 'restart'])).toBe('5:12-5:18');
    expect(at(d, ['services', 'web', 'restart'], { key: true })).toBe('5:3-5:10');
    expect(at(d, ['services', 'web', 'image'])).toBe('10:12-10:22');
    expect(at(d, ['services', 'worker', 'restart'])).toBe('5:12-5:18');
    expect(at(d, ['services', 'worker', 'user'])).toBe('12:3-12:9');
  });
});

describe('YAML comments', () => {
  it('finds comments everywhere but inside block scalars and quoted strings', () => {
    const text = `# readiness-lint-disable-next-line require-probes -- batch job
a: 1 # one
b: |
  # not a comment
  text
c: "# not either"
d: [1, # in flow
  2]
    # indented
`;
    const p = parseFile(file('compose', text));
    expect(p.diagnostics).toEqual([]);
    expect(p.comments.map((c) => [c.text, fmt(c.range)])).toEqual([
      ['readiness-lint-disable-next-line require-probes -- batch job', '1:1-1:63'],
      ['one', '2:6-2:11'],
      ['in flow', '7:8-7:17'],
      ['indented', '9:5-9:15'],
    ]);
  });
});

describe('YAML errors', () => {
  it('reports a duplicate key at the duplicate, and no document', () => {
    const p = parseFile(file('compose', 'services:\n  web:\n    image: a\n    image: b\n'));
    expect(p.documents).toEqual([]);
    expect(p.diagnostics.map((d) => [d.ruleId, fmt(d.range)])).toEqual([['invalid-yaml', '4:5-4:10']]);
    expect(p.diagnostics[0]!.message).toMatch(/Duplicate key/);
  });

  it('compares keys by type and value, per mapping, ignoring merge keys', () => {
    const ok = parseFile(file('compose', 'a:\n  1: x\n  "1": y\nb:\n  1: z\nc: &c {k: 1}\nd:\n  <<: *c\n  k: 2\n'));
    expect(ok.diagnostics).toEqual([]);
    const bad = parseFile(file('compose', 'list:\n  - {a: 1, b: 2, a: 3}\n'));
    expect(bad.diagnostics.map((d) => [fmt(d.range), d.message])).toEqual([['2:18-2:19', 'Duplicate key "a": map keys must be unique']]);
  });

  it('reports syntax errors at the parser position, keeping valid documents of the stream', () => {
    const p = parseFile(file('kubernetes', 'apiVersion: v1\nkind: A\n---\nkey: [1, 2\nother: x\n'));
    expect(p.documents.map((d) => (d.data as { kind: string }).kind)).toEqual(['A']);
    expect(p.diagnostics.length).toBeGreaterThan(0);
    expect(p.diagnostics.every((d) => d.ruleId === 'invalid-yaml')).toBe(true);
    expect(p.diagnostics[0]!.range.start.line).toBeGreaterThanOrEqual(4);
  });

  it('moves an indentation error past comment and blank lines to the offending line', () => {
    const text = 'services:\n  web:\n    image: x\n\n    # a comment\n     environment: {}\n';
    const p = parseFile(file('compose', text));
    expect(p.diagnostics.map((d) => fmt(d.range))).toEqual(['6:1-6:2']);
  });

  it('does not report warnings (unknown tags) as errors', () => {
    const p = parseFile(file('compose', 'a: !custom x\n'));
    expect(p.diagnostics).toEqual([]);
    expect(p.documents).toHaveLength(1);
  });

  it('refuses an alias bomb with a diagnostic', () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    ].join('\n');
    const p = parseFile(file('compose', bomb));
    expect(p.documents).toEqual([]);
    expect(p.diagnostics).toHaveLength(1);
    expect(p.diagnostics[0]!.message).toMatch(/alias/);
    // At the first alias, where expansion starts.
    expect(fmt(p.diagnostics[0]!.range)).toBe('2:8-2:10');
  });

  it('reports an unknown alias', () => {
    const p = parseFile(file('compose', 'a: *nope\n'));
    expect(p.documents).toEqual([]);
    expect(p.diagnostics[0]!.ruleId).toBe('invalid-yaml');
  });

  it('refuses absurd nesting without crashing', () => {
    const p = parseFile(file('compose', '['.repeat(100_000)));
    expect(p.documents).toEqual([]);
    expect(p.diagnostics).toHaveLength(1);
    expect(p.diagnostics[0]!.message).toMatch(/nested/);
    let block = '';
    for (let i = 0; i < 2000; i++) block += ' '.repeat(i) + 'a:\n';
    expect(parseFile(file('compose', block)).diagnostics[0]!.message).toMatch(/nested/);
  });

  it('still parses ordinary deep-ish nesting', () => {
    const text = '['.repeat(100) + ']'.repeat(100);
    const p = parseFile(file('compose', text));
    expect(p.diagnostics).toEqual([]);
    expect(p.documents).toHaveLength(1);
  });

  it('caps the number of diagnostics per file', () => {
    const text = Array.from({ length: 100 }, (_, i) => `k${i}: [`).join('\n');
    expect(parseFile(file('compose', text)).diagnostics.length).toBeLessThanOrEqual(20);
  });
});

describe('non-YAML kinds', () => {
  it('never parses Helm templates or reports them', () => {
    const p = parseFile(file('helm-template', 'apiVersion: v1\nkind: {{ .Values.kind }}\n  bad: [\n'));
    expect(p).toMatchObject({ documents: [], diagnostics: [], comments: [] });
  });

  it('gives no documents for ignore files, CI configs and other chart files', () => {
    for (const kind of ['dockerignore', 'gitignore', 'ci-config', 'helm-other'] as const) {
      expect(parseFile(file(kind, 'a: [\n'))).toMatchObject({ documents: [], diagnostics: [] });
    }
  });

  it('keeps full-line comments of templates and ignore files for suppressions', () => {
    const text = 'kind: Deployment # not full-line\r\n  # readiness-lint-disable-next-line require-probes -- sidecar\r\n{{- if .Values.x }}\r\n#tight';
    for (const kind of ['helm-template', 'dockerignore', 'gitignore', 'ci-config'] as const) {
      expect(parseFile(file(kind, text)).comments.map((c) => [c.text, fmt(c.range)])).toEqual([
        ['readiness-lint-disable-next-line require-probes -- sidecar', '2:3-2:63'],
        ['tight', '4:1-4:7'],
      ]);
    }
    expect(parseFile(file('helm-other', text)).comments).toEqual([]);
  });
});

describe('YAML document kinds', () => {
  it('types a non-mapping document of a compose or values file as plain yaml', () => {
    expect(parseFile(file('compose', '- a\n- b\n')).documents[0]!.kind).toBe('yaml');
    expect(parseFile(file('helm-values', 'just a string\n')).documents[0]!.kind).toBe('yaml');
  });

  it('numbers documents uniquely when a List is expanded', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: A}\n- {apiVersion: v1, kind: B}\n---\napiVersion: v1\nkind: C\n';
    const p = parseFile(file('kubernetes', text));
    expect(p.documents.map((d) => [(d.data as { kind: string }).kind, d.index])).toEqual([
      ['A', 0],
      ['B', 1],
      ['C', 2],
    ]);
    expect(at(p.documents[1]!, ['kind'])).toBe('5:26-5:27');
    expect(at(p.documents[1]!, ['spec'])).toBe('5:20-5:27');
  });
});

describe('parseYamlText', () => {
  it('parses a CI config into plain yaml documents with positions', async () => {
    const { parseYamlText } = await import('../../src/parsers/index.js');
    const p = parseYamlText(file('ci-config', 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n', '.github/workflows/ci.yml'));
    expect(p.documents.map((d) => d.kind)).toEqual(['yaml']);
    expect(at(p.documents[0]!, ['jobs', 'test', 'runs-on'])).toBe('4:14-4:27');
  });
});
