// Dockerfiles → one 'dockerfile' document (DockerfileData). The syntax (line continuations,
// heredocs, parser directives, comments, flags, exec form) is dockerfile-ast's: read by the
// hand-written scanner of dockerfile-scan.ts, which gives the same words at the same offsets,
// and by dockerfile-ast itself for what the scanner leaves to it (a `# escape=` directive, a
// byte order mark, a quoted global ARG). We add: continuation-joined argument text, stages with
// global-ARG substitution in FROM, and locate() over the paths documented in model/types.ts.

import type { Instruction, From, Heredoc, Flag } from 'dockerfile-ast';
import type {
  Comment,
  Diagnostic,
  DockerArgument,
  DockerInstruction,
  DockerStage,
  DockerfileData,
  DocPath,
  Location,
  LocateOptions,
  ParsedFile,
  Range,
  SourceDocument,
  SourceFile,
} from '../model/types.js';
import { LineIndex, firstLineRange } from './positions.js';
import { hasPath } from './util.js';
import { scanDockerfile, withoutLoneCarriageReturns, type DockerSyntax, type Span, type SyntaxInstruction } from './dockerfile-scan.js';

// dockerfile-ast (about 140 KB of code with its LSP types) is loaded on first use, so a run whose
// Dockerfiles the scanner reads does not compile it; scripts/build.mjs ships it as a file of its own.
// Its tokeniser is patched once, when it is loaded (memoiseRawArguments below).
let dockerfileAstModule: typeof import('dockerfile-ast') | undefined;
function dockerfileAst(): typeof import('dockerfile-ast') {
  if (!dockerfileAstModule) {
    dockerfileAstModule = require('dockerfile-ast') as typeof import('dockerfile-ast');
    memoiseRawArguments(dockerfileAstModule.Instruction);
  }
  return dockerfileAstModule;
}

/** DockerInstruction plus what dockerfile-ast tells us beyond the shared model. */
export interface DockerInstructionExt extends DockerInstruction {
  /** `--name=value` flags (`RUN --mount=…`, `COPY --chown=…`, `FROM --platform=…`); not in arguments. */
  flags?: { name: string; value: string | null }[];
  /** JSON (exec) form: `CMD ["node", "x.js"]`; arguments are then the decoded JSON strings. */
  execForm?: boolean;
}

const KEYWORDS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

type LspRange = ReturnType<Instruction['getRange']>;

/**
 * dockerfile-ast tokenises an instruction's arguments again on every call of `getRawArguments`
 * (with a line search per position), and it is called about ten times per instruction while
 * parsing (JSON form, flags, heredocs, ranges); its parser also builds every instruction twice
 * (once to look for heredocs, once to keep). That was two thirds of the CPU of a lint of
 * Dockerfiles. The tokens depend only on the document's text, the instruction's ranges and the
 * escape character, none of which change after parsing, so they are computed once per instruction
 * text. Callers get a copy of the array, as before, because `ModifiableInstruction.getArguments`
 * shifts the flags off the array it receives (the `Argument` objects themselves are never changed).
 */
function memoiseRawArguments(instruction: typeof Instruction): void {
  type Args = ReturnType<Instruction['getArguments']>;
  type Pos = { line: number; character: number };
  type Tokenised = {
    document: object;
    escapeChar: string;
    range: { start: Pos; end: Pos };
    getInstructionRange(): { start: Pos; end: Pos };
    getRawArguments(): Args;
  };
  const proto = instruction.prototype as unknown as Tokenised;
  const tokenise = proto.getRawArguments;
  const byDocument = new WeakMap<object, Map<string, Args>>();
  const own = Symbol('tokens');
  proto.getRawArguments = function (this: Tokenised & { [own]?: Args }) {
    const mine = this[own];
    if (mine) return mine.slice();
    let cache = byDocument.get(this.document);
    if (!cache) {
      cache = new Map();
      byDocument.set(this.document, cache);
    }
    const k = this.getInstructionRange();
    const r = this.range;
    const key = `${k.start.line}:${k.start.character}:${k.end.line}:${k.end.character}:${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}:${this.escapeChar}`;
    let args = cache.get(key);
    if (!args) {
      args = tokenise.call(this);
      cache.set(key, args);
    }
    this[own] = args;
    return args.slice();
  };
}

/**
 * The spans locate() reads, as offsets in one flat list (made an Int32Array once parsed): as
 * objects (a range object per instruction, keyword, argument and flag) they were 3.5 KB of a
 * small Dockerfile's 8.4 KB document, alive next to every other document until the rules are done
 * (issue 18). A span is two offsets; an absent one is -1, -1.
 */
