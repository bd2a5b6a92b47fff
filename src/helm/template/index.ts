// Go text/template engine (Go 1.25 semantics, as used by Helm v4.1.4) for rendering Helm charts in-process.
//
// Usage:
//   const set = new TemplateSet({ funcs: { upper: withSignature(function (s) { … }, { params: ['string'] }) } });
//   set.addFuncs(moreFuncs);                 // register functions BEFORE parsing templates that call them
//   set.parse('chart/templates/_helpers.tpl', helpersText);   // defines join the set; redefinition is last-wins
//   set.parse('chart/templates/cm.yaml', cmText);             // (an empty define never replaces a non-empty one)
//   const { output, segments } = set.execute('chart/templates/cm.yaml', data);
//   // output: Go's text (Helm then strips every "<no value>"); segments: provenance of each output chunk.
// Functions receive GoValues (see ../value.ts; null and undefined are both Go nil) with `this: CallContext`
// (template set, call position, executeTemplate() for include/tpl) and may throw; the executor wraps the
// error like Go ("error calling include: …") into a TemplateError carrying templateName, line, column, and
// the thrown error as `cause` (innermost() finds the deepest template error). Without a `signature`
// (withSignature), a function takes any number of interface{} arguments; with one, Go's arity and type
// checks apply ("wrong number of args for f: want 2 got 1", "wrong type for value; expected string; got float64").
// Struct values (GoStruct) expose exported fields and methods (called with the struct as `this`); maps and
// slices of a named type (value.ts namedType: engine.files, common.VersionSet) expose their methods too.
//
// fmt.ts is Go's fmt (Sprint/Sprintf/Sprintln) and gotype.ts Go's type names/kinds/truthiness, for the function
// library. Known divergences from Go: no complex numbers, no %p/%x/%b on floats, strings are UTF-16 (byte
// escapes \x80-\xff become Latin-1 characters; len/index/slice count UTF-8 bytes), methods of named map types
// (chartutil.Values.Table…) are not emulated, template/include nesting stops at maxNesting (200) because
// JavaScript stacks are smaller than Go's.

export { TemplateSet } from './template-set.js';
export type { TemplateDefinition, TemplateNamespace } from './types.js';
export { TemplateError } from './errors.js';
export type { TemplateErrorKind, TemplateErrorDetails } from './errors.js';
export type {
  SourcePosition,
  CallSite,
  OutputSegment,
  ExecuteResult,
  ExecuteOptions,
  CallContext,
  GoParamType,
  FunctionSignature,
  TemplateFunction,
  FuncMap,
  MissingKeyMode,
  TemplateSetOptions,
} from './types.js';
export { sprint, sprintf, sprintln, formatFloat, quoteGo } from './fmt.js';
export { goTypeName, goKind, isTrue } from './gotype.js';
export type { GoKind } from './gotype.js';
export { withSignature } from './signature.js';
export { eq as goEq, lt as goLt, htmlEscapeString, jsEscapeString, queryEscape } from './builtins.js';
export type * as ast from './ast.js';
export { goByteOffset, goColumn } from './ast.js';
export { BudgetExceeded, RenderBudget, RENDER_LIMITS, withBudget, activeBudget, checkListSize, checkStringSize } from './budget.js';
export type { RenderLimits } from './budget.js';
