// Errors with Go text/template's message formats.
//   parse: template: <parseName>:<line>: <message>
//   exec:  template: <parseName>:<line>:<goCol>: executing "<name>" at <<node>>: <message>
// where goCol is Go's 0-based byte column. The fields carry 1-based line/column for editors.

export type TemplateErrorKind = 'parse' | 'exec';

export interface TemplateErrorDetails {
  kind: TemplateErrorKind;
  /** Parse name of the template file where the error is located. */
  templateName: string;
  /** 1-based line (0 when unknown). */
  line: number;
  /** 1-based column in UTF-16 units (for parse errors: the last token read, which Go does not print). */
  column: number;
  /** The executing template's name (a define name, or the file name); exec errors only. */
  executingTemplate?: string;
  /** Source text of the node the error is at (Go's "at <…>" context); exec errors only. */
  context?: string;
  /** The bare message, without the location prefix. */
  detail: string;
  /** The thrown error of a function call, when the error wraps one. */
  cause?: unknown;
}

export class TemplateError extends Error {
  readonly kind: TemplateErrorKind;
  readonly templateName: string;
  readonly line: number;
  readonly column: number;
  readonly executingTemplate?: string;
  readonly context?: string;
  readonly detail: string;

  constructor(message: string, details: TemplateErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'TemplateError';
    this.kind = details.kind;
    this.templateName = details.templateName;
    this.line = details.line;
    this.column = details.column;
    this.executingTemplate = details.executingTemplate;
    this.context = details.context;
    this.detail = details.detail;
  }

  /**
   * The deepest TemplateError in the cause chain: for "error calling include: template: _helpers.tpl:…" it is
   * the helper's error, whose position is where the problem really is.
   */
  innermost(): TemplateError {
    let e: TemplateError = this;
    for (let c = e.cause; c !== undefined && c !== null; c = (c as { cause?: unknown }).cause) {
      if (c instanceof TemplateError) e = c;
    }
    return e;
  }
}

/** Internal control flow for `break`/`continue`; never escapes a range. */
export class RangeControl {
  constructor(readonly kind: 'break' | 'continue') {}
}
