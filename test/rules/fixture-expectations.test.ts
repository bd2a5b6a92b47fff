// The fixture expectation syntax (test/helpers/fixtures.ts): `rule-id@column messageId`, as
// ESLint's RuleTester asserts messageId. A fail case that leaves the messageId out is listed in
// `unnamed` (test/rules/fixtures.test.ts fails on it); a malformed item can never match a finding.
import { describe, expect, it } from 'vitest';
import { expectationsOf } from '../helpers/fixtures.js';

describe('fixture expectations', () => {
  it('read rule, line, column and messageId from YAML, Helm template, JSON and file markers', () => {
    const files = [
      { path: 'k8s/app.yaml', text: 'kind: Deployment\nspec:\n  # expect-next-line: require-replicas@13 tooFew, require-probes@3 missingLiveness\n  replicas: 1\n' },
      { path: 'chart/templates/d.yaml', text: '{{/* expect-next-line: require-replicas@16 tooFew */}}\nreplicas: {{ .Values.n }}\n' },
      { path: 'task.json', text: '{\n  "//": "expect-next-line: no-root-containers@7 ecsNoUser",\n  "name": "api"\n}\n' },
      { path: 'big.yaml', text: '# expect-file-finding: file-not-judged artifact\n' },
    ];
    expect(expectationsOf(files)).toEqual({
      expected: [
        'big.yaml:1:1 file-not-judged artifact',
        'chart/templates/d.yaml:2:16 require-replicas tooFew',
        'k8s/app.yaml:4:13 require-replicas tooFew',
        'k8s/app.yaml:4:3 require-probes missingLiveness',
        'task.json:3:7 no-root-containers ecsNoUser',
      ],
      unnamed: [],
    });
  });

  it('list expectations without a messageId, and keep a malformed one so it fails the comparison', () => {
    const { expected, unnamed } = expectationsOf([
      { path: 'a.yaml', text: '# expect-next-line: require-replicas@13\nx: 1\n# expect-next-line: require-replicas 13 tooFew\ny: 2\n' },
      { path: 'b.yaml', text: '# expect-file-finding: kustomize-build-error\n' },
    ]);
    expect(unnamed).toEqual(['a.yaml:2:13 require-replicas', 'b.yaml:1:1 kustomize-build-error']);
    expect(expected).toContain("a.yaml:4 malformed expectation 'require-replicas 13 tooFew'");
  });
});
