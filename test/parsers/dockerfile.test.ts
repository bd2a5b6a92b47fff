import { describe, expect, it } from 'vitest';
import type { DockerfileData } from '../../src/model/types.js';
import { parseFile, substituteArgs, joinContinuations, type DockerInstructionExt } from '../../src/parsers/index.js';
import { at, file, fmt, textAt } from './helpers.js';

const TEXT = `# syntax=docker/dockerfile:1
ARG NODE_VERSION=20
ARG BASE
# builder
FROM --platform=$BUILDPLATFORM node:\${NODE_VERSION}-alpine AS Build
RUN apt-get update \\
  # inline comment in a continuation
  && apt-get install -y curl
RUN <<EOF
set -e
echo hi
EOF
FROM \${BASE:-debian}:12 AS runtime
COPY --from=build /app /app
FROM build
USER node
CMD ["node", "server.js"]
`;

describe('Dockerfile parser', () => {
  const p = parseFile(file('dockerfile', TEXT, 'Dockerfile'));
  const doc = p.documents[0]!;
  const data = doc.data as DockerfileData;
  const ins = data.instructions as DockerInstructionExt[];

  it('reads directives, instructions and stage membership', () => {
    expect(p.diagnostics).toEqual([]);
    expect(doc.kind).toBe('dockerfile');
    expect(data.directives).toEqual({ syntax: 'docker/dockerfile:1' });
    expect(ins.map((i) => [i.keyword, i.stage])).toEqual([
      ['ARG', -1],
      ['ARG', -1],
      ['FROM', 0],
      ['RUN', 0],
      ['RUN', 0],
      ['FROM', 1],
      ['COPY', 1],
      ['FROM', 2],
      ['USER', 2],
      ['CMD', 2],
    ]);
    expect(data.globalArgs).toEqual({ NODE_VERSION: '20', BASE: undefined });
  });

  it('joins continuations and drops comments inside them', () => {
    expect(ins[3]!.argsText).toBe('apt-get update   && apt-get install -y curl');
    expect(ins[3]!.arguments.map((a) => a.value)).toEqual(['apt-get', 'update', '&&', 'apt-get', 'install', '-y', 'curl']);
    expect(at(doc, ['instructions', 3])).toBe('6:1-8:29');
    expect(at(doc, ['instructions', 3, 'arguments', 2])).toBe('8:3-8:5');
  });

  it('keeps heredoc bodies out of the arguments', () => {
    expect(ins[4]!.heredocs).toEqual([{ delimiter: 'EOF', body: 'set -e\necho hi' }]);
    expect(ins[4]!.arguments.map((a) => a.value)).toEqual(['<<EOF']);
    expect(at(doc, ['instructions', 4])).toBe('9:1-12:4');
    expect(at(doc, ['instructions', 4, 'heredocs', 0])).toBe('10:1-11:8');
  });

  it('builds stages with ARG substitution, names, platforms and stage references', () => {
    expect(data.stages.map((s) => ({ ...s }))).toEqual([
      {
        index: 0,
        name: 'build',
        imageRaw: 'node:${NODE_VERSION}-alpine',
        image: 'node:20-alpine',
        platform: '$BUILDPLATFORM',
        fromInstruction: 2,
        instructions: [2, 3, 4],
      },
      { index: 1, name: 'runtime', imageRaw: '${BASE:-debian}:12', image: 'debian:12', fromInstruction: 5, instructions: [5, 6] },
      { index: 2, imageRaw: 'build', image: 'build', fromStage: 0, fromInstruction: 7, instructions: [7, 8, 9] },
    ]);
  });

  it('locates stages, images, keywords, flags and arguments', () => {
    expect(at(doc, ['stages', 0, 'image'])).toBe('5:32-5:59');
    expect(textAt(TEXT, doc.locate(['stages', 0, 'image']).range)).toBe('node:${NODE_VERSION}-alpine');
    expect(at(doc, ['stages', 0, 'platform'])).toBe('5:6-5:31');
    expect(at(doc, ['stages', 0, 'name'])).toBe('5:63-5:68');
    expect(at(doc, ['stages', 1, 'from'])).toBe('13:1-13:35');
    expect(at(doc, ['stages', 2, 'instructions', 1])).toBe('16:1-16:10');
    expect(at(doc, ['instructions', 8, 'keyword'])).toBe('16:1-16:5');
    expect(at(doc, ['instructions', 8], { key: true })).toBe('16:1-16:5');
    expect(at(doc, ['instructions', 8, 'arguments', 0])).toBe('16:6-16:10');
    expect(at(doc, ['instructions', 6, 'flags', 0])).toBe('14:6-14:18');
    expect(ins[6]!.flags).toEqual([{ name: 'from', value: 'build' }]);
    expect(at(doc, ['globalArgs', 'NODE_VERSION'])).toBe('2:1-2:20');
    expect(at(doc, ['directives', 'syntax'])).toBe('1:1-1:29');
  });

  it('locates heredoc bodies, stages without a name or platform, and sub-indexes past a list (spans kept packed)', () => {
    expect(at(doc, ['instructions', 4, 'heredocs', 0])).toBe('10:1-11:8');
    expect(at(doc, ['instructions', 4, 'heredocs', 1])).toBe('9:1-12:4');
    expect(at(doc, ['instructions', 4, 'argsText'])).toBe('9:5-12:4');
    expect(at(doc, ['instructions', 3, 'heredocs', 0])).toBe('6:1-8:29');
    expect(at(doc, ['instructions', 2, 'heredocs', 0])).toBe('5:1-5:68');
    expect(at(doc, ['instructions', 2, 'flags', 0])).toBe('5:6-5:31');
    expect(at(doc, ['instructions', 6, 'flags', 1])).toBe('14:1-14:28');
    expect(at(doc, ['instructions', 6, 'flags', -1])).toBe('14:1-14:28');
    expect(at(doc, ['instructions', 9, 'arguments', 1])).toBe('17:14-17:25');
    expect(at(doc, ['instructions', 1.5])).toBe('5:1-5:68');
    expect(at(doc, ['stages', 1, 'image'])).toBe('13:6-13:24');
    expect(at(doc, ['stages', 1, 'platform'])).toBe('13:1-13:35');
    expect(at(doc, ['stages', 2, 'name'])).toBe('15:1-15:11');
    expect(at(doc, ['stages', 2, 'platform'])).toBe('15:1-15:11');
    expect(at(doc, ['stages', 1, 'instructions', 1, 'flags', 0])).toBe('14:6-14:18');
    expect(at(doc, ['globalArgs', 'BASE'])).toBe('3:1-3:9');
  });

  it('falls back to the first FROM for missing or document-level paths', () => {
    expect(at(doc, [])).toBe('5:1-5:68');
    expect(at(doc, ['instructions', 99, 'arguments', 0])).toBe('5:1-5:68');
    expect(at(doc, ['stages', 7])).toBe('5:1-5:68');
    expect(at(doc, ['instructions', 8, 'arguments', 5])).toBe('16:6-16:10');
  });

  it('decodes the exec form', () => {
    expect(ins[9]!.execForm).toBe(true);
    expect(ins[9]!.arguments.map((a) => a.value)).toEqual(['node', 'server.js']);
    expect(ins[9]!.argsText).toBe('["node", "server.js"]');
  });

  it('collects comments, including those inside continuations', () => {
    expect(p.comments.map((c) => [c.text, fmt(c.range)])).toEqual([
      ['builder', '4:1-4:10'],
      ['inline comment in a continuation', '7:3-7:37'],
    ]);
  });
});

