// Positions the Helm module reports in its own terms (no import from the rest of the linter): the
// same shapes as the linter's model (1-based line and column in UTF-16 code units, end exclusive),
// so its values are the linter's without conversion.

export interface TextPosition {
  line: number;
  column: number;
}

export interface TextRange {
  start: TextPosition;
  end: TextPosition;
}

/** A step in a path into YAML data: a mapping key or a sequence index. */
export type PathSegment = string | number;

/** A place in a file of the chart (POSIX path as the chart was given). */
export interface FilePlace {
  file: string;
  range: TextRange;
}

/** A place worth showing beside another, with why (the values key a rendered value came from). */
export interface RelatedPlace extends FilePlace {
  message: string;
}
