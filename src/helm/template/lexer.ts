// Lexer for Go text/template, ported from Go's text/template/parse/lex.go (Go 1.25).
// Original: Copyright The Go Authors, BSD-style licence (https://go.dev/LICENSE).
// Offsets are UTF-16 indexes; Go's are byte offsets (converted where Go prints them).

export const enum T {
  Error,
  Bool,
  Char,
  CharConstant,
  Comment,
  Complex,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  // keywords after this
  Keyword,
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

const KEYWORDS: Record<string, T> = {
  '.': T.Dot,
  block: T.Block,
  break: T.Break,
  continue: T.Continue,
  define: T.Define,
  else: T.Else,
  end: T.End,
  if: T.If,
  range: T.Range,
  nil: T.Nil,
  template: T.Template,
  with: T.With,
};

export interface Item {
  typ: T;
  pos: number;
  val: string;
}

const LEFT = '{{';
const RIGHT = '}}';
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

function isAsciiLetter(c: number): boolean {
  return c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}]$/u;

function isAlphaNumeric(c: string): boolean {
  if (c.length === 1) {
    const code = c.charCodeAt(0);
    if (code < 0x80) {
      return code === 95 || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    }
  }
  return c !== '' && LETTER_OR_DIGIT.test(c);
}

function hasLeftTrimMarker(s: string, at: number): boolean {
  return s[at] === '-' && at + 1 < s.length && isSpace(s[at + 1]!);
}

function hasRightTrimMarker(s: string, at: number): boolean {
  return at + 1 < s.length && isSpace(s[at]!) && s[at + 1] === '-';
}

/** How many spaces end s[from, to). */
function trimRightLength(s: string, from: number, to: number): number {
  let n = to;
  while (n > from && isSpaceCode(s.charCodeAt(n - 1))) n--;
  return to - n;
}

function trimLeftLength(s: string, from: number): number {
  let i = from;
  while (isSpaceCode(s.charCodeAt(i))) i++;
  return i - from;
}

/** Item's String() as Go prints it in parse errors. */
export function itemString(i: Item): string {
  if (i.typ === T.EOF) return 'EOF';
  if (i.typ === T.Error) return i.val;
  if (i.typ > T.Keyword) return `<${i.val}>`;
  if ([...i.val].length > 10) return goQuote([...i.val].slice(0, 10).join('')) + '...';
  return goQuote(i.val);
}

