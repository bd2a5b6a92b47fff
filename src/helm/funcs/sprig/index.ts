// The Sprig v3.3.0 function library as Helm v4.1.4 exposes it, for the in-process Helm renderer.
//
// export const sprigFunctions: FuncMap  (Record<string, TemplateFunction>): every function carries its Go
// signature (`.signature`) so the template executor checks arity and argument types like Go does.
//
// Not here (other modules own them): the JSON/YAML/TOML family (toJson, fromJson, toPrettyJson, toRawJson,
// mustToJson, …, toYaml, fromYaml, …) in ../yaml/, and Helm's include/tpl/required/fail/lookup/
// getHostByName. `env`/`expandenv` are absent, as in Helm (it deletes them: no template reads the process
// environment; using them is a parse error, function "env" not defined). Non-hermetic functions (now, rand*, uuidv4, gen*, bcrypt, htpasswd, …) are deterministic
// placeholders, see dates.ts and crypto.ts.
//
// Ported from Masterminds/sprig v3.3.0 (MIT, Copyright (C) 2013-2020 Masterminds) and its dependencies
// (Masterminds/semver v3 MIT, Masterminds/goutils Apache-2.0, huandu/xstrings MIT, spf13/cast MIT,
// shopspring/decimal MIT, dario.cat/mergo BSD-3-Clause) and Go's standard library (BSD-3-Clause).

import type { FuncMap } from '../../template/index.js';
import { stringFunctions } from './strings.js';
import { collectionFunctions } from './collections.js';
import { coreFunctions } from './core.js';
import { dateFunctions } from './dates.js';
import { regexFunctions } from './regex.js';
import { semverFunctions } from './semver.js';
import { cryptoFunctions } from './crypto.js';

export const sprigFunctions: FuncMap = {
  ...stringFunctions,
  ...collectionFunctions,
  ...coreFunctions,
  ...dateFunctions,
  ...regexFunctions,
  ...semverFunctions,
  ...cryptoFunctions,
};

/** Sprig v3.3.0 names deliberately not provided by this module (owned elsewhere or removed by Helm). */
export const SPRIG_NAMES_ELSEWHERE: readonly string[] = [
  'fromJson',
  'toJson',
  'toPrettyJson',
  'toRawJson',
  'mustFromJson',
  'mustToJson',
  'mustToPrettyJson',
  'mustToRawJson',
  'fail',
  'getHostByName',
];

/** Sprig v3.3.0 names Helm deletes from its function map, so templates using them fail to parse. */
export const SPRIG_NAMES_REMOVED_BY_HELM: readonly string[] = ['env', 'expandenv'];

export { GoTime, SPRIG_NOW_NANOS } from './dates.js';
export { Certificate } from './crypto.js';
export { Version as SemverVersion, newVersion, newConstraint, semverCompare } from './semver.js';
export { compileGo as compileGoRegexp } from './regex.js';
export { mergoMerge, deepCopy } from './collections.js';
export { strval, empty, typeName as goTypeNameOf, kindName as goKindOf } from './goval.js';
