// AST of Go text/template (port of text/template/parse node types; Go: BSD-style licence, The Go Authors).
// Every node keeps its byte/char offset, 1-based line and column in the file it was parsed from.

/**
 * A node's place in its file. The file name is not repeated here: it is the tree's parse name
 * (TemplateDefinition.parseName), so identical texts (a library chart vendored by many charts) share one tree.
 */
export interface Pos {
  /** 0-based offset in the template text (UTF-16 code units); see goByteOffset() for Go's byte offset. */
  readonly offset: number;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column (UTF-16 code units). */
  readonly column: number;
}

interface Base {
  readonly pos: Pos;
}

export interface ListNode extends Base {
  readonly type: 'list';
  readonly nodes: Node[];
}
export interface TextNode extends Base {
  readonly type: 'text';
  readonly text: string;
}
export interface CommentNode extends Base {
  readonly type: 'comment';
  readonly text: string;
}
export interface ActionNode extends Base {
  readonly type: 'action';
  readonly pipe: PipeNode;
}
export interface PipeNode extends Base {
  readonly type: 'pipe';
  /** `$x = …` rather than `$x := …`. */
  readonly isAssign: boolean;
  readonly decl: VariableNode[];
  readonly cmds: CommandNode[];
}
export interface CommandNode extends Base {
  readonly type: 'command';
  readonly args: ArgNode[];
}
export interface IdentifierNode extends Base {
  readonly type: 'identifier';
  readonly ident: string;
}
/** `$`, `$x`, `$x.Field.Chain` (ident[0] is the variable name including `$`). */
export interface VariableNode extends Base {
  readonly type: 'variable';
  readonly ident: string[];
}
export interface DotNode extends Base {
  readonly type: 'dot';
}
export interface NilNode extends Base {
  readonly type: 'nil';
}
/** `.A.B.C` (ident without dots). */
export interface FieldNode extends Base {
  readonly type: 'field';
  readonly ident: string[];
}
/** `(pipeline).A.B` or `$x.A` after a non-variable operand. */
export interface ChainNode extends Base {
  readonly type: 'chain';
  readonly node: ArgNode;
  readonly field: string[];
}
export interface BoolNode extends Base {
  readonly type: 'bool';
  readonly value: boolean;
}
export interface NumberNode extends Base {
  readonly type: 'number';
  readonly text: string;
  readonly isInt: boolean;
  readonly isUint: boolean;
  readonly isFloat: boolean;
  readonly int64: bigint;
  readonly uint64: bigint;
  readonly float64: number;
}
export interface StringNode extends Base {
  readonly type: 'string';
  /** The original quoted text. */
  readonly quoted: string;
  readonly text: string;
}
export interface BreakNode extends Base {
  readonly type: 'break';
}
export interface ContinueNode extends Base {
  readonly type: 'continue';
}
export interface BranchNode extends Base {
  readonly type: 'if' | 'range' | 'with';
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | null;
}
export interface TemplateNode extends Base {
  readonly type: 'template';
  readonly name: string;
  readonly pipe: PipeNode | null;
}

/** Go's Pos: the 0-based UTF-8 byte offset of `pos` in `text` (the file's source). */
export function goByteOffset(text: string, pos: Pos): number {
  return Buffer.byteLength(text.slice(0, pos.offset));
}

/** The 0-based byte column Go prints in "file:line:col" of execution errors. */
export function goColumn(text: string, pos: Pos): number {
  return Buffer.byteLength(text.slice(pos.offset - (pos.column - 1), pos.offset));
}

/** Operands that may appear in a command. */
export type ArgNode = IdentifierNode | VariableNode | DotNode | NilNode | FieldNode | ChainNode | BoolNode | NumberNode | StringNode | PipeNode;

export type Node = ListNode | TextNode | CommentNode | ActionNode | BranchNode | TemplateNode | BreakNode | ContinueNode | CommandNode | ArgNode;

/** A parsed template: a file body or a define. `isEmpty` follows Go's parse.IsEmptyTree. */
export interface ParsedTree {
  readonly name: string;
  readonly root: ListNode;
  readonly isEmpty: boolean;
}