describe('Dockerfile suppression comments', () => {
  it('keeps suppression comments at the top of the file (not parser directives)', () => {
    const text =
      '# readiness-lint-disable-file no-root-containers -- base=legacy image\n# readiness-lint-disable-next-line require-pinned-images -- pinned by digest upstream\nFROM alpine\n';
    const p = parseFile(file('dockerfile', text));
    expect((p.documents[0]!.data as DockerfileData).directives).toEqual({});
    expect(p.comments.map((c) => [c.text, fmt(c.range)])).toEqual([
      ['readiness-lint-disable-file no-root-containers -- base=legacy image', '1:1-1:70'],
      ['readiness-lint-disable-next-line require-pinned-images -- pinned by digest upstream', '2:1-2:86'],
    ]);
  });
});

describe('Dockerfile coordinates and dialects', () => {
  it('handles CRLF and a BOM', () => {
    const p = parseFile(file('dockerfile', '\uFEFFFROM alpine\r\nRUN a \\\r\n  b\r\nUSER 1000\r\n'));
    const d = p.documents[0]!;
    const data = d.data as DockerfileData;
    expect(p.diagnostics).toEqual([]);
    expect(at(d, ['instructions', 0, 'keyword'])).toBe('1:1-1:5');
    expect(at(d, ['stages', 0, 'image'])).toBe('1:6-1:12');
    expect(at(d, ['instructions', 1])).toBe('2:1-3:4');
    expect(data.instructions[1]!.argsText).toBe('a   b');
    expect(at(d, ['instructions', 2, 'arguments', 0])).toBe('4:6-4:10');
  });

  it('honours the escape directive', () => {
    const p = parseFile(file('dockerfile', '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir `\n    c:\\\nUSER ContainerUser\n'));
    const data = p.documents[0]!.data as DockerfileData;
    expect(data.directives).toEqual({ escape: '`' });
    expect(data.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'USER']);
    expect(data.instructions[1]!.argsText).toBe('dir     c:\\');
  });

  it('reads quoted and multiple ARG defaults', () => {
    const data = parseFile(file('dockerfile', 'ARG TAG="3.19" REG=docker.io\nARG NONE\nFROM ${REG}/alpine:${TAG}\nFROM ${NONE}\n')).documents[0]!.data as DockerfileData;
    expect(data.globalArgs).toEqual({ TAG: '3.19', REG: 'docker.io', NONE: undefined });
    expect(data.stages.map((s) => s.image)).toEqual(['docker.io/alpine:3.19', '${NONE}']);
  });

  it('matches stage names case-insensitively and lower-cases them', () => {
    const data = parseFile(file('dockerfile', 'FROM golang AS Builder\nFROM scratch\nCOPY --from=builder /a /a\nFROM BUILDER\n')).documents[0]!.data as DockerfileData;
    expect(data.stages.map((s) => [s.name, s.fromStage])).toEqual([
      ['builder', undefined],
      [undefined, undefined],
      [undefined, 0],
    ]);
  });
});

