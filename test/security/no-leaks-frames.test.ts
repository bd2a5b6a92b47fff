// Redaction is a property of the file, not of a finding: a code frame shows the finding's line and
// the one before it, and every secret the run knows in that file is masked there, whichever rule
// the frame belongs to (issue 10, section 2). Each case below printed a secret in full in the frame
// of a neighbouring finding: only the finding's own span used to be masked.
// Secrets are assembled at run time so the repository holds none.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { FORMATTERS, formatToString } from '../../src/formatters/index.js';

const join = (...parts: string[]) => parts.join('');
const secret = (n: number) => join('Zq8vN2rT', '5wXy7Kp4', `Lm9B${n}c`);

interface Case {
  name: string;
  files: { path: string; text: string }[];
  /** Secrets planted, each of which must not appear (nor 6 characters of it). */
  secrets: string[];
  /** file:line of a secret that a frame shows (so the case proves something). */
  shown: { file: string; line: number };
}

const POD_HEAD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: a\n';

const CASES: Case[] = [
  {
    name: 'two secrets in one flow-style env list',
    files: [
      { path: 'k8s/pod.yaml', text: `${POD_HEAD}      image: nginx:1.27.3\n      env: [{name: DB_PASSWORD, value: "${secret(1)}"}, {name: API_TOKEN, value: "${secret(2)}"}]\n` },
    ],
    secrets: [secret(1), secret(2)],
    shown: { file: 'k8s/pod.yaml', line: 9 },
  },
  {
    name: 'a URL password on the line above a password',
    files: [{ path: '.env.production', text: `DATABASE_URL=postgres://app:${secret(3)}@db.internal:5432/app\nDB_PASSWORD=${secret(4)}\n` }],
    secrets: [secret(3), secret(4)],
    shown: { file: '.env.production', line: 1 },
  },
  {
    name: 'JSON inside a ConfigMap block scalar',
    files: [
      {
        path: 'k8s/cm.yaml',
        text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  config.json: |\n    {"db": {"host": "db", "password": "${secret(5)}"},\n     "corsOrigins": "*"}\n`,
      },
    ],
    secrets: [secret(5)],
    shown: { file: 'k8s/cm.yaml', line: 7 },
  },
  {
    name: 'args: ["--db-password=..."]',
    files: [{ path: 'k8s/pod.yaml', text: `${POD_HEAD}      args: ["--db-password=${secret(6)}"]\n      image: nginx:latest\n` }],
    secrets: [secret(6)],
    shown: { file: 'k8s/pod.yaml', line: 8 },
  },
  {
    name: 'a parse error on the line holding a secret',
    files: [{ path: 'k8s/secret.yaml', text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData: {password: "${secret(7)}"} extra\n` }],
    secrets: [secret(7)],
    shown: { file: 'k8s/secret.yaml', line: 5 },
  },
  {
    name: 'a dotenv continuation line (multi-line quoted value)',
    files: [{ path: '.env.production', text: `SIGNING_SECRET="${secret(8)}\n${secret(9)}"\nAPI_KEY=${secret(10)}\n` }],
    secrets: [secret(8), secret(9), secret(10)],
    shown: { file: '.env.production', line: 2 },
  },
  {
    name: 'RUN … echo <secret> in a Dockerfile',
    files: [{ path: 'Dockerfile', text: `FROM node:22.12.0-alpine3.20\nENV API_TOKEN=${secret(11)}\nRUN echo ${secret(11)} > /etc/app/token\nUSER root\n` }],
    secrets: [secret(11)],
    shown: { file: 'Dockerfile', line: 3 },
  },
  {
    name: 'a commented-out password',
    files: [{ path: '.env.production', text: `# password: ${secret(12)}\nJWT_SECRET=${secret(13)}\n` }],
    secrets: [secret(12), secret(13)],
    shown: { file: '.env.production', line: 1 },
  },
];

/** Every form that prints code frames: text, text -q, html, junit. */
function framed(c: Case): Record<string, string> {
  const { report, files, secretSpans } = lint({ files: c.files });
  const sources = new Map(files.map((f) => [f.path, f.text]));
  const options = { cwd: '.', color: false, sources, secretSpans };
  return {
    text: FORMATTERS.text!(report, options),
    'text -q': FORMATTERS.text!(report, { ...options, quiet: true }),
    html: FORMATTERS.html!(report, options),
    junit: formatToString(FORMATTERS.junit, report, options),
  };
}

describe('every secret of a file is masked in every frame of that file', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const outputs = framed(c);
      // the secret's line is shown in a frame (text: `  > 9 | …` or `    9 | …`)
      const frameLine = new RegExp(`^ {2}[> ] +${c.shown.line} \\| `, 'm');
      expect(outputs.text).toMatch(frameLine);
      for (const [format, out] of Object.entries(outputs)) {
        for (const s of c.secrets) {
          for (let i = 0; i + 6 <= s.length; i++) {
            expect(out.includes(s.slice(i, i + 6)), `${format} shows ${s.slice(i, i + 6)}… of a secret`).toBe(false);
          }
        }
      }
    });
  }
});