class SpanList {
  private readonly offsets: number[] = [];

  /** Adds a span; returns its index. */
  add(span: Span | null | undefined): number {
    this.offsets.push(span ? span.start : -1, span ? span.end : -1);
    return this.offsets.length / 2 - 1;
  }

  get length(): number {
    return this.offsets.length / 2;
  }

  packed(): Int32Array {
    return Int32Array.from(this.offsets);
  }
}

/** Per instruction in the layout: its first span's index (whole, keyword, args, then arguments, flags, heredocs), and how many arguments, flags and heredocs. */
const LAYOUT = 4;

/** Join continuation lines as Docker does; drop comment and empty lines inside continuations. */
export function joinContinuations(raw: string, escapeChar: string): string {
  const parts = raw.split(/\r?\n/);
  const esc = escapeChar === '`' ? '`' : '\\';
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const line = parts[i]!;
    if (i > 0) {
      const t = line.trimStart();
      if (t === '' || t.startsWith('#')) continue;
    }
    // A trailing escape character (then only spaces or tabs) continues the line: drop it and them.
    // Scanned from the end rather than with a regular expression: Dockerfiles have long RUN chains.
    let end = line.length;
    while (end > 0 && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--;
    out += end > 0 && line[end - 1] === esc ? line.slice(0, end - 1) : line;
  }
  return out.trim();
}

/**
 * Substitute `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alt}` from global ARG defaults. A
 * variable without a known value (undeclared, declared without default, or a predefined platform
 * ARG such as TARGETARCH) is left as written: it is supplied at build time, not empty.
 */
export function substituteArgs(text: string, args: Record<string, string | undefined>): string {
  return text.replace(
    // `[^}$]*`: stopping at `$` keeps an unclosed `${A-` run linear (`[^}]*` was quadratic).
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}$]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (m: string, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
      const name = (braced ?? bare)!;
      const val = Object.prototype.hasOwnProperty.call(args, name) ? args[name] : undefined;
      if (!op) return val ?? m;
      const set = op.startsWith(':') ? val !== undefined && val !== '' : val !== undefined;
      if (op.endsWith('-')) return set ? val! : (word ?? '');
      return set ? (word ?? '') : '';
    },
  );
}

function heredocsOf(ins: Instruction): Heredoc[] {
  const fn = (ins as unknown as { getHeredocs?: () => Heredoc[] }).getHeredocs;
  if (typeof fn !== 'function') return [];
  // dockerfile-ast takes heredocs only from arguments starting with `<<`, after scanning the whole
  // instruction character by character: skip that scan when no argument could open one.
  if (!ins.getArguments().some((a) => a.getValue().startsWith('<<'))) return [];
  try {
    return fn.call(ins) ?? [];
  } catch {
    return [];
  }
}

/**
 * What scanDockerfile cannot read (a byte order mark, an `escape` directive, a quoted or escaped
 * global ARG), through dockerfile-ast, as the same syntax.
 */
