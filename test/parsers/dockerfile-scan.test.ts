// The hand-written Dockerfile scanner (src/parsers/dockerfile-scan.ts) against dockerfile-ast, the
// library it stands in for: on every Dockerfile of the fixtures and the corpus, and on thousands of
// seeded edits of them made of the characters Dockerfile syntax turns on, with LF and with CR LF
// line ends, the scanner either gives up (and dockerfile-ast is used) or reports exactly what
// dockerfile-ast reports, offsets included.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanDockerfile } from '../../src/parsers/dockerfile-scan.js';
import { syntaxFromDockerfileAst } from '../../src/parsers/dockerfile.js';
import { CORPUS_DIR, HAS_CORPUS, noteCorpusSkip } from '../helpers/corpus.js';
import { REPO } from '../helpers/fixtures.js';

const isDockerfileName = (name: string) => /^(Dockerfile|Containerfile)([.-].*)?$/i.test(name) || /\.(dockerfile|containerfile)$/i.test(name);

function dockerfilesUnder(root: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && isDockerfileName(entry.name)) out.push(join(entry.parentPath, entry.name));
  }
  return out.sort();
}

const HAND_WRITTEN = [
  '# syntax=docker/dockerfile:1\nARG NODE_VERSION=20\nARG BASE\n# builder\nFROM --platform=$BUILDPLATFORM node:${NODE_VERSION}-alpine AS Build\nRUN apt-get update \\\n  # inline comment in a continuation\n  && apt-get install -y curl\nFROM ${BASE:-debian}:12 AS runtime\nCOPY --from=build /app /app\nFROM build\nUSER node\nCMD ["node", "server.js"]\n',
  'FROM alpine\nRU\\\nN echo hi\nCMD [ "a\\"b", "c\\\\d" , "e\\nf" ]\nENTRYPOINT []\nVOLUME [ ]\nSHELL ["/bin/sh",\\\n  "-c"]\n',
  'FROM alpine\nRUN echo a\\ b \\  \n  c \\\n\n  # comment\n  d\\$e \\\\ f\\',
  'FROM alpine\nCOPY --chown=1:1 --from=x a b\nADD --chmod=644 - -- --x= y\nRUN --mount=type=cache,target=/root/.cache --network=none make\nHEALTHCHECK --interval=5s --timeout=3s CMD curl -f http://localhost/ || exit 1\nHEALTHCHECK NONE\n',
  '#directive=x\n# syntax = docker/dockerfile:1.4  \n#check=skip=all\nFROM a',
  ' # not=a directive\n\nFROM scratch AS\nFROM\nFROM --platform linux/amd64 img as base\nEXPOSE 80/tcp 443\nMAINTAINER me\nfoo bar\n',
  'ARG A=1 B=2\nARG C\nARG D=\nFROM x:$A',
  'FROM a\nRUN <<EOF\necho\nEOF\nCOPY --chmod=755 <<-"EOT" /x <<EOF2 /y\n\techo \\\n\tEOT\nbody\nEOF2\nRUN <<A cat\nRUN x <<B\nONBUILD RUN <<EOF\nx\nEOF\nONBUILD COPY --from=a <<-A /b\n\tA\nONBUILD\nONBUILD ADD\n',
  'FROM x\n\\\n\nRUN a \\ \n# c1\n\n  # c2\n b\nCMD ["unterminated", \n',
];

/** A seeded generator (mulberry32), so a failure names an edit that can be made again. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '\\',
  '\\\n',
  ' \\\n',
  '\\ \n',
  '\n',
  '\n#',
  '\n  # c\n',
  ' ',
  '\t',
  '#',
  '"',
  "'",
  '[',
  ']',
  ',',
  '-',
  '--',
  '=',
  '$',
  '${',
  '}',
  'AS',
  'as ',
  '--from=',
  '--platform=x ',
  ' [',
  '"]',
  '\\"',
  '\n\n',
  ' <<EOF',
  ' <<-EOT',
  ' <<"EOF"',
  '\nEOF\n',
  '\n\tEOT',
  'EOF',
  '<<',
  '\nONBUILD ',
  'ONBUILD RUN <<X\nX\n',
  '\nARG ',
  '\nFROM ',
  '\nHEALTHCHECK --x ',
];

/** The same pieces with CR LF line ends, and carriage returns alone and escaped. */
const CRLF_PIECES = [...PIECES.map((p) => p.replace(/\n/g, '\r\n')), '\r', '\r\n', '\\\r\n', ' \\\r\n', '\\ \r\n', '\r\n#', '"\\\r\n', 'x\r', '\r\r\n'];

const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

function mutate(text: string, next: () => number, edits: number, pieces: readonly string[] = PIECES): string {
  let out = text;
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(next() * (out.length + 1));
    const roll = next();
    if (roll < 0.7) out = out.slice(0, at) + pieces[Math.floor(next() * pieces.length)]! + out.slice(at);
    else out = out.slice(0, at) + out.slice(at + 1 + Math.floor(next() * 3));
  }
  return out;
}