describe('Dockerfile diagnostics', () => {
  const diags = (text: string): string[][] => parseFile(file('dockerfile', text)).diagnostics.map((d) => [d.ruleId, fmt(d.range), d.message]);

  it('reports a file without FROM', () => {
    expect(diags('RUN echo hi\n')).toEqual([['invalid-dockerfile', '1:1-1:12', 'No FROM instruction: a Dockerfile must start a build stage with FROM']]);
  });

  it('reports instructions other than ARG before the first FROM', () => {
    expect(diags('ARG X=1\nENV A=1\nFROM alpine\n')).toEqual([['invalid-dockerfile', '2:1-2:4', 'ENV before the first FROM: only ARG may come before FROM']]);
  });

  it('reports unknown instructions at the keyword', () => {
    expect(diags('FROM alpine\nFOO bar\n')).toEqual([['invalid-dockerfile', '2:1-2:4', 'Unknown instruction FOO: Docker rejects this Dockerfile']]);
  });

  it('accepts empty and comment-only files silently', () => {
    expect(diags('')).toEqual([]);
    expect(diags('# nothing yet\n\n')).toEqual([]);
    expect(parseFile(file('dockerfile', '')).documents).toHaveLength(1);
  });
});

describe('Dockerfile helpers', () => {
  it('substitutes ARG defaults like Docker', () => {
    const args = { A: '1', EMPTY: '', UNSET: undefined };
    expect(substituteArgs('x:$A-${A}', args)).toBe('x:1-1');
    expect(substituteArgs('${EMPTY:-d} ${EMPTY-d} ${UNSET-d} ${NOPE:-d}', args)).toBe('d  d d');
    expect(substituteArgs('${A:+alt} ${EMPTY:+alt}', args)).toBe('alt ');
    // Unknown values are supplied at build time: left as written.
    expect(substituteArgs('golang:${GO}-$TARGETOS ${UNSET}', args)).toBe('golang:${GO}-$TARGETOS ${UNSET}');
  });

  it('joins continuation lines', () => {
    expect(joinContinuations('a \\\n\n  # c\n  b', '\\')).toBe('a   b');
    expect(joinContinuations('a `\n  b', '`')).toBe('a   b');
  });
});

describe('Dockerfile size guard', () => {
  it('reports a huge Dockerfile instead of analysing it', () => {
    const text = 'FROM alpine\nRUN ' + 'x '.repeat(200_000) + '\n';
    const t0 = Date.now();
    const p = parseFile(file('dockerfile', text));
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(p.documents).toEqual([]);
    expect(p.diagnostics.map((d) => [d.ruleId, fmt(d.range)])).toEqual([['invalid-dockerfile', '1:1-1:12']]);
  });
});