export function syntaxFromDockerfileAst(text: string): DockerSyntax {
  const lineStarts = LineIndex.fromText(text).lineStarts;
  const offsetOf = (p: { line: number; character: number }): number => (lineStarts[p.line] ?? text.length) + p.character;
  const span = (r: LspRange): Span => ({ start: offsetOf(r.start), end: offsetOf(r.end) });
  const spanOrNull = (r: LspRange | null): Span | null => (r ? span(r) : null);
  // Lines end at \n (or \r\n) everywhere in the model; dockerfile-ast would also break lines at
  // a lone \r, so hide those from it (same length, so offsets and columns are unchanged).
  const df = dockerfileAst().DockerfileParser.parse(text.includes('\r') ? withoutLoneCarriageReturns(text) : text);
  const directives = df.getDirectives().map((d) => ({ name: d.getName(), value: d.getValue(), span: span(d.getRange()) }));
  const comments = df.getComments().map((c) => ({ content: c.getContent(), span: span(c.getRange()) }));
  const instructions: SyntaxInstruction[] = [];
  let seenFrom = false;
  for (const ins of df.getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    const heredocs = keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD' ? heredocsOf(ins) : [];
    const firstBody = heredocs.length > 0 ? heredocs[0]!.getContentRange() : null;
    const jsonIns = ins as unknown as {
      getJSONStrings?: () => { getJSONValue(): string; getRange(): LspRange }[];
      getOpeningBracket?: () => unknown;
      getClosingBracket?: () => unknown;
    };
    const jsonStrings = jsonIns.getJSONStrings?.() ?? [];
    const execForm = Boolean(jsonIns.getOpeningBracket?.() && jsonIns.getClosingBracket?.());
    const args = execForm
      ? jsonStrings.map((a) => ({ value: a.getJSONValue(), span: span(a.getRange()) }))
      : ins
          .getArguments()
          .filter((a) => !firstBody || a.getRange().start.line < firstBody.start.line)
          .map((a) => ({ value: a.getValue(), span: span(a.getRange()) }));
    const flagsApi = (ins as unknown as { getFlags?: () => Flag[] }).getFlags;
    const flags = typeof flagsApi === 'function' ? flagsApi.call(ins) : [];
    const rec: SyntaxInstruction = {
      keyword,
      whole: span(ins.getRange()),
      keywordSpan: span(ins.getInstructionRange()),
      argsSpan: spanOrNull(ins.getArgumentsRange()),
      rawArgs: ins.getRawArgumentsContent() ?? '',
      args,
      execForm,
      flags: flags.map((f) => ({ name: f.getName(), value: f.getValue(), span: span(f.getRange()) })),
      heredocs: heredocs.map((h) => ({ name: h.getName(), content: spanOrNull(h.getContentRange()) })),
    };
    if (keyword === 'FROM') {
      const from = ins as From;
      const platform = from.getPlatformFlag();
      rec.from = {
        image: from.getImage(),
        imageSpan: spanOrNull(from.getImageRange()),
        stage: from.getBuildStage(),
        stageSpan: spanOrNull(from.getBuildStageRange()),
        platform: platform ? { value: platform.getValue(), span: span(platform.getRange()) } : null,
      };
      seenFrom = true;
    } else if (keyword === 'ARG' && !seenFrom) {
      const props = (ins as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties();
      rec.properties = props.map((p) => ({ name: p.getName(), value: p.getValue() }));
    }
    instructions.push(rec);
  }
  return { escapeChar: df.getEscapeCharacter(), directives, comments, instructions };
}

/**
 * dockerfile-ast needs several microseconds per token; a Dockerfile beyond this many characters
 * (real ones are a few KB) is reported instead of analysed, so a generated monster cannot stall
 * the run.
 */
export const MAX_DOCKERFILE_CHARS = 256 * 1024;

/**
 * dockerfile-ast compares each line after a heredoc opener with its delimiter at a cost of the
 * delimiter's length: a 100,000-character delimiter over 40,000 lines took 44 s. Delimiters are
 * words; a Dockerfile left to dockerfile-ast with a longer one is reported, not parsed.
 */
const MAX_FALLBACK_HEREDOC_DELIMITER = 1024;

/** The first `<<` whose delimiter word is longer than MAX_FALLBACK_HEREDOC_DELIMITER (one pass). */
function longHeredocDelimiter(text: string): Span | undefined {
  for (let at = text.indexOf('<<'); at !== -1;) {
    let end = at + 2;
    while (end < text.length && text.charCodeAt(end) > 32) end++;
    if (end - at - 2 > MAX_FALLBACK_HEREDOC_DELIMITER) return { start: at, end };
    at = text.indexOf('<<', Math.max(end, at + 2));
  }
  return undefined;
}

function notAnalysed(file: SourceFile, range: Range, message: string): ParsedFile {
  return { file, documents: [], diagnostics: [{ ruleId: 'invalid-dockerfile', file: file.path, range, message }], comments: [] };
}

export function parseDockerfile(file: SourceFile, text: string): ParsedFile {
  if (text.length > MAX_DOCKERFILE_CHARS) {
    return notAnalysed(file, firstLineRange(text), `Dockerfile of ${text.length} characters is larger than ${MAX_DOCKERFILE_CHARS} and was not analysed`);
  }
  const lines = LineIndex.fromText(text);
  const slice = (r: Span | null): string => (r ? text.slice(r.start, r.end) : '');
  const toRange = (r: Span): Range => lines.range(r.start, r.end);

  // The hand-written scanner for the common Dockerfile, dockerfile-ast for the rest (dockerfile-scan.ts).
  // Files with carriage returns went to dockerfile-ast before the scanner read CR LF, so one with
  // an overlong heredoc delimiter is still refused rather than read: its report does not change.
  const refusedWithCarriageReturns = text.includes('\r') && longHeredocDelimiter(text) !== undefined;
  let syntax = refusedWithCarriageReturns ? undefined : scanDockerfile(text);
  if (!syntax) {
    const long = longHeredocDelimiter(text);
    if (long) {
      const length = long.end - long.start - 2;
      return notAnalysed(file, toRange(long), `Heredoc delimiter of ${length} characters is longer than ${MAX_FALLBACK_HEREDOC_DELIMITER}: this Dockerfile was not analysed`);
    }
    syntax = syntaxFromDockerfileAst(text);
  }
  const escapeChar = syntax.escapeChar;
  const diagnostics: Diagnostic[] = [];
  const comments: Comment[] = [];
  const directives: Record<string, string> = {};
  const directiveRanges = new Map<string, Span>();

  for (const d of syntax.directives) {
    if (/^[A-Za-z][A-Za-z0-9]*$/.test(d.name)) {
      directives[d.name.toLowerCase()] = d.value;
      directiveRanges.set(d.name.toLowerCase(), d.span);
    } else {
      comments.push({ text: slice(d.span).replace(/^\s*#/, '').trim(), range: toRange(d.span) });
    }
  }
  for (const c of syntax.comments) {
    comments.push({ text: c.content.trim(), range: toRange(c.span) });
  }
  comments.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);

  const instructions: DockerInstructionExt[] = [];
  const spanList = new SpanList();
  const layoutList: number[] = [];
  const stages: DockerStage[] = [];
  /** Per stage: the index of its image span (name and platform follow). */
  const stageSpansList: number[] = [];
  let firstWhole: Span | undefined;
  const globalArgs: Record<string, string | undefined> = {};
  const globalArgInstruction = new Map<string, number>();
  const beforeFrom: Span[] = [];
  const diag = (range: Span, message: string): void => {
    diagnostics.push({ ruleId: 'invalid-dockerfile', file: file.path, range: toRange(range), message });
  };

  for (const ins of syntax.instructions) {
    const i = instructions.length;
    const keyword = ins.keyword;
    const args = ins.args;
    const flags = ins.flags;
    const heredocs = ins.heredocs;
    const rec: DockerInstructionExt = {
      keyword,
      argsText: heredocs.length > 0 ? ins.rawArgs.trim() : joinContinuations(ins.rawArgs, escapeChar),
      arguments: args.map((a): DockerArgument => ({ value: a.value })),
      stage: keyword === 'FROM' ? stages.length : stages.length - 1,
    };
    if (flags.length > 0) rec.flags = flags.map((f) => ({ name: f.name, value: f.value }));
    if (ins.execForm) rec.execForm = true;
    if (heredocs.length > 0) {
      rec.heredocs = heredocs.map((h) => ({ delimiter: h.name, body: slice(h.content) }));
    }
    instructions.push(rec);
    firstWhole ??= ins.whole;
    layoutList.push(spanList.add(ins.whole), args.length, flags.length, heredocs.length);
    spanList.add(ins.keywordSpan);
    spanList.add(ins.argsSpan);
    for (const a of args) spanList.add(a.span);
    for (const f of flags) spanList.add(f.span);
    for (const h of heredocs) spanList.add(h.content);

    if (!KEYWORDS.has(keyword)) {
      diag(ins.keywordSpan, `Unknown instruction ${keyword}: Docker rejects this Dockerfile`);
    }

    if (keyword === 'FROM') {
      const from = ins.from!;
      const imageRaw = from.image ?? args[0]?.value ?? '';
      const image = substituteArgs(imageRaw, globalArgs);
      const st: DockerStage = {
        index: stages.length,
        imageRaw,
        image,
        fromInstruction: i,
        instructions: [i],
      };
      if (from.stage) st.name = from.stage.toLowerCase();
      const lower = image.toLowerCase();
      const earlier = stages.findIndex((s) => s.name !== undefined && s.name === lower);
      if (earlier !== -1) st.fromStage = earlier;
      if (from.platform && from.platform.value !== null) st.platform = from.platform.value;
      stages.push(st);
      stageSpansList.push(spanList.add(from.imageSpan ?? args[0]?.span ?? null));
      spanList.add(from.stageSpan);
      spanList.add(from.platform ? from.platform.span : null);
      if (!imageRaw) diag(ins.keywordSpan, 'FROM requires an image');
    } else if (stages.length === 0) {
      if (keyword === 'ARG') {
        for (const p of ins.properties ?? []) {
          globalArgs[p.name] = p.value === null ? undefined : p.value;
          globalArgInstruction.set(p.name, i);
        }
      } else if (KEYWORDS.has(keyword)) {
        beforeFrom.push(ins.keywordSpan);
      }
    } else {
      stages[stages.length - 1]!.instructions.push(i);
    }
  }
  if (instructions.length > 0 && stages.length === 0) {
    diag(firstWhole!, 'No FROM instruction: a Dockerfile must start a build stage with FROM');
  } else {
    for (const range of beforeFrom) {
      diag(range, `${slice(range).toUpperCase()} before the first FROM: only ARG may come before FROM`);
    }
  }

  const data: DockerfileData = { directives, instructions, stages, globalArgs };
  const fileStart = firstLineRange(text);
  const r = (x: Span | null | undefined): Range | undefined => (x ? toRange(x) : undefined);
  const spanCount = spanList.length;
  const offsets = spanList.packed();
  const layout = Int32Array.from(layoutList);
  const stageSpans = Int32Array.from(stageSpansList);
  /** The range of span `k`, undefined when it is absent (or out of bounds: a sub-index past the list). */
  const spanRange = (k: number): Range | undefined => (k >= 0 && k < spanCount && offsets[2 * k]! >= 0 ? lines.range(offsets[2 * k]!, offsets[2 * k + 1]!) : undefined);
  /** Span `sub` of a list of `count` spans from index `first` (arguments, flags, heredocs). */
  const listed = (first: number, count: number, sub: unknown): Range | undefined =>
    typeof sub === 'number' && Number.isInteger(sub) && sub >= 0 && sub < count ? spanRange(first + sub) : undefined;

  const instructionRange = (i: number, rest: DocPath, key: boolean): Range | undefined => {
    if (!(Number.isInteger(i) && i >= 0 && i < instructions.length)) return undefined;
    const whole = layout[i * LAYOUT]!;
    const argumentCount = layout[i * LAYOUT + 1]!;
    const flagCount = layout[i * LAYOUT + 2]!;
    const firstArgument = whole + 3;
    const firstFlag = firstArgument + argumentCount;
    const firstHeredoc = firstFlag + flagCount;
    const heredocCount = layout[i * LAYOUT + 3]!;
    const [part, sub] = rest;
    if (key || part === 'keyword') return spanRange(whole + 1);
    if (part === 'arguments') return listed(firstArgument, argumentCount, sub) ?? spanRange(whole + 2) ?? spanRange(whole);
    if (part === 'flags') return listed(firstFlag, flagCount, sub) ?? spanRange(whole);
    if (part === 'heredocs') return listed(firstHeredoc, heredocCount, sub) ?? spanRange(whole);
    if (part === 'argsText') return spanRange(whole + 2) ?? spanRange(whole);
    return spanRange(whole);
  };

  const rangeOf = (path: DocPath, options?: LocateOptions): Range => {
    const key = options?.key === true;
    const [a, b, c, ...rest] = path;
    if (a === 'instructions' && typeof b === 'number') {
      const hit = instructionRange(b, c === undefined ? [] : [c, ...rest], key);
      if (hit) return hit;
    }
    if (a === 'stages' && typeof b === 'number' && stages[b]) {
      const st = stages[b]!;
      if (c === 'image') return spanRange(stageSpans[b]!) ?? instructionRange(st.fromInstruction, [], false)!;
      if (c === 'name') return spanRange(stageSpans[b]! + 1) ?? instructionRange(st.fromInstruction, [], false)!;
      if (c === 'platform') return spanRange(stageSpans[b]! + 2) ?? instructionRange(st.fromInstruction, [], false)!;
      if (c === 'instructions' && typeof rest[0] === 'number' && st.instructions[rest[0]] !== undefined) {
        return instructionRange(st.instructions[rest[0]]!, rest.slice(1), key)!;
      }
      return instructionRange(st.fromInstruction, [], key)!;
    }
    if (a === 'directives' && typeof b === 'string' && directiveRanges.has(b)) return r(directiveRanges.get(b))!;
    if (a === 'globalArgs' && typeof b === 'string' && globalArgInstruction.has(b)) {
      return instructionRange(globalArgInstruction.get(b)!, [], key)!;
    }
    // Missing or document-level: the first FROM, else the first instruction, else line 1.
    const first = stages[0]?.fromInstruction ?? (instructions.length > 0 ? 0 : -1);
    return first >= 0 ? instructionRange(first, [], key)! : fileStart;
  };

  const doc: SourceDocument<DockerfileData> = {
    file,
    index: 0,
    kind: 'dockerfile',
    data,
    locate: (path: DocPath, options?: LocateOptions): Location => ({ file: file.path, range: rangeOf(path, options) }),
    has: (path: DocPath) => hasPath(data, path),
  };
  return { file, documents: [doc as SourceDocument], diagnostics, comments };
}
