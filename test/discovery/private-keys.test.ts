// Private key files: found by name (id_rsa, *.p12) or by a PEM private key header at the start of
// a *.pem / *.key file; never kept as text, never read whole.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyFiles, discover, isPrivateKeyFile } from '../../src/discovery/index.js';
import { lint } from '../../src/engine/lint.js';
import { FORMATTERS, formatToString } from '../../src/formatters/index.js';

// Obviously fake bodies: only the envelope matters here.
const pem = (label: string) => `-----BEGIN ${label}-----\nThisIsNotARealKeyJustAReadinessLintFixture==\n-----END ${label}-----\n`;

describe('isPrivateKeyFile', () => {
  it.each([
    ['id_rsa', '', true],
    ['id_ed25519', '', true],
    ['bundle.p12', '', true],
    ['client.PFX', '', true],
    ['putty.ppk', '', true],
    ['tls.pem', pem('PRIVATE KEY'), true],
    ['tls.key', pem('RSA PRIVATE KEY'), true],
    ['ec.key', pem('EC PRIVATE KEY'), true],
    ['ssh.pem', pem('OPENSSH PRIVATE KEY'), true],
    ['enc.pem', pem('ENCRYPTED PRIVATE KEY'), true],
    ['chain.pem', pem('CERTIFICATE') + pem('PRIVATE KEY'), true],
    ['ca.pem', pem('CERTIFICATE'), false],
    ['pub.pem', pem('PUBLIC KEY'), false],
    ['empty.pem', '-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n', false],
    ['slides.key', 'PK\u0003\u0004 a Keynote archive', false],
    ['id_rsa.pub', 'ssh-rsa AAAA', false],
    ['notes.txt', pem('PRIVATE KEY'), false],
  ])('%s → %s', (name, text, expected) => {
    expect(isPrivateKeyFile(name, text)).toBe(expected);
  });

  it('looks only at the start of the file', () => {
    expect(isPrivateKeyFile('late.pem', 'x'.repeat(20_000) + pem('PRIVATE KEY'))).toBe(false);
  });

  it('classifies a key without keeping its text, and leaves chart files to Helm', () => {
    const chart = 'apiVersion: v2\nname: c\nversion: 1.0.0\n';
    const files = classifyFiles([
      { path: 'certs/tls.key', text: pem('PRIVATE KEY') },
      { path: 'certs/ca.pem', text: pem('CERTIFICATE') },
      { path: 'chart/Chart.yaml', text: chart },
      { path: 'chart/files/tls.key', text: pem('PRIVATE KEY') },
    ]);
    expect(files.map((f) => [f.path, f.kind, f.text.length])).toEqual([
      ['certs/tls.key', 'private-key', 0],
      ['chart/Chart.yaml', 'helm-chart', chart.length],
      ['chart/files/tls.key', 'helm-other', pem('PRIVATE KEY').length],
    ]);
  });
});

describe('discovering private keys', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'rl-keys-'));
    const put = async (rel: string, content: string | Uint8Array) => {
      await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
      await writeFile(path.join(root, rel), content);
    };
    await put('Dockerfile', 'FROM alpine:3.20\n');
    // larger than the size limit below: a key is judged by its first bytes, never skipped for size
    await put('certs/tls.key', pem('PRIVATE KEY') + '#'.repeat(4000));
    await put('certs/ca.pem', pem('CERTIFICATE'));
    await put('.ssh/id_ed25519', 'whatever it holds');
    await put('keystore.p12', new Uint8Array([0x30, 0x82, 0x00, 0x00, 0xff, 0xfe]));
    await put('deck.key', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lists keys by name and by header, with no text, without reading them through readFile', async () => {
    const read: string[] = [];
    const r = await discover([], {
      cwd: root,
      maxFileSize: 1000,
      readFile: async (abs) => {
        read.push(path.relative(root, abs));
        return new TextEncoder().encode('FROM alpine:3.20\n');
      },
    });
    expect(r.files.map((f) => [f.path, f.kind, f.text])).toEqual([
      ['.ssh/id_ed25519', 'private-key', ''],
      ['Dockerfile', 'dockerfile', 'FROM alpine:3.20\n'],
      ['certs/tls.key', 'private-key', ''],
      ['keystore.p12', 'private-key', ''],
    ]);
    expect(r.skipped).toEqual([]);
    expect(read).toEqual(['Dockerfile']);
  });
});

describe('a private key in a build context', () => {
  it('is reported at the COPY source by its name, and its content appears in no output', () => {
    const body = ['Zm9yLXRlc3Rz', 'LW5vdC1hLWtleQ'].join(''); // assembled: the repository holds no key body
    const key = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\n`;
    const { report, files } = lint({
      onlyRules: ['no-secrets-in-images'],
      files: [
        { path: 'api/Dockerfile', text: 'FROM node:20.17\nWORKDIR /app\nCOPY  ./ /app/\nUSER node\n' },
        { path: 'api/deploy/tls.key', text: key },
      ],
    });
    expect(report.findings.map((f) => [f.file, `${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`, f.message])).toEqual([
      ['api/Dockerfile', '3:7-3:9', 'COPY `./` copies deploy/tls.key from the build context `api` into the image; exclude them in api/.dockerignore'],
    ]);
    const sources = new Map(files.map((f) => [f.path, f.text]));
    for (const [format, formatter] of Object.entries(FORMATTERS)) {
      expect(formatToString(formatter, report, { cwd: '.', color: false, sources }).includes(body), format).toBe(false);
    }
  });
});
