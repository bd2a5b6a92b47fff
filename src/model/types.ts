// The document model every stage shares. One coordinate convention, converted once in parsers:
// 1-based line and column (column counts UTF-16 code units of the line, as editors and SARIF do),
// end exclusive.

import type { Environment, EnvironmentEvidence } from './environments.js';

export type { Environment, EnvironmentEvidence, KnownEnvironment } from './environments.js';
export { ENVIRONMENTS } from './environments.js';

/** What a file is, decided by discovery from its name, its place and (when ambiguous) its content. */
export type FileKind =
  | 'kubernetes' // YAML/JSON with apiVersion + kind (multi-document, kind: List)
  | 'helm-chart' // Chart.yaml
  | 'helm-values' // values*.yaml of a chart, or kept beside the chart folder
  | 'helm-template' // anything under a chart's templates/ (not YAML until rendered)
  | 'helm-other' // other chart files (.helmignore, values.schema.json, files/**, crds/**)
  | 'compose'
  | 'dockerfile'
  | 'dockerignore'
  | 'env' // a real env file (.env, .env.production, app.env)
  | 'env-template' // .env.example, .env.sample, .env.template, .env.dist, .env.defaults
  | 'ci-config' // CI workflow definitions (.github/workflows/*, .gitlab-ci.yml, …)
  | 'gitignore'
  | 'prometheus-config' // a Prometheus configuration file (YAML with top-level scrape_configs): read as scraping evidence (require-metrics)
  | 'script' // shell scripts (*.sh, *.bash): not judged themselves, read as what a job mounts or copies (a backup script)
  | 'private-key' // id_rsa, *.p12 by name; *.pem / *.key only with a PEM private key header. Text kept empty.
  // Platform deployment files (knowledge/platforms/platforms.ts maps them into services and datastores):
  | 'render' // render.yaml Blueprint
  | 'ecs-task-definition' // JSON/YAML with containerDefinitions (register-task-definition or CloudFormation shape)
  | 'vercel' // vercel.json
  | 'fly' // fly.toml
  | 'railway' // railway.json / railway.toml
  | 'platform-unsupported'; // a platform file we know by name but do not judge (a notice names it). Text kept empty.

export interface Position {
  line: number; // 1-based
  column: number; // 1-based
}

/** End is exclusive. */
export interface Range {
  start: Position;
  end: Position;
}

export interface SourceFile {
  /** POSIX path relative to the working directory of the run (never absolute in reports). */
  path: string;
  text: string;
  kind: FileKind;
  environment: Environment;
  /** What decided `environment` (name, folder, config glob …), for the report. */
  environmentEvidence?: EnvironmentEvidence;
  /** Set by discovery for Helm files: the chart folder this file belongs to (POSIX, relative). */
  chartRoot?: string;
}

export type PathSegment = string | number;
export type DocPath = readonly PathSegment[];

/** A place in a file. Rendered documents (Helm) locate into the template that produced a node. */
export interface Location {
  file: string;
  range: Range;
  /** Extra places worth showing, e.g. the values key a rendered value came from. */
  related?: RelatedLocation[];
}

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

export interface LocateOptions {
  /** Point at the key of a mapping pair rather than its value (default: the value). */
  key?: boolean;
}

/** The logical kinds of parsed documents; rules select on these. */
export type DocumentKind =
  | 'kubernetes'
  | 'helm-values'
  | 'helm-chart'
  | 'compose'
  | 'dockerfile'
  | 'env'
  | 'platform' // a platform file's root mapping (the file's kind says which platform)
  | 'yaml'; // YAML that is none of the above (kept so suppressions and syntax errors still work)

export interface SourceDocument<T = unknown> {
  file: SourceFile;
  /** 0-based index of the document in its file (YAML multi-document streams). */
  index: number;
  kind: DocumentKind;
  /** Plain data (YAML/JSON values; DockerfileData; EnvData). */
  data: T;
  /**
   * Where a path of `data` sits in the source. A path that does not exist resolves to its closest
   * existing ancestor (the policy for "missing key" findings). Never undefined: the worst case is
   * the whole document's first line.
   */
  locate(path: DocPath, options?: LocateOptions): Location;
  /**
   * Where a character inside the string scalar at `path` sits: `line` and `column` are 0-based in
   * the parsed value (a TOML or JSON file carried in a ConfigMap). Undefined when the scalar's style
   * does not map onto its source character for character (see parsers/scalar-offset.ts).
   */
  locateInScalar?(path: DocPath, line: number, column: number): Location | undefined;
  /** True when the path exists in data (as opposed to being resolved to an ancestor). */
  has(path: DocPath): boolean;
  /** For Helm-rendered documents: the chart and the template it came from. */
  origin?: { chart: string; template: string; environment: Environment; valuesFiles: string[] };
  /**
   * For a compose application model merged from several files (`-f` layers, `extends`,
   * `include`): its environment and the files, base first. `file` is the base; `locate` points
   * into the layer that holds each effective value.
   */
  composeModel?: ComposeModelInfo;
  /**
   * For an object built by kustomize: the kustomization file of the build (`file` is that file) and
   * the environment it serves. `locate` points into the file that produced each value.
   */
  kustomize?: { root: string; environment: Environment };
  /**
   * For a document whose parts serve different environments (a Render Blueprint grouped in
   * `projects[].environments[]` with several environment names): the environment of the part at
   * `path`, or undefined where the file's own environment applies.
   */
  environmentAt?(path: DocPath): Environment | undefined;
}

