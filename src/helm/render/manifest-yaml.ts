// How rendered manifests are parsed: YAML 1.1, as Helm reads them, with a quicker way to the
// common answer for plain scalars.
//
// The `yaml` package resolves a plain scalar by trying the test of each of the YAML 1.1 schema's
// tags in turn (null, booleans, four integer forms, three float forms, sexagesimal numbers,
// timestamps, the merge key): about fifteen regular expressions per key and value, about 10 ms of
// a one-chart lint (2%), most of them on words like `metadata` or `containerPort` that can only be
// strings. Every one of those tests needs the scalar to start with one of `~ . + - < 0-9` or
// a letter of `null`/`no`, `y`/`yes`/`true`/`on`/`off`/`false` or an exponent (`e5` matches the float test):
// a scalar starting with anything else is a string whatever the other tags say. So a tag placed
// first claims those, with the string tag's name and resolution: the same node, one test.

import type { ParseOptions, DocumentOptions, SchemaOptions, ScalarTag, Tags } from 'yaml';

/** A plain scalar no YAML 1.1 tag but the string's can match: its first character starts none of their patterns. */
const CERTAINLY_STRING = /^[^~NnYyTtOoFfEe.+\-0-9<]/;

/** The string tag under the same name, tested first, for the plain scalars only it can match. */
const certainString: ScalarTag = {
  tag: 'tag:yaml.org,2002:str',
  default: true,
  test: CERTAINLY_STRING,
  resolve: (str: string) => str,
};

/** YAML 1.1 tags with the certain-string test first (the others keep their order). */
export function withCertainStrings(tags: Tags): Tags {
  return [certainString, ...tags];
}

/** Options of a rendered manifest's parse (Helm's YAML 1.1, duplicate keys allowed, merge keys). */
export const MANIFEST_YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  uniqueKeys: false,
  merge: true,
  strict: false,
  customTags: withCertainStrings,
};
