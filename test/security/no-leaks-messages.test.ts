// Messages carry values verbatim: Helm errors quote what they were given, and a failing `tpl`,
// `fail (printf … %q .Values.password)`, `required` or `include` with a values string printed the
// chart's password in every format (JSON, SARIF, GitLab, JUnit, HTML, annotations, markdown for the
// job summary and PR comment). Every finding message and notice is redacted once, in the engine,
// with the secrets the run knows (issue 10, section 2). Secrets are assembled at run time.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { FORMATTERS, formatToString } from '../../src/formatters/index.js';

const join = (...parts: string[]) => parts.join('');
const PASSWORD = join('Hx7Kq2Lp', '9Vz4Mw8Nr3');
// only in a block string under a key that says nothing (`conf`): found by its shape in the message
const CONF_PASSWORD = join('Cf4Hs9Dn', '2Wq7Mz5Kp');
const GITHUB_TOKEN = join('gh', 'p_', 'R4nd0mF4k3T0k3nV4lu3F0rT3st1ng000000');

const VALUES = `auth:\n  password: "${PASSWORD}"\n  template: "{{ .Values.auth.password }} {{ .Values.nope.x }}"\nconf: |\n  user: app\n  password: ${CONF_PASSWORD}\n  token: ${GITHUB_TOKEN}\n  x: {{ .Values.nope.y }}\n`;
const chart = (name: string, template: string) => [
  { path: `${name}/Chart.yaml`, text: `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n` },
  { path: `${name}/values.yaml`, text: VALUES },
  { path: `${name}/templates/main.yaml`, text: template },
];
const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n';

const CHARTS = {
  'tpl of a template string that quotes the password': chart('tpl-values', `${CM}  a: {{ tpl .Values.auth.template . }}\n`),
  'tpl of a values block that holds the password': chart('tpl-block', `${CM}  a: {{ tpl .Values.conf . }}\n`),
  'fail (printf "%q" .Values.password)': chart('fail-printf', `{{ fail (printf "bad password %q" .Values.auth.password) }}\n`),
  'required with the password in its message': chart('required', `${CM}  a: {{ required (printf "need x, have %s" .Values.auth.password) .Values.missing }}\n`),
  'include of a values string': chart('include', `{{ include .Values.auth.password . }}\n`),
};

describe('Helm error messages never carry a secret', () => {
  const { report } = lint({ files: Object.values(CHARTS).flat() });

  it('each chart fails with a Helm finding (so the check below proves something)', () => {
    for (const name of ['tpl-values', 'tpl-block', 'fail-printf', 'required', 'include']) {
      expect(
        report.findings.some((f) => f.file.startsWith(`${name}/templates/`) && f.ruleId.startsWith('helm-')),
        name,
      ).toBe(true);
    }
  });

  it('the messages stay readable: the error is there, the value masked', () => {
    const failed = report.findings.find((f) => f.file.startsWith('fail-printf/templates/'))!;
    expect(failed.message).toBe('bad password "Hx***"');
    const block = report.findings.find((f) => f.file.startsWith('tpl-block/templates/'))!;
    expect(block.message).toContain('user: app\\npassword: Cf***\\ntoken: gh***\\n');
  });

  for (const [format, formatter] of Object.entries(FORMATTERS)) {
    it(`${format}: no secret and no 6 characters of one`, () => {
      const out = formatToString(formatter, report, { cwd: '.', color: false });
      for (const secret of [PASSWORD, CONF_PASSWORD, GITHUB_TOKEN]) {
        for (let i = 0; i + 6 <= secret.length; i++) expect(out.includes(secret.slice(i, i + 6)), `${format}: ${secret.slice(i, i + 6)}`).toBe(false);
      }
    });
  }
});
