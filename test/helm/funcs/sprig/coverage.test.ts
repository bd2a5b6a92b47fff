// Every Sprig function the chart corpus uses must be implemented (or be owned by another module).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sprigFunctions, SPRIG_NAMES_ELSEWHERE, SPRIG_NAMES_REMOVED_BY_HELM } from '../../../../src/helm/funcs/sprig/index.js';

/** Sprig v3.3.0's genericMap (TxtFuncMap) names. */
const SPRIG_V3_3_0 = `hello ago date date_in_zone date_modify dateInZone dateModify duration durationRound htmlDate htmlDateInZone
must_date_modify mustDateModify mustToDate now toDate unixEpoch abbrev abbrevboth trunc trim upper lower title untitle
substr repeat trimall trimAll trimSuffix trimPrefix nospace initials randAlphaNum randAlpha randAscii randNumeric swapcase
shuffle snakecase camelcase kebabcase wrap wrapWith contains hasPrefix hasSuffix quote squote cat indent nindent replace
plural sha1sum sha256sum adler32sum toString atoi int64 int float64 seq toDecimal split splitList splitn toStrings until
untilStep add1 add sub div mod mul randInt add1f addf subf divf mulf biggest max min maxf minf ceil floor round join
sortAlpha default empty coalesce all any compact mustCompact fromJson toJson toPrettyJson toRawJson mustFromJson mustToJson
mustToPrettyJson mustToRawJson ternary deepCopy mustDeepCopy typeOf typeIs typeIsLike kindOf kindIs deepEqual env expandenv
getHostByName base dir clean ext isAbs osBase osClean osDir osExt osIsAbs b64enc b64dec b32enc b32dec tuple list dict get
set unset hasKey pluck keys pick omit merge mergeOverwrite mustMerge mustMergeOverwrite values append push mustAppend
mustPush prepend mustPrepend first mustFirst rest mustRest last mustLast initial mustInitial reverse mustReverse uniq
mustUniq without mustWithout has mustHas slice mustSlice concat dig chunk mustChunk bcrypt htpasswd genPrivateKey
derivePassword buildCustomCert genCA genCAWithKey genSelfSignedCert genSelfSignedCertWithKey genSignedCert
genSignedCertWithKey encryptAES decryptAES randBytes uuidv4 semver semverCompare fail regexMatch mustRegexMatch
regexFindAll mustRegexFindAll regexFind mustRegexFind regexReplaceAll mustRegexReplaceAll regexReplaceAllLiteral
mustRegexReplaceAllLiteral regexSplit mustRegexSplit regexQuoteMeta urlParse urlJoin`
  .split(/\s+/)
  .filter(Boolean);

/**
 * The Sprig functions used by the corpus templates (bitnami/*, prometheus-community charts/*, and their
 * nested charts/*), measured with the scan below: 110 names, of which 6 belong to other modules
 * (fail; the JSON family: fromJson, toJson, mustToJson, toPrettyJson, mustToPrettyJson).
 */
const CORPUS_USED = `add add1 append atoi b64dec b64enc base buildCustomCert cat coalesce compact concat contains date dateInZone
deepCopy deepEqual default dict dig div divf empty fail first float64 floor fromJson genCA genPrivateKey genSignedCert get
has hasKey hasPrefix hasSuffix htpasswd indent int int64 join kebabcase keys kindIs kindOf last list lower max merge
mergeOverwrite min mod mul mulf mustMerge mustMergeOverwrite mustRegexFind mustRegexMatch mustToJson mustToPrettyJson
mustUniq nindent now omit pick prepend quote randAlpha randAlphaNum randAscii randNumeric regexFind regexMatch
regexReplaceAll regexReplaceAllLiteral replace reverse semver semverCompare set sha256sum shuffle slice sortAlpha split
splitList splitn squote sub substr ternary title toJson toPrettyJson toString trim trimAll trimPrefix trimSuffix trunc
typeIs typeOf uniq unset until upper urlParse values without`
  .split(/\s+/)
  .filter(Boolean);

function scanCorpus(root: string): Set<string> {
  const files: string[] = [];
  const walk = (d: string, inTemplates: boolean) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p, inTemplates || e.name === 'templates');
      else if (inTemplates) files.push(p);
    }
  };
  for (const sub of ['bitnami+charts/bitnami', 'prometheus-community+helm-charts/charts']) {
    const d = join(root, sub);
    if (existsSync(d)) walk(d, false);
  }
  const ids = new Set<string>();
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    for (const a of src.matchAll(/\{\{(.*?)\}\}/gs)) {
      let action = a[1]!;
      if (/^-?\s*\/\*/.test(action)) continue;
      action = action.replace(/"(?:[^"\\]|\\.)*"|`[^`]*`|'(?:[^'\\]|\\.)*'/g, '""');
      for (const id of action.matchAll(/(?:^|[^.$\w])([A-Za-z_][A-Za-z0-9_]*)/g)) ids.add(id[1]!);
    }
  }
  return ids;
}

describe('Sprig coverage', () => {
  it('implements every Sprig v3.3.0 name except the ones owned elsewhere and the ones Helm removes', () => {
    const missing = SPRIG_V3_3_0.filter((n) => !(n in sprigFunctions) && !SPRIG_NAMES_ELSEWHERE.includes(n) && !SPRIG_NAMES_REMOVED_BY_HELM.includes(n));
    for (const removed of SPRIG_NAMES_REMOVED_BY_HELM) expect(sprigFunctions).not.toHaveProperty(removed);
    expect(missing).toEqual([]);
    expect(Object.keys(sprigFunctions).filter((n) => !SPRIG_V3_3_0.includes(n))).toEqual([]);
    for (const [name, f] of Object.entries(sprigFunctions)) expect(f.signature, name).toBeDefined();
  });

  it('covers every Sprig function used by the corpus', () => {
    const missing = CORPUS_USED.filter((n) => !(n in sprigFunctions) && !SPRIG_NAMES_ELSEWHERE.includes(n));
    expect(missing).toEqual([]);
    expect(CORPUS_USED).toHaveLength(110);
  });

  const corpus = resolve(process.cwd(), '../shared/corpus/repos');
  it.skipIf(!existsSync(corpus))('the recorded list matches a fresh scan of the corpus', () => {
    const ids = scanCorpus(corpus);
    const used = SPRIG_V3_3_0.filter((n) => ids.has(n)).sort();
    expect(used).toEqual([...CORPUS_USED].sort());
  });
});
