// What the run knows to be secret, and the one place that masks it: finding messages, notices and
// the secret spans formatters mask in code frames. Redaction is a property of the file (and of the
// run), not of a finding: a secret one rule flagged is masked in the frame of every other finding
// next to it, and a values-file password is masked in the Helm error that quotes it.
//
// Sources, each with positions from the parser or from the detector that matched:
// - values of secret-like keys in parsed documents (YAML mappings and flow mappings, Kubernetes
//   `{name, value}` env entries, env file entries across continuation lines, Dockerfile ENV/ARG);
// - secretSpansInText() over each file's text: token formats, private key bodies, URL passwords,
//   secret-like assignments in comments, JSON/TOML in block scalars, argv flags, parse-error lines;
// - every occurrence of a secret value known to the run (`RUN echo <secret>` after `ENV`, a
//   values password quoted by `tpl`, `fail` or `required`).

import type { DockerfileData, EnvData, ParsedFile, PathSegment, Position, Range, SourceDocument, SourceFile } from '../model/types.js';
import { isSecretKeyName, isTemplateOrReference, isWellKnownDefault, maskSpans, secretSpansInText, type TextSpan } from '../knowledge/secrets/secrets.js';
import type { Finding } from '../report/types.js';

/** Shorter secret values are masked where they stand but not searched for elsewhere: they would mask ordinary words. */
const MIN_SEARCHED_LENGTH = 8;

/**
 * Is a value worth searching for across the run? Values of secret-like keys are often names, not
 * secrets (`existingSecretPasswordKey: postgres-password`, bitnami's `password: bitnami`, an
 * `API_TOKEN_VAR: GITHUB_TOKEN`): searching for those would mask chart names, paths and key names
 * in every message. Such values are still masked where they stand.
 */
function isSearchable(value: string): boolean {
  if (value.length < MIN_SEARCHED_LENGTH || isWellKnownDefault(value)) return false;
  if (/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(value) || /^[A-Z0-9]+(?:_[A-Z0-9]+)*$/.test(value)) return false; // names and keys
  if (/^\d+$/.test(value) || /^[./~]/.test(value)) return false; // numbers, paths
  return true;
}
/** Known values are looked up by their first three UTF-16 units, as one number (no substring per position). */
function prefixKey(text: string, at: number): number {
  return text.charCodeAt(at) * 2 ** 32 + text.charCodeAt(at + 1) * 2 ** 16 + text.charCodeAt(at + 2);
}

/** A scalar that can be a secret value: not empty, not code, not a reference or placeholder. */
function isSecretValue(value: unknown): value is string | number {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'string') return false;
  const v = value.trim();
  if (v === '' || /^(true|false|yes|no|on|off|null|~)$/i.test(v)) return false;
  return !isTemplateOrReference(v);
}

export class RunSecrets {
  private readonly rangesByFile = new Map<string, Range[]>();
  private readonly values = new Set<string>();
  private index: Map<number, string[]> | undefined;
  private readonly redacted = new Map<string, string>();

  /** Collects the values of secret-like keys from every parsed document (rendered ones excluded: they locate into templates). */
  static collect(parsed: readonly ParsedFile[]): RunSecrets {
    const secrets = new RunSecrets();
    for (const p of parsed) for (const doc of p.documents) secrets.collectDocument(doc);
    return secrets;
  }

  private add(doc: SourceDocument, path: readonly PathSegment[], value: string | number, range?: Range): void {
    const text = String(value).trim();
    if (isSearchable(text)) {
      this.values.add(text);
      this.index = undefined;
    }
    const at = range ?? doc.locate(path).range;
    let list = this.rangesByFile.get(doc.file.path);
    if (!list) this.rangesByFile.set(doc.file.path, (list = []));
    list.push(at);
  }

  private collectDocument(doc: SourceDocument): void {
    if (doc.kind === 'env') {
      (doc.data as EnvData).entries.forEach((e, i) => {
        if (isSecretKeyName(e.key) && isSecretValue(e.value)) this.add(doc, ['entries', i, 'value'], e.value);
      });
    } else if (doc.kind === 'dockerfile') {
      this.collectDockerfile(doc as SourceDocument<DockerfileData>);
    } else {
      this.collectTree(doc);
    }
  }