function expectSame(text: string, label: string): boolean {
  const fast = scanDockerfile(text);
  if (!fast) return false;
  expect(fast, label).toEqual(syntaxFromDockerfileAst(text));
  return true;
}

describe('the hand-written Dockerfile scanner', () => {
  const fixtureFiles = [...dockerfilesUnder(join(REPO, 'rules')), ...dockerfilesUnder(join(REPO, 'fixtures'))];

  it('reads the hand-written edge cases as dockerfile-ast does', () => {
    for (const [i, text] of HAND_WRITTEN.entries()) expect(expectSame(text, `case ${i}`), `case ${i} scanned`).toBe(true);
  });

  it('reads the hand-written edge cases with CR LF line ends, and lone carriage returns, as dockerfile-ast does', () => {
    for (const [i, text] of HAND_WRITTEN.entries()) {
      expect(expectSame(crlf(text), `case ${i} with CR LF`), `case ${i} with CR LF scanned`).toBe(true);
    }
    const loneCarriageReturns = [
      'FROM a\rb\nRUN x\r\n',
      '# syntax=x\r\n# check=y \r\nFROM a\r',
      'FROM a\nRUN b \\\r\n  # c\r\n  d\r\nCMD ["x",\\\r\n "y"]\r\n',
      '#\r\n#\rx\r\nFROM a AS\r\r\n',
    ];
    for (const text of loneCarriageReturns) expect(expectSame(text, JSON.stringify(text)), JSON.stringify(text)).toBe(true);
  });

  it('gives up on what it leaves to dockerfile-ast', () => {
    for (const text of ['\ufeffFROM a', '# escape=`\nFROM a', 'ARG "A"=1\nFROM a', 'ARG A=$B\nFROM a', 'ARG A b\nFROM a', 'ARG A=1\\ B=2\nFROM a']) {
      expect(scanDockerfile(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('reads every fixture Dockerfile as dockerfile-ast does', () => {
    expect(fixtureFiles.length).toBeGreaterThan(50);
    let scanned = 0;
    for (const f of fixtureFiles) if (expectSame(readFileSync(f, 'utf8'), f)) scanned++;
    expect(scanned / fixtureFiles.length).toBeGreaterThan(0.9);
  });

  it('reads every fixture Dockerfile with CR LF line ends as dockerfile-ast does', () => {
    let scanned = 0;
    for (const f of fixtureFiles) if (expectSame(crlf(readFileSync(f, 'utf8')), `${f} with CR LF`)) scanned++;
    expect(scanned / fixtureFiles.length).toBeGreaterThan(0.9);
  });

  it('reads seeded edits of the fixtures with CR LF line ends as dockerfile-ast does, or gives up', () => {
    const texts = [...HAND_WRITTEN, ...fixtureFiles.map((f) => readFileSync(f, 'utf8'))].map(crlf);
    let scanned = 0;
    let runs = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const next = random(seed);
      const base = texts[seed % texts.length]!;
      const text = mutate(base, next, 1 + Math.floor(next() * 6), CRLF_PIECES);
      runs++;
      if (expectSame(text, `seed ${seed}: ${JSON.stringify(text.slice(0, 400))}`)) scanned++;
    }
    expect(scanned / runs).toBeGreaterThan(0.5);
  });

  it('reads seeded edits of the fixtures as dockerfile-ast does, or gives up', () => {
    const texts = [...HAND_WRITTEN, ...fixtureFiles.map((f) => readFileSync(f, 'utf8'))];
    let scanned = 0;
    let runs = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const next = random(seed);
      const base = texts[seed % texts.length]!;
      const text = mutate(base, next, 1 + Math.floor(next() * 6));
      runs++;
      if (expectSame(text, `seed ${seed}: ${JSON.stringify(text.slice(0, 400))}`)) scanned++;
    }
    expect(scanned / runs).toBeGreaterThan(0.5);
  });
});

noteCorpusSkip('the Dockerfile scanner against dockerfile-ast on the corpus');
describe.skipIf(!HAS_CORPUS)('the hand-written Dockerfile scanner on the corpus', () => {
  it('reads every corpus Dockerfile as dockerfile-ast does', () => {
    const files = dockerfilesUnder(join(CORPUS_DIR, 'repos'));
    expect(files.length).toBeGreaterThan(100);
    let scanned = 0;
    for (const f of files) if (expectSame(readFileSync(f, 'utf8'), f)) scanned++;
    expect(scanned / files.length).toBeGreaterThan(0.8);
  });

  it('reads every corpus Dockerfile with CR LF line ends as dockerfile-ast does', () => {
    const files = dockerfilesUnder(join(CORPUS_DIR, 'repos'));
    let scanned = 0;
    for (const f of files) if (expectSame(crlf(readFileSync(f, 'utf8')), `${f} with CR LF`)) scanned++;
    expect(scanned / files.length).toBeGreaterThan(0.8);
  });
});
