// A hand-written scanner for the common Dockerfile: the same instructions, arguments, flags,
// exec-form strings, comments and parser directives, at the same offsets, as dockerfile-ast 0.7
// reports them. Why by hand: dockerfile-ast is an editor's library (a TextDocument, an object per
// position, each argument found again with a line search, the arguments tokenised again on every
// call, a string grown one character at a time) and was most of the CPU of a lint of Dockerfiles.
// The algorithms below are dockerfile-ast's own, kept step for step so edge cases (escaped
// newlines inside a keyword, comments inside continuations, a flag's name after stray dashes) come
// out the same; only the bookkeeping is offsets and slices. Whatever is rarer and more intricate is
// left to dockerfile-ast (scanDockerfile returns undefined): a byte order mark, an `escape`
// directive, and a global ARG that is not plain `NAME` or `NAME=value`. CR LF line ends are read
// here, as dockerfile-ast reads them (a line break is `\r` or `\n`, a position at the `\n` of a
// `\r\n` is at its `\r`; a lone `\r` is a space, as parseDockerfile hands it to dockerfile-ast).
// test/parsers/dockerfile-scan.test.ts compares both on every Dockerfile it knows.

import { LineIndex } from './positions.js';

/** Offsets into the Dockerfile's text, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

export interface SyntaxInstruction {
  /** The keyword, upper-cased (as written, with continuations, e.g. `RU\⏎N` is `RU\N`). */
  keyword: string;
  whole: Span;
  keywordSpan: Span;
  /** From the first argument after the flags to the last; null without arguments. */
  argsSpan: Span | null;
  /** The text of argsSpan ('' without arguments). */
  rawArgs: string;
  /** Exec-form JSON strings when `execForm`, else the arguments after the flags. */
  args: { value: string; span: Span }[];
  execForm: boolean;
  flags: { name: string; value: string | null; span: Span }[];
  /** Heredoc delimiters and bodies (RUN, COPY and ADD). */
  heredocs: { name: string; content: Span | null }[];
  /** FROM only. */
  from?: { image: string | null; imageSpan: Span | null; stage: string | null; stageSpan: Span | null; platform: { value: string | null; span: Span } | null };
  /** ARG before the first FROM only: the declared names and defaults. */
  properties?: { name: string; value: string | null }[];
}

export interface DockerSyntax {
  escapeChar: string;
  /** Parser directives (`# syntax=…`), valid names or not. */
  directives: { name: string; value: string; span: Span }[];
  /** Comments in document order; content without `#` and surrounding whitespace. */
  comments: { content: string; span: Span }[];
  instructions: SyntaxInstruction[];
}

const ESC = '\\';
/** Instructions dockerfile-ast parses as JSON-capable (ModifiableInstruction + JSONInstruction). */
const JSON_KEYWORDS = new Set(['ADD', 'CMD', 'COPY', 'ENTRYPOINT', 'RUN', 'SHELL', 'VOLUME']);
/** Flags end at the first argument without `--` for these; at CMD/NONE for HEALTHCHECK; JSON-only ones have none. */
const DASHED_FLAG_KEYWORDS = new Set(['ADD', 'COPY', 'RUN', 'FROM']);
/** A global ARG this plain is `NAME` or `NAME=value` with nothing to unquote or unescape. */
const PLAIN_PROPERTIES = /^[A-Za-z0-9_.,:/@+= \t-]*$/;

interface RawArg {
  value: string;
  start: number;
  end: number;
}

class GiveUp extends Error {}

const NEWLINE_OR_ESCAPE = /[\r\n\\]/g;
/** Characters that only extend the current word (no whitespace, no escape character). */
const ORDINARY_RUN = /[^ \t\r\n\\]*/y;
const SPACES = /[ \t]*/y;
const BLANKS = /[ \t\r\n]*/y;

/** The end of the run a sticky pattern matches at `from`. */
function skip(run: RegExp, text: string, from: number): number {
  run.lastIndex = from;
  run.test(text);
  return run.lastIndex;
}

