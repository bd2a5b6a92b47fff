// The template parse cache between charts (issue 18): after each chart's renderings the Helm stage
// keeps only the parses that chart used (a vendored library chart's templates serve every chart),
// so the templates of charts already rendered do not stay in the cache for the rest of the stage.
import { afterEach, describe, expect, it } from 'vitest';
import { clearParseCache, keepRecentParses, parseTemplate } from '../../../src/helm/template/parser.js';

const LIBRARY = '{{- define "common.name" -}}{{ .Chart.Name }}{{- end -}}';
const OWN_A = 'kind: ConfigMap\nname: {{ include "common.name" . }}-a\n';
const OWN_B = 'kind: Secret\nname: {{ include "common.name" . }}-b\n';

/** The parsed tree of a text's top template (the same object when the parse came from the cache). */
const treeOf = (text: string) => parseTemplate('t', text, () => true).at(-1)!.root;

afterEach(() => clearParseCache());

describe('the template parse cache between charts', () => {
  it('keeps what the last chart used and drops what it did not', () => {
    // chart a: the library and its own template
    const library = treeOf(LIBRARY);
    const ownA = treeOf(OWN_A);
    keepRecentParses();
    // chart b: the library again and its own template; a's own is not read
    expect(treeOf(LIBRARY)).toBe(library);
    const ownB = treeOf(OWN_B);
    keepRecentParses();
    // chart c reads the library (still cached) and what a and b had: a's was dropped after b
    expect(treeOf(LIBRARY)).toBe(library);
    expect(treeOf(OWN_B)).toBe(ownB);
    expect(treeOf(OWN_A)).not.toBe(ownA);
  });
});