export interface ComposeModelInfo {
  /** The `-f` chain, base first (included and extended files are not listed). */
  files: string[];
  environment: Environment;
  /** For people: why this chain and this environment. */
  detail: string;
}

// ---------------------------------------------------------------------------------------------
// Dockerfile model (data of a 'dockerfile' document). Paths for locate():
//   ['instructions', i]                       the whole instruction
//   ['instructions', i, 'keyword']            the keyword
//   ['instructions', i, 'arguments', j]       one argument token
//   ['stages', s, 'from']                     the FROM instruction of a stage
//   ['stages', s, 'image']                    the image argument of a stage's FROM

export interface DockerArgument {
  value: string;
}

export interface DockerInstruction {
  /** Upper-case keyword: FROM, RUN, USER, … */
  keyword: string;
  /** Argument text with line continuations joined (comments inside continuations removed). */
  argsText: string;
  arguments: DockerArgument[];
  /** Index of the stage the instruction belongs to (-1 for global ARGs before the first FROM). */
  stage: number;
  /** Heredoc bodies (`RUN <<EOF … EOF`), if any. */
  heredocs?: { delimiter: string; body: string }[];
}

export interface DockerStage {
  index: number;
  /** `AS name`, lower-cased as Docker treats it. */
  name?: string;
  /** Image reference as written. */
  imageRaw: string;
  /** Image reference after substituting global ARG defaults (`FROM node:${NODE_VERSION}`). */
  image: string;
  /** True when FROM names an earlier stage rather than an image. */
  fromStage?: number;
  platform?: string;
  /** Index into instructions[] of the FROM. */
  fromInstruction: number;
  /** Indexes into instructions[] of the stage's instructions (FROM included). */
  instructions: number[];
}

export interface DockerfileData {
  directives: Record<string, string>;
  instructions: DockerInstruction[];
  stages: DockerStage[];
  /** ARG defaults declared before the first FROM. */
  globalArgs: Record<string, string | undefined>;
}

// ---------------------------------------------------------------------------------------------
// Env file model (data of an 'env' document). Paths for locate():
//   ['entries', i]            the whole line(s) of the entry
//   ['entries', i, 'key']     the key
//   ['entries', i, 'value']   the value (inside quotes when quoted; at the `=` end when empty)

export interface EnvEntry {
  key: string;
  value: string;
  quote?: '"' | "'" | '`';
  exported?: boolean;
}

export interface EnvData {
  entries: EnvEntry[];
  /** Last value for each key (later lines win, as dotenv loaders do). */
  values: Record<string, string>;
  /** True for env templates (.env.example …): they document keys, they are not config. */
  template: boolean;
}

// ---------------------------------------------------------------------------------------------
// Diagnostics produced before rules run (parse errors, skipped files). The engine turns them into
// findings of the reserved rules (invalid-yaml, invalid-dockerfile, invalid-env, file-skipped …).

export interface Diagnostic {
  ruleId: string;
  file: string;
  range: Range;
  message: string;
  /** The environment of the rendering that produced it (Helm); otherwise the file's. */
  environment?: Environment;
  /** What a Helm rendering knows about the problem beyond its prose (typed, never parsed back from the message). */
  helm?: HelmProblemDetail;
}

/** The typed side of a Helm problem: the engine places it with these, not with its message. */
export interface HelmProblemDetail {
  /** The renderer's problem code (missing-dependency, values-warning, helm-render-error, ...). */
  code: string;
  /** The chart folder (or archive) rendered. */
  chart?: string;
  /** The template (`chart/templates/x.yaml`) the problem is in, as Helm names it. */
  template?: string;
  /** missing-dependency: the dependency's name as Chart.yaml lists it. */
  dependency?: string;
  /** values-warning: the dotted values path, the chart's name first. */
  valuesKey?: string;
}

export interface ParsedFile {
  file: SourceFile;
  documents: SourceDocument[];
  diagnostics: Diagnostic[];
  /** Inline suppression comments found in the file (see engine/suppressions). */
  comments: Comment[];
}

export interface Comment {
  /** Text after the comment marker, trimmed. */
  text: string;
  range: Range;
}