/** The Dockerfile's syntax, or undefined when it uses what only dockerfile-ast handles. */
export function scanDockerfile(text: string): DockerSyntax | undefined {
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  const carriageReturns = text.includes('\r');
  try {
    // A lone \r is no line break in the model (lines end at \n or \r\n): a space, as for dockerfile-ast.
    return new Scanner(carriageReturns ? withoutLoneCarriageReturns(text) : text, carriageReturns).scan();
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
}

class Scanner {
  private readonly directives: DockerSyntax['directives'] = [];
  private readonly comments: DockerSyntax['comments'] = [];
  private readonly instructions: SyntaxInstruction[] = [];
  private seenFrom = false;

  constructor(
    private readonly text: string,
    /** The text has CR LF line ends: every `\r` is followed by `\n` (lone ones were made spaces). */
    private readonly crlf = false,
  ) {}

  scan(): DockerSyntax {
    const text = this.text;
    this.parserDirectives();
    if (this.directives.some((d) => d.name.toLowerCase() === 'escape')) throw new GiveUp();
    let offset = 0;
    if (this.directives.length > 0) offset = this.lineStart(this.directives.length);
    for (let i = offset; i < text.length; i++) {
      const char = text.charAt(i);
      switch (char) {
        case ' ':
        case '\t':
        case '\r':
        case '\n':
          break;
        case '#':
          i = this.comment(i);
          break;
        default:
          i = this.instruction(char, i);
          break;
      }
    }
    return { escapeChar: ESC, directives: this.directives, comments: this.comments, instructions: this.instructions };
  }

  /** The offset where 0-based line `line` starts (the text's end past the last line), as TextDocument.offsetAt. */
  private lineStart(line: number): number {
    let at = 0;
    for (let l = 0; l < line; l++) {
      const nl = this.text.indexOf('\n', at);
      if (nl === -1) return this.text.length;
      at = nl + 1;
    }
    return at;
  }

  /** dockerfile-ast's Parser.getParserDirectives. */
  private parserDirectives(): void {
    const buffer = this.text;
    directiveCheck: for (let i = 0; i < buffer.length; i++) {
      switch (buffer.charAt(i)) {
        case ' ':
        case '\t':
          break;
        case '\r':
        case '\n':
          break directiveCheck;
        case '#': {
          let directiveStart = -1;
          let directiveEnd = -1;
          for (let j = i + 1; j < buffer.length; j++) {
            const char = buffer.charAt(j);
            switch (char) {
              case ' ':
              case '\t':
                if (directiveStart !== -1 && directiveEnd === -1) directiveEnd = j;
                break;
              case '\r':
              case '\n':
                break directiveCheck;
              case '=': {
                let valueStart = -1;
                let valueEnd = -1;
                if (directiveEnd === -1) directiveEnd = j;
                let lineEnd = buffer.length;
                directiveValue: for (let k = j + 1; k < buffer.length; k++) {
                  switch (buffer.charAt(k)) {
                    case '\r':
                    case '\n':
                      if (valueStart !== -1 && valueEnd === -1) valueEnd = k;
                      lineEnd = k;
                      break directiveValue;
                    case '\t':
                    case ' ':
                      if (valueStart !== -1 && valueEnd === -1) valueEnd = k;
                      continue;
                    default:
                      if (valueStart === -1) valueStart = k;
                      break;
                  }
                }
                if (directiveStart === -1) break directiveCheck; // a regular comment
                if (valueStart === -1) {
                  valueStart = j + 1;
                  valueEnd = lineEnd;
                } else if (valueEnd === -1) {
                  valueEnd = buffer.length;
                }
                this.directives.push({ name: buffer.slice(directiveStart, directiveEnd), value: buffer.slice(valueStart, valueEnd), span: { start: i, end: lineEnd } });
                i = buffer.charAt(valueEnd) === '\r' ? valueEnd + 1 : valueEnd; // past the \r of a CR LF
                continue directiveCheck;
              }
              default:
                if (directiveStart === -1) directiveStart = j;
                break;
            }
          }
          break;
        }
        default:
          break directiveCheck;
      }
    }
  }

  /** Parser.processComment. */
  private comment(start: number): number {
    const nl = this.text.indexOf('\n', start + 1);
    // a \r is always followed by \n here: the line break starts at it
    const end = nl === -1 ? this.text.length : this.crlf && nl > start + 1 && this.text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const raw = this.text.slice(start, end);
    let s = -1;
    for (let i = 1; i < raw.length; i++) {
      if (!isWhitespace(raw.charCodeAt(i))) {
        s = i;
        break;
      }
    }
    let content = '';
    if (s !== -1) {
      let e = raw.length;
      for (let i = raw.length - 1; i >= 1; i--) {
        if (!isWhitespace(raw.charCodeAt(i))) {
          e = i + 1;
          break;
        }
      }
      content = raw.slice(s, e);
    }
    this.comments.push({ content, span: { start, end } });
    return end;
  }

  /** Parser.processInstruction: the keyword, then the arguments up to an unescaped newline. */
  private instruction(first: string, start: number): number {
    const buffer = this.text;
    let instruction = first;
    let instructionEnd = -1;
    let escapedInstruction = false;
    instructionCheck: for (let i = start + 1; i < buffer.length; i++) {
      let char = buffer.charAt(i);
      switch (char) {
        case ESC:
          escapedInstruction = true;
          char = buffer.charAt(i + 1);
          if (char === '\n' || char === '\r') {
            if (instructionEnd === -1) instructionEnd = i;
            i++;
          } else if (char === ' ' || char === '\t') {
            const j = blanksEnd(buffer, i + 2);
            const after = buffer.charAt(j);
            if (after === '\r' || after === '\n') {
              i = j;
              continue instructionCheck;
            }
            instructionEnd = i + 1;
            instruction = instruction + ESC;
            if (j === buffer.length) break instructionCheck;
            i = j - 2;
            continue instructionCheck;
          } else {
            instructionEnd = i + 1;
            instruction = instruction + ESC;
            escapedInstruction = false;
          }
          break;
        case ' ':
        case '\t':
          if (escapedInstruction) {
            const newline = newlineAfterBlanks(buffer, i + 1);
            if (newline !== -1) {
              i = newline;
              continue instructionCheck;
            }
          }
          if (instructionEnd === -1) instructionEnd = i;
          i = this.argumentsEnd(i);
          // Parser.processHeredocs: an instruction line that ends at a newline opening heredocs goes on to their delimiters.
          if (i < buffer.length) i = this.heredocsEnd(instruction.toUpperCase(), instructionEnd, i);
          this.add(instruction, start, instructionEnd, i);
          return i;
        case '\r':
        case '\n':
          if (escapedInstruction) continue;
          this.add(instruction, start, i, i);
          return i;
        case '#':
          if (escapedInstruction) continue;
          instructionEnd = i + 1;
          instruction = instruction + char;
          escapedInstruction = false;
          break;
        default:
          instructionEnd = i + 1;
          instruction = instruction + char;
          escapedInstruction = false;
          break;
      }
    }
    if (instructionEnd === -1) instructionEnd = buffer.length;
    this.add(instruction, start, instructionEnd, buffer.length);
    return buffer.length;
  }

  /** Parser.processArguments without heredocs (an instruction with one gives up in add()). */
  private argumentsEnd(offset: number): number {
    const buffer = this.text;
    let escaped = false;
    argumentsCheck: for (let i = offset + 1; i < buffer.length; i++) {
      if (!escaped) {
        // outside an escaped newline only a newline or the escape character does anything: skip to the next
        NEWLINE_OR_ESCAPE.lastIndex = i;
        if (!NEWLINE_OR_ESCAPE.test(buffer)) return buffer.length;
        i = NEWLINE_OR_ESCAPE.lastIndex - 1;
      }
      switch (buffer.charAt(i)) {
        case '\r':
        case '\n':
          if (escaped) continue;
          return i;
        case ESC: {
          const next = buffer.charAt(i + 1);
          if (next === '\n' || next === '\r') {
            escaped = true;
            i++;
          } else if (next === ' ' || next === '\t') {
            const j = blanksEnd(buffer, i + 2);
            if (j === buffer.length) return buffer.length;
            const after = buffer.charAt(j);
            if (after === '\r' || after === '\n') escaped = true;
            i = j;
            continue argumentsCheck;
          }
          continue;
        }
        case '#':
          if (escaped) {
            i = this.comment(i);
            continue argumentsCheck;
          }
          break;
        case ' ':
        case '\t':
          break;
        default:
          if (escaped) escaped = false;
          break;
      }
    }
    return buffer.length;
  }

  // add() runs once per instruction and is kept small, its rarer parts in methods of their own:
  // the whole process is short, and V8 compiles what gets hot with everything it inlines.
  private add(word: string, start: number, keywordEnd: number, end: number): void {
    const keyword = word.toUpperCase();
    const raw = this.rawArguments(keywordEnd, end);
    const flags = this.flags(keyword, raw);
    const args = flags.length > 0 ? raw.slice(flags.length) : raw;
    const argsSpan = args.length > 0 ? { start: args[0]!.start, end: args[args.length - 1]!.end } : null;
    const rawArgs = argsSpan ? this.text.slice(argsSpan.start, argsSpan.end) : '';
    const heredocs = (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') && opensHeredoc(args) ? this.heredocs(args, start, end) : [];
    const json = argsSpan && JSON_KEYWORDS.has(keyword) ? this.jsonStrings(args, argsSpan.start, rawArgs) : undefined;
    const ins: SyntaxInstruction = {
      keyword,
      whole: { start, end },
      keywordSpan: { start, end: keywordEnd },
      argsSpan,
      rawArgs,
      args: json ?? (heredocs.length > 0 ? this.argsBeforeBody(args, heredocs[0]!.content) : spannedArgs(args)),
      execForm: json !== undefined,
      flags,
      heredocs,
    };
    if (keyword === 'FROM') {
      ins.from = this.fromOf(args, flags);
      this.seenFrom = true;
    } else if (keyword === 'ARG' && !this.seenFrom) {
      ins.properties = this.plainProperties(raw, keywordEnd, end);
    }
    this.instructions.push(ins);
  }

  /** The arguments on lines before the first heredoc's body (the body's lines are not the instruction's words). */
  private argsBeforeBody(args: RawArg[], firstBody: Span | null): SyntaxInstruction['args'] {
    if (!firstBody) return spannedArgs(args);
    const bodyLine = this.lineOf(firstBody.start);
    const out: SyntaxInstruction['args'] = [];
    for (const a of args) if (this.lineOf(a.start) < bodyLine) out.push({ value: a.value, span: { start: a.start, end: a.end } });
    return out;
  }

  /** From: the image, the stage name after AS (as written) and a lone --platform flag. */
  private fromOf(args: RawArg[], flags: SyntaxInstruction['flags']): NonNullable<SyntaxInstruction['from']> {
    const platform = flags.length === 1 && flags[0]!.name === 'platform' ? flags[0]! : null;
    const stageArg = args.length > 2 && args[1]!.value.toUpperCase() === 'AS' ? args[2]! : null;
    return {
      image: args.length > 0 ? args[0]!.value : null,
      imageSpan: args.length > 0 ? { start: args[0]!.start, end: args[0]!.end } : null,
      stage: stageArg ? this.text.slice(stageArg.start, stageArg.end) : null,
      stageSpan: stageArg ? { start: stageArg.start, end: stageArg.end } : null,
      platform: platform ? { value: platform.value, span: platform.span } : null,
    };
  }

  /** ModifiableInstruction.getFlags: as many leading arguments as flags found are then dropped. */
  private flags(keyword: string, raw: RawArg[]): SyntaxInstruction['flags'] {
    const flags: SyntaxInstruction['flags'] = [];
    if (!(JSON_KEYWORDS.has(keyword) || keyword === 'FROM' || keyword === 'HEALTHCHECK')) return flags;
    for (const arg of raw) {
      const value = arg.value;
      const stop = DASHED_FLAG_KEYWORDS.has(keyword) ? !value.includes('--') : keyword === 'HEALTHCHECK' ? value.toUpperCase() === 'CMD' || value.toUpperCase() === 'NONE' : true;
      if (stop) break;
      if (value.indexOf('--') === 0) flags.push(this.flag(arg));
    }
    return flags;
  }

  /** Parser.processHeredocs from the newline at `end` that closes the instruction's first line. */
  private heredocsEnd(keyword: string, keywordEnd: number, end: number): number {
    if (keyword === 'ONBUILD') {
      // Onbuild.getTriggerInstruction: the first word is the keyword of an instruction that goes on from there
      const trigger = this.rawArguments(keywordEnd, end)[0];
      if (!trigger) return end;
      keyword = this.text.slice(trigger.start, trigger.end).toUpperCase();
      keywordEnd = trigger.end;
    }
    if (keyword !== 'ADD' && keyword !== 'COPY' && keyword !== 'RUN') return end;
    // a word starting with `<<` needs a `<` in the text (`<\<` too): most instructions have none
    const lt = this.text.indexOf('<', keywordEnd);
    if (lt === -1 || lt >= end) return end;
    const raw = this.rawArguments(keywordEnd, end);
    const names: string[] = [];
    let tabbed = false;
    for (const arg of raw.slice(this.flags(keyword, raw).length)) {
      const value = arg.value;
      if (value.startsWith('<<') && value.length > 2) {
        if (value.startsWith('<<-')) tabbed = true;
        const name = heredocName(value);
        if (name !== null) names.push(name);
      }
    }
    let offset = end;
    for (const name of names) offset = this.heredocEnd(name, offset, tabbed);
    return offset;
  }

  /** Parser.parseHeredoc: the offset of the newline after the delimiter line. */
  private heredocEnd(name: string, offset: number, tabbed: boolean): number {
    const buffer = this.text;
    let startWord = -1;
    let lineStart = true;
    for (let i = offset; i < buffer.length; i++) {
      switch (buffer.charAt(i)) {
        case ' ':
          lineStart = false;
          break;
        case '\t':
          if (!tabbed) lineStart = false;
          break;
        case '\r':
        case '\n':
          if (startWord !== -1 && name === buffer.substring(startWord, i)) return i;
          startWord = -1;
          lineStart = true;
          break;
        default:
          if (lineStart) {
            startWord = i;
            lineStart = false;
          }
          break;
      }
    }
    return buffer.length;
  }

  private lines: LineIndex | undefined;
  /** 0-based line of an offset. */
  private lineOf(offset: number): number {
    this.lines ??= LineIndex.fromText(this.text);
    return this.lines.lineOf(offset);
  }

  /**
   * An offset as TextDocument.positionAt reads it: clamped into the text, and an offset at the
   * `\n` of a `\r\n` moved back to the `\r` (a position lies before its line's end).
   */
  private clamp(offset: number): number {
    const at = Math.max(0, Math.min(offset, this.text.length));
    return this.crlf && at > 0 && this.text.charCodeAt(at) === 10 && this.text.charCodeAt(at - 1) === 13 ? at - 1 : at;
  }

  /**
   * Instruction.getHeredocs: each heredoc's delimiter name and body. As where the library throws
   * (a body without its definition), none.
   */
  private heredocs(args: RawArg[], start: number, end: number): SyntaxInstruction['heredocs'] {
    try {
      return this.heredocsOrThrow(args, start, end);
    } catch (e) {
      if (e instanceof GiveUp) throw e;
      return [];
    }
  }

  private heredocsOrThrow(args: RawArg[], wholeStart: number, wholeEnd: number): SyntaxInstruction['heredocs'] {
    const heredocs: SyntaxInstruction['heredocs'] = [];
    const singleLine = (): SyntaxInstruction['heredocs'] => {
      const out: SyntaxInstruction['heredocs'] = [];
      for (const arg of args) {
        if (arg.value.startsWith('<<') && heredocName(arg.value) !== null) out.push({ name: this.heredocNameOf(arg), content: null });
      }
      return out;
    };
    if (this.lineOf(wholeStart) === this.lineOf(wholeEnd)) return singleLine();
    const definitions: RawArg[] = [];
    let processed = false;
    let escaping = false;
    let contentStart = -1;
    let contentEnd = -1;
    let lineStart = -1;
    let current = 0;
    const startOffset = args[0]!.start;
    const content = this.text.slice(startOffset, wholeEnd);
    const at = (k: number) => this.clamp(startOffset + k);
    const names = new Map<RawArg, string>();
    const definition = (k: number): RawArg => {
      const arg = definitions[k];
      if (!arg) throw new TypeError('heredoc without a definition');
      return arg;
    };
    contentLoop: for (let i = 0; i < content.length; i++) {
      switch (content.charAt(i)) {
        case ESC:
          escaping = true;
          for (let j = i + 1; j < content.length; j++) {
            switch (content.charAt(j)) {
              case ' ':
              case '\t':
                break;
              case '\r':
                i = j + 1; // past the \n of a CR LF
                continue contentLoop;
              default:
                i = j;
                continue contentLoop;
            }
          }
          break;
        case '\r':
          break; // the \n after it ends the line
        case '\n':
          if (escaping) break;
          if (processed) {
            if (contentStart === -1) contentStart = i;
            contentEnd = i;
            const arg = definition(current);
            // once per heredoc, not per body line: a long delimiter word over many lines would be quadratic
            const name = names.get(arg) ?? this.heredocNameOf(arg);
            names.set(arg, name);
            if (this.isDelimiter(arg, name, at(lineStart), at(i))) {
              heredocs.push({ name, content: { start: at(contentStart), end: at(lineStart - 1) } });
              contentStart = -1;
              current++;
            }
            lineStart = -1;
          } else {
            const offsetLimit = startOffset + i;
            for (const arg of args) {
              if (arg.start < offsetLimit) {
                if (arg.value.startsWith('<<')) definitions.push(arg);
              } else {
                break;
              }
            }
            processed = true;
            lineStart = -1;
            continue contentLoop;
          }
          break;
        case ' ':
        case '\t':
        case '#':
          if (escaping) {
            if (content.charAt(i) === '#') {
              for (let j = i + 1; j < content.length; j++) {
                if (content.charAt(j) === '\n') {
                  i = j;
                  continue contentLoop;
                }
              }
            } else {
              break;
            }
          }
          escaping = false;
          if (processed) {
            if (contentStart === -1) contentStart = i;
            if (lineStart === -1) lineStart = i;
          }
          break;
        default:
          escaping = false;
          if (processed) {
            if (contentStart === -1) contentStart = i;
            if (lineStart === -1) lineStart = i;
          }
          break;
      }
    }
    if (!processed) return singleLine();
    const arg = definition(current);
    const name = this.heredocNameOf(arg);
    let body: Span | null = null;
    if (!this.isDelimiter(arg, name, at(lineStart), wholeEnd)) body = { start: at(contentStart), end: wholeEnd };
    else if (contentEnd !== -1) body = { start: at(contentStart), end: at(contentEnd) };
    heredocs.push({ name, content: body });
    current++;
    for (let i = current; i < definitions.length; i++) {
      heredocs.push({ name: this.heredocNameOf(definition(current)), content: null });
      current++;
    }
    return heredocs;
  }

  /** Instruction.getDelimiterRange !== null: the line is the delimiter (after tabs for `<<-`). */
  private isDelimiter(arg: RawArg, name: string, start: number, end: number): boolean {
    const text = this.text.substring(start, end); // TextDocument.getText swaps a reversed range, as substring does
    if (arg.value.startsWith('<<-')) {
      let index = 0;
      while (text.charAt(index) === '\t') index++;
      return text.substring(index) === name;
    }
    return text === name;
  }

  /** Instruction.getName(getNameRange(argument)). */
  private heredocNameOf(arg: RawArg): string {
    const content = this.text.slice(arg.start, arg.end);
    let endFound = false;
    let searchHyphen = false;
    let start = -1;
    let end = -1;
    let escaping = false;
    let quote: string | null = null;
    contentLoop: for (let i = 0; i < content.length; i++) {
      const ch = content.charAt(i);
      switch (ch) {
        case '"':
        case "'":
          if (quote === ch) break contentLoop;
          quote = ch;
          continue;
        case ESC:
          for (let j = i + 1; j < content.length; j++) {
            if (content.charAt(j) === '\n') {
              escaping = true;
              continue contentLoop;
            }
          }
          break;
        case ' ':
        case '\t':
        case '\r':
        case '\n':
          break;
        case '<':
          if (endFound) searchHyphen = true;
          else endFound = true;
          break;
        default:
          if (ch === '-' && searchHyphen) {
            searchHyphen = false;
            break;
          }
          if ((ch === '-' || ch === '#') && escaping) {
            for (let j = i + 1; j < content.length; j++) {
              if (content.charAt(j) === '\n') {
                i = j;
                continue contentLoop;
              }
            }
          }
          if (start === -1) start = i;
          if (quote !== null) {
            end = i + 1;
            break;
          }
          break contentLoop;
      }
    }
    const nameStart = start === -1 ? arg.end : this.clamp(arg.start + start);
    const nameEnd = start === -1 ? arg.end : quote !== null ? this.clamp(arg.start + end) : arg.end;
    // Instruction.getName over that range
    const text = this.text.substring(nameStart, nameEnd);
    let escapingName = false;
    let name = '';
    nameLoop: for (let i = 0; i < text.length; i++) {
      const c = text.charAt(i);
      switch (c) {
        case ESC:
          escapingName = true;
          for (let j = i + 1; j < text.length; j++) {
            switch (text.charAt(j)) {
              case ' ':
              case '\t':
                break;
              case '\r':
                i = j + 1;
                continue nameLoop;
              case '\n':
                i = j;
                continue nameLoop;
              default:
                name += text.charAt(j);
                i = j;
                continue nameLoop;
            }
          }
          break;
        case '#':
          if (escapingName) {
            for (let j = i + 1; j < text.length; j++) {
              if (text.charAt(j) === '\n') {
                i = j;
                continue nameLoop;
              }
            }
          }
          if (escapingName) break;
          name += c;
          break;
        case ' ':
        case '\t':
        case '\r':
        case '\n':
          if (escapingName) break;
          name += c;
          break;
        default:
          name += c;
          break;
      }
    }
    return name;
  }

  /**
   * PropertyInstruction.getProperties for a global ARG written plainly on one line (`ARG A`,
   * `ARG A=1 B=2`); anything else (quotes, escapes, variables, `ARG A b`) gives up.
   */
  private plainProperties(raw: RawArg[], keywordEnd: number, end: number): { name: string; value: string | null }[] {
    // the text itself, not the words: `A=1\ B=2` is two words but one property
    if (!PLAIN_PROPERTIES.test(this.text.slice(keywordEnd, end))) throw new GiveUp();
    if (raw.length >= 2 && !raw[0]!.value.includes('=')) throw new GiveUp();
    return raw.map((a) => {
      const eq = a.value.indexOf('=');
      return eq === -1 ? { name: a.value, value: null } : { name: a.value.slice(0, eq), value: a.value.slice(eq + 1) };
    });
  }

  /** ModifiableInstruction.getFlags for one `--` argument. */
  private flag(arg: RawArg): SyntaxInstruction['flags'][number] {
    const value = arg.value;
    const rawValue = this.text.slice(arg.start, arg.end);
    const nameIndex = value.indexOf('=');
    const index = rawValue.indexOf('=');
    const span = { start: arg.start, end: arg.end };
    if (index === -1) return { name: value.substring(2), value: null, span };
    if (index === value.length - 1) return { name: value.substring(2, index), value: '', span };
    return { name: value.substring(2, nameIndex), value: value.substring(nameIndex + 1), span };
  }

  /**
   * JSONInstruction's constructor: the decoded strings of `["a", "b"]` when both brackets are
   * found, else undefined (shell form).
   */
  private jsonStrings(args: RawArg[], argsOffset: number, argsContent: string): SyntaxInstruction['args'] | undefined {
    if (args.length === 1 && args[0]!.value === '[]') return [];
    if (args.length === 2 && args[0]!.value === '[' && args[1]!.value === ']') return [];
    const strings: SyntaxInstruction['args'] = [];
    let opened = false;
    let closed = false;
    let start = -1;
    let last = '';
    let quoted = false;
    let escapedArg = '';
    argsCheck: for (let i = 0; i < argsContent.length; i++) {
      const char = argsContent.charAt(i);
      switch (char) {
        case '[':
          if (last === '') {
            opened = true;
            last = '[';
          } else if (quoted) {
            escapedArg = escapedArg + char;
          } else {
            break argsCheck;
          }
          break;
        case '"':
          if (last === '[' || last === ',') {
            start = i;
            quoted = true;
            last = '"';
            escapedArg = escapedArg + char;
            continue;
          } else if (last === '"') {
            if (quoted) {
              escapedArg = escapedArg + char;
              quoted = false;
              // JSONArgument.getJSONValue: the value without its quotes
              strings.push({ value: escapedArg.substring(1, escapedArg.length - 1), span: { start: argsOffset + start, end: argsOffset + i + 1 } });
              escapedArg = '';
            } else {
              break argsCheck;
            }
          } else {
            break argsCheck;
          }
          break;
        case ',':
          if (quoted) {
            escapedArg = escapedArg + char;
          } else if (last === '"') {
            last = ',';
          } else {
            break argsCheck;
          }
          break;
        case ']':
          if (quoted) {
            escapedArg = escapedArg + char;
          } else if (last !== '') {
            closed = true;
            break argsCheck;
          }
          break;
        case ' ':
        case '\t':
          break;
        case '\\': {
          if (quoted) {
            const next = argsContent.charAt(i + 1);
            if (next === '"' || next === '\\') {
              escapedArg = escapedArg + next;
              i++;
              continue;
            }
            if (next !== ' ' && next !== '\t') {
              i += next === '\r' ? 2 : 1; // an escaped CR LF is skipped whole
              continue;
            }
          }
          // an escaped line break, blanks allowed before it, continues the array
          const newline = newlineAfterBlanks(argsContent, i + 1);
          if (newline === -1) break argsCheck;
          i = newline;
          continue;
        }
        default:
          if (!quoted) break argsCheck;
          escapedArg = escapedArg + char;
          break;
      }
    }
    return opened && closed ? strings : undefined;
  }

  /**
   * Instruction.getRawArguments: words split at unescaped whitespace, escapes removed (`\$` kept),
   * escaped newlines and the comment lines after them skipped. A value is built from slices of
   * the text rather than a character at a time.
   */
  private rawArguments(keywordEnd: number, end: number): RawArg[] {
    const text = this.text;
    const args: RawArg[] = [];
    const fullArgs = text.slice(keywordEnd, end);
    const offset = keywordEnd;
    let start = false;
    let comment = false;
    let found = -1;
    let escapedWhitespaceDetected = false;
    let escaping = false;
    let escapeMarker = -1;
    // the value so far: `done` plus fullArgs[runStart, runEnd)
    let done = '';
    let runStart = -1;
    let runEnd = -1;
    const append = (at: number, length: number): void => {
      if (runStart !== -1 && runEnd === at) {
        runEnd = at + length;
        return;
      }
      if (runStart !== -1) done += fullArgs.slice(runStart, runEnd);
      runStart = at;
      runEnd = at + length;
    };
    const take = (): string => (runStart === -1 ? done : done + fullArgs.slice(runStart, runEnd));
    const reset = (): void => {
      done = '';
      runStart = -1;
      runEnd = -1;
    };
    for (let i = 0; i < fullArgs.length; i++) {
      const char = fullArgs.charAt(i);
      const code = fullArgs.charCodeAt(i);
      if (code === 32 || code === 9 || code === 10 || code === 13) {
        if (escaping) {
          escapedWhitespaceDetected = true;
          if (code === 10 || code === 13) {
            escapedWhitespaceDetected = false;
            if (comment) {
              comment = false;
              start = true;
            }
          } else {
            i = skip(SPACES, fullArgs, i + 1) - 1; // more of the same
          }
          continue;
        } else if (found !== -1) {
          args.push({ value: take(), start: offset + found, end: offset + (escapeMarker === -1 ? i : escapeMarker) });
          escapeMarker = -1;
          reset();
          found = -1;
        }
        i = skip(BLANKS, fullArgs, i + 1) - 1; // whitespace between words does nothing more
      } else if (char === ESC) {
        const next = fullArgs.charAt(i + 1);
        if (next === ' ' || next === '\t') {
          whitespaceCheck: for (let j = i + 2; j < fullArgs.length; j++) {
            switch (fullArgs.charAt(j)) {
              case ' ':
              case '\t':
                continue;
              case '\r':
              case '\n':
                comment = false;
                escaping = true;
                start = true;
                if (found !== -1) escapeMarker = i;
                i = fullArgs.charAt(j) === '\r' ? j + 1 : j; // past the \n of a CR LF
                break whitespaceCheck;
              default:
                escapeMarker = i;
                if (found === -1) i = j - 1;
                break whitespaceCheck;
            }
          }
        } else if (next === '\n' || next === '\r') {
          comment = false;
          escaping = true;
          start = true;
          if (found !== -1 && escapeMarker === -1) escapeMarker = i;
          i += next === '\r' ? 2 : 1; // the escape and its line break (\r\n)
        } else {
          if (escapedWhitespaceDetected && escapeMarker !== -1) {
            args.push({ value: take(), start: offset + found, end: offset + escapeMarker });
            reset();
            found = -1;
          }
          escapeMarker = -1;
          escapedWhitespaceDetected = false;
          escaping = false;
          if (next === '$') {
            append(i, 2);
          } else if (next === '') {
            break; // EOF
          } else {
            append(i + 1, 1);
          }
          if (found === -1) found = i;
          i++;
        }
      } else if (!comment) {
        if (start && char === '#') {
          comment = true;
        } else {
          if (escapedWhitespaceDetected && escapeMarker !== -1) {
            args.push({ value: take(), start: offset + found, end: offset + escapeMarker });
            reset();
            found = -1;
          }
          escapedWhitespaceDetected = false;
          escaping = false;
          escapeMarker = -1;
          append(i, 1);
          if (found === -1) found = i;
          // the rest of the word only appends: take it whole
          const runEnd = skip(ORDINARY_RUN, fullArgs, i + 1);
          if (runEnd > i + 1) {
            append(i + 1, runEnd - i - 1);
            i = runEnd - 1;
          }
        }
        start = false;
      } else {
        i = skip(ORDINARY_RUN, fullArgs, i + 1) - 1; // the rest of a comment line
      }
    }
    if (found !== -1) {
      args.push({ value: take(), start: offset + found, end: offset + (escapeMarker === -1 ? fullArgs.length : escapeMarker) });
    }
    return args;
  }
}

function opensHeredoc(args: RawArg[]): boolean {
  for (const a of args) if (a.value.startsWith('<<')) return true;
  return false;
}

function spannedArgs(args: RawArg[]): SyntaxInstruction['args'] {
  const out: SyntaxInstruction['args'] = [];
  for (const a of args) out.push({ value: a.value, span: { start: a.start, end: a.end } });
  return out;
}

function isWhitespace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Util.parseHeredocName: the delimiter of `<<EOF`, `<<-"EOF"`, `<<'EOF'`; null for `<<<` or an unclosed quote. */
function heredocName(argument: string): string | null {
  let value = argument.substring(2);
  if (value.charAt(0) === '-') value = value.substring(1);
  if (value.charAt(0) === '"') {
    if (value.charAt(value.length - 1) !== '"') return null;
    value = value.substring(1, value.length - 1);
  }
  if (value.charAt(0) === "'") {
    if (value.charAt(value.length - 1) !== "'") return null;
    value = value.substring(1, value.length - 1);
  }
  if (value.charAt(0) === '<') return null;
  return value;
}

/** Where the run of spaces and tabs starting at `from` ends (the text's length when it runs to the end). */
function blanksEnd(text: string, from: number): number {
  let j = from;
  while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  return j;
}

/**
 * The index of the newline that ends a run of blanks (spaces, tabs) starting at `from` (the `\n`
 * of a `\r\n`), or -1 when something else comes first.
 */
function newlineAfterBlanks(text: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 10) return j;
    if (c === 13) return text.charCodeAt(j + 1) === 10 ? j + 1 : -1;
    if (c !== 32 && c !== 9) return -1;
  }
  return -1;
}

/** `\r` not followed by `\n` as a space (same length: offsets and columns are unchanged). */
export function withoutLoneCarriageReturns(text: string): string {
  return text.replace(/\r(?!\n)/g, ' ');
}