  private collectDockerfile(doc: SourceDocument<DockerfileData>): void {
    doc.data.instructions.forEach((ins, i) => {
      if (ins.keyword !== 'ENV' && ins.keyword !== 'ARG') return;
      const args = ins.arguments;
      const first = args[0]?.value ?? '';
      if (ins.keyword === 'ENV' && args.length >= 2 && !first.includes('=')) {
        // legacy form `ENV KEY value with spaces`
        if (!isSecretKeyName(first)) return;
        // the words are one value: `{{ template "x" . }}` is template code, not four secrets
        if (
          !isSecretValue(
            args
              .slice(1)
              .map((a) => a.value)
              .join(' '),
          )
        )
          return;
        for (let j = 1; j < args.length; j++) if (isSecretValue(args[j]!.value)) this.add(doc, ['instructions', i, 'arguments', j], args[j]!.value);
        return;
      }
      args.forEach((arg, j) => {
        const eq = arg.value.indexOf('=');
        if (eq <= 0) return;
        const value = arg.value.slice(eq + 1).replace(/^(["'])(.*)\1$/s, '$2');
        if (!isSecretKeyName(arg.value.slice(0, eq)) || !isSecretValue(value)) return;
        const token = doc.locate(['instructions', i, 'arguments', j]).range;
        // the key stays readable when the token is on one line as written (`KEY=value`)
        const start = token.start.line === token.end.line ? { line: token.start.line, column: token.start.column + eq + 1 } : token.start;
        this.add(doc, [], value, { start, end: token.end });
      });
    });
  }

  /** Mappings anywhere in a YAML/JSON document, iteratively (deep documents), each node once (aliases). */
  private collectTree(doc: SourceDocument): void {
    interface Node {
      value: unknown;
      parent?: Node;
      segment?: PathSegment;
    }
    const pathOf = (node: Node, last: PathSegment): PathSegment[] => {
      const path: PathSegment[] = [last];
      for (let n: Node | undefined = node; n?.parent; n = n.parent) path.unshift(n.segment!);
      return path;
    };
    const seen = new Set<object>();
    const stack: Node[] = [{ value: doc.data }];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const v = node.value;
      if (v === null || typeof v !== 'object' || seen.has(v)) continue;
      seen.add(v);
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (v[i] !== null && typeof v[i] === 'object') stack.push({ value: v[i], parent: node, segment: i });
        continue;
      }
      const dict = v as Record<string, unknown>;
      // Kubernetes env entries and the like: `{name: DB_PASSWORD, value: …}`
      const name = dict['name'];
      if (typeof name === 'string' && 'value' in dict && isSecretKeyName(name) && isSecretValue(dict['value'])) {
        this.add(doc, pathOf(node, 'value'), dict['value']);
      }
      for (const key in dict) {
        const child = dict[key];
        if (child !== null && typeof child === 'object') stack.push({ value: child, parent: node, segment: key });
        else if (isSecretKeyName(key) && isSecretValue(child)) this.add(doc, pathOf(node, key), child);
      }
    }
  }

  /** Known values longest first under their first characters. */
  private lookup(): Map<number, string[]> {
    if (this.index) return this.index;
    const index = new Map<number, string[]>();
    for (const value of this.values) {
      const key = prefixKey(value, 0);
      let list = index.get(key);
      if (!list) index.set(key, (list = []));
      list.push(value);
    }
    for (const list of index.values()) list.sort((a, b) => b.length - a.length);
    return (this.index = index);
  }

  /** Where known secret values occur in a text (linear: one map lookup per character). */
  private knownValueSpans(text: string): TextSpan[] {
    const spans: TextSpan[] = [];
    if (this.values.size === 0) return spans;
    const index = this.lookup();
    for (let i = 0; i + MIN_SEARCHED_LENGTH <= text.length; i++) {
      const candidates = index.get(prefixKey(text, i));
      const hit = candidates?.find((value) => text.startsWith(value, i));
      if (hit) {
        spans.push([i, i + hit.length]);
        i += hit.length - 1;
      }
    }
    return spans;
  }

  /** Every secret the run knows, masked: for messages, notices and reasons (the same message recurs: once each). */
  redact(text: string): string {
    let out = this.redacted.get(text);
    if (out !== undefined) return out;
    const spans = [...secretSpansInText(text), ...this.knownValueSpans(text)];
    out = spans.length ? maskSpans(text, spans).text : text;
    if (this.redacted.size >= 10_000) this.redacted.clear();
    this.redacted.set(text, out);
    return out;
  }

  /**
   * The secret spans of a file, for code frames, computed when a format shows one (JSON or SARIF
   * never ask) and once per file. A secret finding whose range none of them touches adds its own
   * range (fail closed: the rule saw a secret the collectors did not).
   */
  spansOf(files: readonly SourceFile[], findings: readonly Finding[], isSecretEvidence: (ruleId: string) => boolean): (path: string) => readonly Range[] {
    const fileByPath = new Map(files.map((f) => [f.path, f]));
    const evidence = new Map<string, Range[]>();
    for (const f of findings) {
      if (!isSecretEvidence(f.ruleId)) continue;
      let list = evidence.get(f.file);
      if (!list) evidence.set(f.file, (list = []));
      list.push(f.range);
    }
    const done = new Map<string, readonly Range[]>();
    return (path) => {
      let ranges = done.get(path);
      if (ranges) return ranges;
      const text = fileByPath.get(path)?.text ?? '';
      const lines = new LineStarts(text);
      const found = [...(this.rangesByFile.get(path) ?? [])];
      for (const [s, e] of [...secretSpansInText(text), ...this.knownValueSpans(text)]) found.push({ start: lines.position(s), end: lines.position(e) });
      for (const range of evidence.get(path) ?? []) {
        // a rendered value's secret comes from the values, not from the template code it locates into
        const shown = text.slice(lines.offset({ line: range.start.line, column: 1 }), lines.offset({ line: range.end.line + 1, column: 1 }));
        if (found.some((r) => overlaps(r, range)) || shown.includes('{{')) continue;
        found.push(range);
      }
      done.set(path, (ranges = found));
      return ranges;
    };
  }
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.column < q.column);
  return before(a.start, b.end) && before(b.start, a.end);
}

/** Offsets to and from 1-based line/column positions (columns in UTF-16 units, as parsers give them). */
class LineStarts {
  private readonly starts = [0];
  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
  /** The offset of a position; a line past the last one is the end of the text. */
  offset(p: Position): number {
    if (p.line > this.starts.length) return this.text.length;
    return this.starts[Math.max(1, p.line) - 1]! + p.column - 1;
  }
}