/** Minimal strconv.Quote for lexer/parser messages. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

function formatU(ch: string): string {
  const c = ch.codePointAt(0)!;
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')} '${ch}'`;
}

/** Produces all items eagerly (Go's lexer runs lazily, but the parser stops at the first error item anyway). */
export function lex(input: string, emitComments = false): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  let parenDepth = 0;

  // Lines are not tracked here: the parser derives them from offsets when it needs one.
  const emit = (typ: T): void => {
    items.push({ typ, pos: start, val: typ === T.Space ? ' ' : input.slice(start, pos) });
    start = pos;
  };
  const ignore = (): void => {
    start = pos;
  };
  const error = (msg: string): void => {
    items.push({ typ: T.Error, pos: start, val: msg });
  };
  const charAt = (at: number): string => {
    if (at >= input.length) return '';
    const code = input.charCodeAt(at);
    // Surrogate pairs form one character (Go reads runes).
    return code >= 0xd800 && code < 0xdc00 ? String.fromCodePoint(input.codePointAt(at)!) : input[at]!;
  };
  const nextChar = (): string => {
    const ch = charAt(pos);
    pos += ch.length;
    return ch;
  };
  const peekChar = (): string => charAt(pos);

  const NOT_AT_DELIM = { delim: false, trim: false };
  const AT_DELIM = { delim: true, trim: false };
  const AT_TRIM_DELIM = { delim: true, trim: true };
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    const c = input.charCodeAt(pos);
    if (c === 125 /* } */ && input.charCodeAt(pos + 1) === 125) return AT_DELIM;
    if ((c === 32 || c === 9 || c === 10 || c === 13) && input.charCodeAt(pos + 1) === 45 /* - */ && input.startsWith(RIGHT, pos + 2)) {
      return AT_TRIM_DELIM;
    }
    return NOT_AT_DELIM;
  };
  /** Skip ASCII letters, digits and '_' quickly; other characters go through isAlphaNumeric. */
  const skipAlphaNumeric = (): void => {
    for (;;) {
      const c = input.charCodeAt(pos);
      if (c === 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) pos++;
      else if (c >= 0x80 && isAlphaNumeric(peekChar())) nextChar();
      else return;
    }
  };
  const atTerminator = (): boolean => {
    if (pos >= input.length) return true;
    switch (input.charCodeAt(pos)) {
      case 32: // space, tab, CR, LF
      case 9:
      case 13:
      case 10:
      case 46: // .
      case 44: // ,
      case 124: // |
      case 58: // :
      case 41: // )
      case 40: // (
      case 125: // } (RIGHT[0])
        return true;
    }
    return false;
  };

  // Returns false when lexing ended (EOF or error).
  const lexText = (): boolean => {
    const x = input.indexOf(LEFT, pos);
    if (x >= 0) {
      pos = x;
      let trim = 0;
      if (hasLeftTrimMarker(input, pos + LEFT.length)) trim = trimRightLength(input, start, pos);
      pos -= trim;
      if (pos > start) emit(T.Text);
      pos += trim;
      ignore();
      return lexLeftDelim();
    }
    pos = input.length;
    if (pos > start) emit(T.Text);
    emit(T.EOF);
    return false;
  };

  const lexLeftDelim = (): boolean => {
    pos += LEFT.length;
    const trim = hasLeftTrimMarker(input, pos);
    const after = trim ? 2 : 0;
    if (input.startsWith(LEFT_COMMENT, pos + after)) {
      pos += after;
      ignore();
      return lexComment();
    }
    emit(T.LeftDelim);
    pos += after;
    ignore();
    parenDepth = 0;
    return lexInsideAction();
  };

  const lexComment = (): boolean => {
    pos += LEFT_COMMENT.length;
    const i = input.indexOf(RIGHT_COMMENT, pos);
    if (i < 0) {
      error('unclosed comment');
      return false;
    }
    pos = i + RIGHT_COMMENT.length;
    const { delim, trim } = atRightDelim();
    if (!delim) {
      error('comment ends before closing delimiter');
      return false;
    }
    const commentEnd = pos;
    if (trim) pos += 2;
    pos += RIGHT.length;
    if (emitComments) {
      items.push({ typ: T.Comment, pos: start, val: input.slice(start, commentEnd) });
    }
    if (trim) pos += trimLeftLength(input, pos);
    ignore();
    return true;
  };

  const lexRightDelim = (): boolean => {
    const { trim } = atRightDelim();
    if (trim) {
      pos += 2;
      ignore();
    }
    pos += RIGHT.length;
    emit(T.RightDelim);
    if (trim) {
      pos += trimLeftLength(input, pos);
      ignore();
    }
    return true;
  };

  const scanNumber = (): boolean => {
    const accept = (valid: string): boolean => {
      const c = peekChar();
      if (c !== '' && valid.includes(c)) {
        pos += c.length;
        return true;
      }
      return false;
    };
    const acceptRun = (valid: string): void => {
      while (accept(valid));
    };
    accept('+-');
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    if (accept('.')) acceptRun(digits);
    if (digits.length === 10 + 1 && accept('eE')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    if (digits.length === 22 + 1 && accept('pP')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    accept('i');
    const c = peekChar();
    if (c !== '' && isAlphaNumeric(c)) {
      nextChar();
      return false;
    }
    return true;
  };

  const lexInsideAction = (): boolean => {
    for (;;) {
      const { delim } = atRightDelim();
      if (delim) {
        if (parenDepth === 0) return lexRightDelim();
        error('unclosed left paren');
        return false;
      }
      // The common ASCII items by character code (a run of chart templates executes this cold, in
      // the interpreter); the rest, and every error, take the general path below.
      const c = input.charCodeAt(pos);
      if (isAsciiLetter(c)) {
        pos++;
        skipAlphaNumeric();
        if (atTerminator()) {
          const word = input.slice(start, pos);
          const kw = KEYWORDS[word];
          if (kw !== undefined && kw > T.Keyword) emit(kw);
          else if (word === 'true' || word === 'false') emit(T.Bool);
          else emit(T.Identifier);
          continue;
        }
        pos = start;
      } else if (c === 32 && !isSpaceCode(input.charCodeAt(pos + 1))) {
        // one space, not before a trim marker (atRightDelim saw none)
        pos++;
        emit(T.Space);
        continue;
      } else if (c === 46 /* . */ || c === 36 /* $ */) {
        const next = input.charCodeAt(pos + 1);
        if (isAsciiLetter(next)) {
          pos += 2;
          skipAlphaNumeric();
          if (atTerminator()) {
            emit(c === 46 ? T.Field : T.Variable);
            continue;
          }
          pos = start;
        }
      } else if (c === 34 /* " */) {
        // a string without escapes or line breaks
        let end = pos + 1;
        for (let d = input.charCodeAt(end); d !== 34 && d !== 92 && d !== 10 && end < input.length; d = input.charCodeAt(++end));
        if (input.charCodeAt(end) === 34) {
          pos = end + 1;
          emit(T.String);
          continue;
        }
      } else if (c === 124 /* | */) {
        pos++;
        emit(T.Pipe);
        continue;
      } else if (c === 40 /* ( */) {
        pos++;
        emit(T.LeftParen);
        parenDepth++;
        continue;
      }
      const r = nextChar();
      if (r === '') {
        error('unclosed action');
        return false;
      }
      if (isSpace(r)) {
        pos -= r.length;
        let numSpaces = 0;
        while (isSpace(peekChar())) {
          nextChar();
          numSpaces++;
        }
        if (hasRightTrimMarker(input, pos - 1) && input.startsWith(RIGHT, pos + 1)) {
          pos--;
          if (numSpaces === 1) return lexRightDelim();
        }
        emit(T.Space);
        continue;
      }
      if (r === '=') {
        emit(T.Assign);
      } else if (r === ':') {
        if (nextChar() !== '=') {
          error('expected :=');
          return false;
        }
        emit(T.Declare);
      } else if (r === '|') {
        emit(T.Pipe);
      } else if (r === '"') {
        for (;;) {
          const c = nextChar();
          if (c === '\\') {
            const d = nextChar();
            if (d !== '' && d !== '\n') continue;
          }
          if (c === '' || c === '\n' || c === '\\') {
            error('unterminated quoted string');
            return false;
          }
          if (c === '"') break;
        }
        emit(T.String);
      } else if (r === '`') {
        for (;;) {
          const c = nextChar();
          if (c === '') {
            error('unterminated raw quoted string');
            return false;
          }
          if (c === '`') break;
        }
        emit(T.RawString);
      } else if (r === '$') {
        if (atTerminator()) {
          emit(T.Variable);
          continue;
        }
        if (!lexFieldOrVariable(T.Variable)) return false;
      } else if (r === "'") {
        for (;;) {
          const c = nextChar();
          if (c === '\\') {
            const d = nextChar();
            if (d !== '' && d !== '\n') continue;
          }
          if (c === '' || c === '\n' || c === '\\') {
            error('unterminated character constant');
            return false;
          }
          if (c === "'") break;
        }
        emit(T.CharConstant);
      } else if (r === '.' && !(pos < input.length && input[pos]! >= '0' && input[pos]! <= '9')) {
        if (!lexFieldOrVariable(T.Field)) return false;
      } else if (r === '.' || r === '+' || r === '-' || (r >= '0' && r <= '9')) {
        pos -= r.length;
        if (!scanNumber()) {
          error(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
          return false;
        }
        const sign = peekChar();
        if (sign === '+' || sign === '-') {
          if (!scanNumber() || input[pos - 1] !== 'i') {
            error(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
            return false;
          }
          emit(T.Complex);
        } else emit(T.Number);
      } else if (isAlphaNumeric(r)) {
        skipAlphaNumeric();
        const word = input.slice(start, pos);
        if (!atTerminator()) {
          error(`bad character ${formatU(peekChar())}`);
          return false;
        }
        const kw = KEYWORDS[word];
        if (kw !== undefined && kw > T.Keyword) emit(kw);
        else if (word === 'true' || word === 'false') emit(T.Bool);
        else emit(T.Identifier);
      } else if (r === '(') {
        emit(T.LeftParen);
        parenDepth++;
      } else if (r === ')') {
        emit(T.RightParen);
        parenDepth--;
        if (parenDepth < 0) {
          error(`unexpected right paren ${formatU(r)}`);
          return false;
        }
      } else if (r.codePointAt(0)! <= 0x7f && r >= ' ' && r !== '\x7f') {
        emit(T.Char);
      } else {
        error(`unrecognized character in action: ${formatU(r)}`);
        return false;
      }
    }
  };

  const lexFieldOrVariable = (typ: T): boolean => {
    if (atTerminator()) {
      emit(typ === T.Variable ? T.Variable : T.Dot);
      return true;
    }
    skipAlphaNumeric();
    if (!atTerminator()) {
      error(`bad character ${formatU(peekChar())}`);
      return false;
    }
    emit(typ);
    return true;
  };

  while (lexText());
  return items;
}
