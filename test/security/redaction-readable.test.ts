// Redaction masks secret values and nothing else (issue 10, section 2). The line heuristics used to
// mask anything random-looking after a key: a frame showed `FROM node:22.12.0-alpine3.20` as
// `FROM no***` and a Helm expression as `{{***`, which made the reported line unreadable. Both
// directions are checked: known non-secrets stay as written, secrets are still masked.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { FORMATTERS } from '../../src/formatters/index.js';
import { redactLine } from '../../src/formatters/redact.js';
import { RunSecrets } from '../../src/engine/redaction.js';
import { maskSpans, type TextSpan } from '../../src/knowledge/secrets/secrets.js';
import { parseFile } from '../../src/parsers/index.js';

const join = (...parts: string[]) => parts.join('');
const RANDOM = join('Zq8vN2rT5w', 'Xy7Kp4Lm9B');
const DIGEST = 'sha256:' + 'a1b2c3d4e5f60718'.repeat(4);

describe('known non-secrets stay readable', () => {
  const READABLE = [
    'FROM node:22.12.0-alpine3.20',
    'FROM --platform=linux/amd64 ghcr.io/acme/api-server:2024.11.3-build7 AS build',
    `image: ghcr.io/acme/api-server:1.2.3@${DIGEST}`,
    '  password: {{ template "app.password" . }}',
    '  DB_PASSWORD: {{ .Values.db.password | b64enc | quote }}',
    '  checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}',
    'DATABASE_URL=postgres://db.internal:5432/app?sslmode=require',
    'VERSION=v1.22.3-rc.1+build.20241107',
    'CONFIG=/etc/acme/config-2024-v3/settings.yaml',
    'API_TOKEN: ${API_TOKEN}',
    '          value: "postgresql://app:$(DB_PASSWORD)@db.internal:5432/app"',
    'JWT_SECRET_FILE=/run/secrets/jwt_secret_2024',
  ];
  for (const line of READABLE) it(line.trim(), () => expect(redactLine(line)).toBe(line));

  it('a Dockerfile frame shows its FROM line as written', () => {
    const { report, files, secretSpans } = lint({ files: [{ path: 'Dockerfile', text: 'FROM node:22.12.0-alpine3.20\nUSER root\n' }] });
    const out = FORMATTERS.text!(report, { cwd: '.', color: false, sources: new Map(files.map((f) => [f.path, f.text])), secretSpans });
    expect(out).toContain('    1 | FROM node:22.12.0-alpine3.20\n  > 2 | USER root\n');
  });
});

describe('secrets are still masked, and only their value', () => {
  const MASKED: [string, string][] = [
    [`DB_PASSWORD=${RANDOM}`, 'DB_PASSWORD=Zq***'],
    [`DATABASE_URL=postgres://app:${RANDOM}@db.internal:5432/app`, 'DATABASE_URL=postgres://app:Zq***@db.internal:5432/app'],
    [`SESSION_BLOB=${RANDOM}`, 'SESSION_BLOB=Zq***'],
    [`      - --db-password=${RANDOM}`, '      - --db-password=Zq***'],
    [`# password: ${RANDOM}`, '# password: Zq***'],
    [`  {"user": "app", "apiToken": "${RANDOM}"}`, '  {"user": "app", "apiToken": "Zq***"}'],
    [`aws = "${join('AKIA', 'Z7Q4XK2M9PLR3TVW')}"`, 'aws = "AK***"'],
  ];
  for (const [line, shown] of MASKED) it(shown, () => expect(redactLine(line)).toBe(shown));
});

// Issue 17: template code was masked as a secret value. A Dockerfile's legacy `ENV KEY value` form
// split `{{ template "app.password" . }}` into words and masked each (`{{ te***`), and a bare value
// ending where template code starts (`token: prefix{{ … }}`) was masked up to the braces.
describe('template expressions are code, not secret values', () => {
  it('a legacy ENV whose value is a template expression stays readable; a literal one is masked', () => {
    const text = `FROM node:22.12.0-alpine3.20\nENV DB_PASSWORD {{ template "app.password" . }}\nENV API_TOKEN ${RANDOM}\n`;
    const file = { path: 'Dockerfile', kind: 'dockerfile', environment: 'production', text } as const;
    const spans = RunSecrets.collect([parseFile(file)]).spansOf([file], [], () => false)('Dockerfile');
    const masked = maskLines(text, spans);
    expect(masked).toContain('ENV DB_PASSWORD {{ template "app.password" . }}\n');
    expect(masked).toContain('ENV API_TOKEN Zq***\n');
  });

  const READABLE = ['  token: prefix{{ template "app.token" . }}', 'API_TOKEN=te{{ .Values.token }}', '  password: {{- template "app.password" . }}'];
  for (const line of READABLE) it(line.trim(), () => expect(redactLine(line)).toBe(line));
  it(`a literal value next to one is still masked`, () => expect(redactLine(`API_TOKEN=${RANDOM} OTHER={{ .Values.x }}`)).toBe('API_TOKEN=Zq*** OTHER={{ .Values.x }}'));
});

/** The text with every span (1-based ranges, one line each here) masked. */
function maskLines(text: string, ranges: readonly { start: { line: number; column: number }; end: { line: number; column: number } }[]): string {
  return text
    .split('\n')
    .map(
      (line, i) =>
        maskSpans(
          line,
          ranges.filter((r) => r.start.line === i + 1).map((r) => [r.start.column - 1, r.end.column - 1] as TextSpan),
        ).text,
    )
    .join('\n');
}
