import { describe, expect, it } from 'vitest';
import { call, i, i64, m, plain } from './helpers.js';
import { compileGoRegexp, GoTime, Certificate } from '../../../../src/helm/funcs/sprig/index.js';
import { durationString, parseDuration, parseTime, formatTime } from '../../../../src/helm/funcs/sprig/dates.js';
import { backtrackProgram, findAll, nativeRegExp, replaceAll, split, type CompiledRegexp } from '../../../../src/helm/funcs/sprig/regex.js';

describe('regex (Go RE2 → JS)', () => {
  it('matches and finds', () => {
    expect(call('regexMatch', '^[a-z]+\\d*$', 'abc123')).toBe(true);
    expect(call('regexMatch', '^[a-z]+$', 'abc\n')).toBe(false); // Go $ is end of text, no trailing \n
    expect(call('regexMatch', '(?i)^ABC$', 'abc')).toBe(true);
    expect(call('regexMatch', 'a(?i)bc', 'aBC')).toBe(true);
    expect(call('regexMatch', 'a(?i)bc', 'ABC')).toBe(false);
    expect(call('regexMatch', '(?i:x)y', 'Xy')).toBe(true);
    expect(call('regexMatch', '(?i:x)y', 'XY')).toBe(false);
    expect(call('regexMatch', '^[[:alpha:]]+$', 'abcXYZ')).toBe(true);
    expect(call('regexMatch', '^[[:^digit:]]+$', 'ab-c')).toBe(true);
    expect(call('regexMatch', '^[[:^digit:]]+$', 'a1')).toBe(false);
    expect(call('regexMatch', 'a.c', 'a\nc')).toBe(false);
    expect(call('regexMatch', '(?s)a.c', 'a\nc')).toBe(true);
    expect(call('regexMatch', '(?m)^b$', 'a\nb\nc')).toBe(true);
    expect(call('regexMatch', '\\Aab\\z', 'ab')).toBe(true);
    expect(call('regexMatch', '\\Aab\\z', 'ab\n')).toBe(false);
    expect(call('regexMatch', '^\\pL+$', 'héllo')).toBe(true);
    expect(call('regexMatch', '^\\p{Greek}+$', 'αβγ')).toBe(true);
    expect(call('regexMatch', '\\Qa.b\\E', 'a.b')).toBe(true);
    expect(call('regexMatch', '\\Qa.b\\E', 'axb')).toBe(false);
    expect(call('regexMatch', '^\\x{41}\\-\\#$', 'A-#')).toBe(true);
    expect(call('regexMatch', '^\\s$', '\v')).toBe(false); // Go \s excludes \v
    expect(call('regexMatch', '[', 'x')).toBe(false); // compile error → false
    expect(() => call('mustRegexMatch', '[', 'x')).toThrow('error parsing regexp: missing closing ]: `[`');
    expect(() => call('regexFind', '(?=x)', 'x')).toThrow('regexp: Compile("(?=x)"): error parsing regexp: invalid or unsupported Perl syntax: `(?=`');
    expect(() => call('regexFind', '(a', 'x')).toThrow('missing closing )');
    expect(call('regexFind', '[0-9]+', 'ab123cd45')).toBe('123');
    expect(call('regexFind', 'x', 'abc')).toBe('');
    expect(call('regexFindAll', '[0-9]+', 'a1b22c333', i(-1))).toEqual(['1', '22', '333']);
    expect(call('regexFindAll', '[0-9]+', 'a1b22c333', i(2))).toEqual(['1', '22']);
    expect(call('regexFindAll', 'a*', 'baaac', i(-1))).toEqual(['', 'aaa', '']); // no empty match right after a match
    expect(call('regexFindAll', '(?U)a+', 'aaa', i(-1))).toEqual(['a', 'a', 'a']);
  });
  it('replaces with Go expansion', () => {
    expect(call('regexReplaceAll', 'a(x*)b', '-ab-axxb-', '${1}W')).toBe('-W-xxW-');
    expect(call('regexReplaceAll', 'a(x*)b', '-ab-axxb-', '$1W')).toBe('---'); // $1W is the group named "1W"
    expect(call('regexReplaceAll', '(\\w+)@(\\w+)', 'me@host', '${2}X$1')).toBe('hostXme');
    expect(call('regexReplaceAll', '(?P<user>\\w+)@(?P<host>\\w+)', 'me@host', '$host/${user}')).toBe('host/me');
    expect(call('regexReplaceAll', 'a', 'aaa', '$$')).toBe('$$$');
    expect(call('regexReplaceAll', 'x*', 'abc', '-')).toBe('-a-b-c-');
    expect(call('regexReplaceAll', 'a*', 'baaac', '-')).toBe('-b-c-');
    expect(call('regexReplaceAllLiteral', 'a(x*)b', '-ab-axxb-', '${1}')).toBe('-${1}-${1}-');
    expect(call('regexReplaceAllLiteral', '\\W', 'a-b.c', '@')).toBe('a@b@c');
  });
  it('splits and quotes', () => {
    expect(call('regexSplit', 'z+', 'pizza', i(-1))).toEqual(['pi', 'a']);
    expect(call('regexSplit', 'z+', 'pizza', i(1))).toEqual(['pizza']);
    expect(call('regexSplit', '', 'abc', i(-1))).toEqual(['a', 'b', 'c']);
    expect(call('regexSplit', 'x', '', i(-1))).toEqual(['']);
    expect(call('regexSplit', 'a', 'banana', i(0))).toEqual([]);
    expect(call('regexQuoteMeta', '1.2.3+[x]')).toBe('1\\.2\\.3\\+\\[x\\]');
    expect(compileGoRegexp('(?P<a>x)(y)(?<b>z)').names).toEqual(['', 'a', '', 'b']);
  });
});

describe('regex: simple patterns on a JavaScript RegExp', () => {
  // Only where JavaScript matches as Go does: no groups, alternation, flags, counted repetition,
  // POSIX classes or other escapes, and at most one unbounded repetition.
  it('takes the subset and nothing else', () => {
    for (const expr of ['\\W', '[^A-Za-z0-9]+$', '[0-9.]+', ':\\d+$', '^https?://', 'a.c', '[-a\\]]', '[\\w-]', '\\s\\S', '', 'é😀'])
      expect(nativeRegExp(expr), expr).toBeInstanceOf(RegExp);
    for (const expr of ['(a)', 'a|b', '(?i)a', 'a{2}', 'a+b*', 'a+?', '[[:alpha:]]', '[]a]', '[z-a]', '[\\w-a]', '[\\S]', '\\b', '\\n', '\\pL', '*', '^*', 'a**', '[a', '\\'])
      expect(nativeRegExp(expr), expr).toBeUndefined();
  });

  it('finds, replaces and splits as re2js does (Go semantics: ASCII \\s, . without \\n, $ at the very end, code points)', () => {
    const texts = ['', 'my-release-name', 'Hello World!', 'a\nb\rc\vd\u00a0e', 'x'.repeat(70) + '-._', 'a😀b', 'é-ü', '$^]\\', '1.2.3-rc1+build'];
    for (const expr of ['\\W', '[^A-Za-z0-9]+$', '[0-9.]+', '\\s', '\\S+', '.', '^.', '.$', '[é-ü]', '[^\\s]', '\\$', '[\\^\\]]', 'x*', '^', '$', '-?[a-z]', '[\\d\\-]?']) {
      const fast = compileGoRegexp(expr);
      expect(fast.native, expr).toBeDefined();
      const slow: CompiledRegexp = { expr, pattern: fast.pattern, names: fast.names };
      for (const s of texts) {
        expect(findAll(fast, s, -1), `${expr} ${s}`).toEqual(findAll(slow, s, -1));
        expect(replaceAll(fast, s, '<$0>', false), `${expr} ${s}`).toEqual(replaceAll(slow, s, '<$0>', false));
        expect(replaceAll(fast, s, '$1', true), `${expr} ${s}`).toEqual(replaceAll(slow, s, '$1', true));
        expect(split(fast, s, -1), `${expr} ${s}`).toEqual(split(slow, s, -1));
      }
    }
  });

  it('leaves a long text to re2js when a repetition could make a backtracking match quadratic', () => {
    // natively, 200,000 characters of non-matches before the end would take minutes
    const text = '-'.repeat(200_000) + 'a';
    expect(call('regexReplaceAll', '[^A-Za-z0-9]+$', text, '')).toBe(text);
    expect(call('regexReplaceAll', '[^A-Za-z0-9]+$', 'my-label-', '')).toBe('my-label');
  });
});

describe("regex: groups and alternation on Go's bounded backtracker", () => {
  // bitnami common's patterns (names, image tags, warnings), then groups, alternation and
  // repetitions whose leftmost-first choice or submatches a naive reading could get wrong
  const PATTERNS = [
    '(-?[^a-z\\d\\-])+-?',
    '^([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?$',
    '-r\\d+$|sha256:',
    '(a|ab)(c|bcd)(d*)',
    '(a+)(b)?',
    'x(y|z)+w',
    '(?:ab|a)b',
    '(a)|b',
    '()',
    '(|a)',
    'a(b|)',
    '^(a|b)$',
    '(\\d+)-(\\w+)',
    '(é|😀)+',
    '(.)(.)',
    '([^x]+)x',
    '(a|b)*c',
    '((a)|b)+',
    '(a(b)?)+',
    'a|b|c',
    '(?:a|b)+$',
    '^(v)?[0-9]+(\\.[0-9]+)*$',
    '(\\s|-)(\\S)',
    '(a|aa)+$',
  ];
  const ALPHABET = ['a', 'b', 'c', 'd', '-', 'x', 'y', 'z', 'w', '0', '1', '9', '.', '+', 'é', '😀', '\n', ' ', '{', '}', 'v', 'r', 's', 'h', '2', '5', '6', ':'];

  it('takes groups and alternation, and leaves to re2js what it does not take', () => {
    for (const expr of PATTERNS) expect(backtrackProgram(expr), expr).toBeDefined();
    for (const expr of [
      '(a*)*',
      '(a|)+',
      '(^)?',
      '(?i)a',
      '(?P<n>a)',
      '(?<n>a)',
      'a{2}',
      '(a)+?',
      '(a',
      'a)',
      '\\b(a)',
      '(a)**',
      '[[:alpha:]](b)',
      '(a)\\pL',
      '{(v[0-9])*[^}]*}}$',
    ])
      expect(backtrackProgram(expr), expr).toBeUndefined();
  });

  it('finds, replaces (with submatches) and splits as re2js does', () => {
    let seed = 18;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const texts = ['', 'rl-prometheus', 'my_Release.Name', '2.53.2-debian-12-r1', '1.2.3-rc.1+build.5', 'sha256:abc', 'x-r12', '{v1v2 x}}', 'aab', 'abcd', 'xyzyw'];
    for (let k = 0; k < 150; k++) texts.push(Array.from({ length: Math.floor(random() * 14) }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join(''));
    for (const expr of PATTERNS) {
      const fast = compileGoRegexp(expr);
      expect(fast.backtrack, expr).toBeDefined();
      const slow: CompiledRegexp = { expr, pattern: fast.pattern, names: fast.names };
      for (const s of texts) {
        expect(findAll(fast, s, -1), `${expr} ${s}`).toEqual(findAll(slow, s, -1));
        expect(replaceAll(fast, s, '<$0|$1|${2}|$3>', false), `${expr} ${s}`).toEqual(replaceAll(slow, s, '<$0|$1|${2}|$3>', false));
        expect(split(fast, s, -1), `${expr} ${s}`).toEqual(split(slow, s, -1));
      }
    }
  });

  it("stays linear where a backtracking RegExp would not, and leaves texts past Go's bound to re2js", () => {
    const text = 'a'.repeat(20_000) + 'b';
    const fast = compileGoRegexp('(a|aa)+$');
    const slow: CompiledRegexp = { expr: fast.expr, pattern: fast.pattern, names: fast.names };
    expect(findAll(fast, text.slice(-5_000), -1)).toEqual([]);
    expect(findAll(fast, text, -1)).toEqual(findAll(slow, text, -1));
    expect(call('regexReplaceAll', '(-?[^a-z\\d\\-])+-?', 'My--Release!', '-')).toBe('-y--elease-');
  });
});

describe('semver (Masterminds/semver v3)', () => {
  const cases: [string, string, boolean][] = [
    ['>=1.21-0', 'v1.35.0', true],
    ['>=1.21-0', '1.30.0-eks-1234', true],
    ['>=1.21', '1.30.0-eks-1234', false], // pre-release needs a pre-release constraint
    ['>=1.21.0', '1.21.0', true],
    ['<1.19-0', 'v1.18.9', true],
    ['<1.19-0', 'v1.19.0', false],
    ['>= 1.16-0 < 1.22-0', '1.21.3', true],
    ['>= 1.16-0, < 1.22-0', '1.22.0', false],
    ['^1.2.3', '1.9.0', true],
    ['^1.2.3', '2.0.0', false],
    ['^0.2.3', '0.2.9', true],
    ['^0.2.3', '0.3.0', false],
    ['^0.0.3', '0.0.4', false],
    ['~1.2.3', '1.2.9', true],
    ['~1.2.3', '1.3.0', false],
    ['~1', '1.9.0', true],
    ['~1', '2.0.0', false],
    ['1.2.x', '1.2.7', true],
    ['1.2.x', '1.3.0', false],
    ['1.2', '1.2.5', true], // a missing patch acts like x
    ['=1.2.3', '1.2.3', true],
    ['!=1.2.3', '1.2.3', false],
    ['!=4.x', '4.1.0', false],
    ['>11', '11.1.0', false],
    ['>11', '12.0.0', true],
    ['>11.1', '11.1.1', false],
    ['>11.1', '11.2.0', true],
    ['<=1.1', '1.1.9', true],
    ['<=1.1.0', '1.1.1', false],
    ['1.1 - 3', '2.5.0', true],
    ['1.1 - 3', '4.0.0', false],
    ['<1.0 || >=2.0', '2.1.0', true],
    ['<1.0 || >=2.0', '1.5.0', false],
    ['*', '3.0.0', true],
    ['>=1.0.0-alpha', '1.0.0-beta', true],
    ['>=1.0.0-beta.2', '1.0.0-beta.11', true],
  ];
  for (const [c, v, want] of cases) {
    it(`${c} ? ${v} → ${want}`, () => {
      expect(call('semverCompare', c, v)).toBe(want);
    });
  }
  it('errors', () => {
    expect(() => call('semverCompare', '>=1.21', 'not-a-version')).toThrow('Invalid Semantic Version');
    expect(() => call('semverCompare', '>= foo', '1.0.0')).toThrow('improper constraint: >= foo');
    expect(() => call('semverCompare', '', '1.0.0')).toThrow('improper constraint: ');
    expect(() => call('semver', '1.2.3-01')).toThrow('Version segment starts with 0');
  });
  it('semver objects', () => {
    const v = call('semver', 'v1.22.3-rc.1+meta') as never as Record<string, () => unknown>;
    expect(plain(v.Major!.call(v) as never)).toBe('uint64:1');
    expect(plain(v.Minor!.call(v) as never)).toBe('uint64:22');
    expect(v.Prerelease!.call(v)).toBe('rc.1');
    expect(v.Metadata!.call(v)).toBe('meta');
    expect(v.Original!.call(v)).toBe('v1.22.3-rc.1+meta');
    expect(call('toString', v as never)).toBe('1.22.3-rc.1+meta');
  });
});

describe('dates', () => {
  it('now is a fixed instant, date formats Go layouts', () => {
    const now = call('now') as GoTime;
    expect(now).toBeInstanceOf(GoTime);
    expect(call('date', '2006-01-02T15:04:05Z07:00', now)).toBe('2026-01-01T00:00:00Z');
    expect(call('date', '20060102150405', now)).toBe('20260101000000');
    expect(call('dateInZone', '2006-01-02 15:04 MST', now, 'UTC')).toBe('2026-01-01 00:00 UTC');
    expect(call('dateInZone', '2006-01-02 15:04 -07:00', now, 'America/New_York')).toBe('2025-12-31 19:00 -05:00');
    expect(call('dateInZone', 'Mon Jan _2 3:04PM', now, 'Nope/Zone')).toBe('Thu Jan  1 12:00AM');
    expect(call('date', '2006-01-02', i64(86400))).toBe('1970-01-02');
    expect(call('htmlDate', i(0))).toBe('1970-01-01');
    expect(call('unixEpoch', now)).toBe('1767225600');
    expect(call('toString', now)).toBe('2026-01-01 00:00:00 +0000 UTC');
    expect(call('ago', now)).toBe('0s');
  });
  it('toDate / dateModify / durations', () => {
    const t = call('toDate', '2006-01-02', '2024-02-29') as GoTime;
    expect(call('date', 'Jan 2, 2006', t)).toBe('Feb 29, 2024');
    expect(call('toString', call('toDate', '2006-01-02', 'garbage'))).toBe('0001-01-01 00:00:00 +0000 UTC');
    expect(() => call('mustToDate', '2006-01-02', 'garbage')).toThrow('parsing time');
    const t2 = parseTime('2006-01-02T15:04:05.000Z07:00', '2024-05-06T07:08:09.123+02:00', { name: 'UTC' })!;
    expect(formatTime(t2, '2006-01-02T15:04:05.999999999Z07:00')).toBe('2024-05-06T05:08:09.123Z');
    expect(call('date', '15:04', call('dateModify', '1h30m', call('now')))).toBe('01:30');
    expect(call('duration', '95')).toBe('1m35s');
    expect(call('duration', i64(3600))).toBe('1h0m0s');
    expect(call('duration', i(95))).toBe('0s'); // Sprig only accepts string and int64
    expect(call('durationRound', '2h10m')).toBe('2h');
    expect(call('durationRound', '400h')).toBe('16d');
    expect(durationString(1500n * 1000n)).toBe('1.5ms');
    expect(durationString(-90n * 1000000000n)).toBe('-1m30s');
    expect(parseDuration('1.5h')).toBe(5400n * 1000000000n);
    expect(parseDuration('bad')).toBeUndefined();
  });
});

describe('random and crypto placeholders', () => {
  it('are deterministic and well formed', () => {
    const a = call('randAlphaNum', i(16)) as string;
    expect(a).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(call('randAlphaNum', i(16))).toBe(a);
    expect(call('randAlpha', i(5))).toMatch(/^[A-Za-z]{5}$/);
    expect(call('randNumeric', i(5))).toMatch(/^[0-9]{5}$/);
    expect(call('randAscii', i(30))).toMatch(/^[ -~]{30}$/);
    expect(Buffer.from(call('randBytes', i(12)) as string, 'base64')).toHaveLength(12);
    expect(call('uuidv4')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const sh = call('shuffle', 'abcdef') as string;
    expect([...sh].sort().join('')).toBe('abcdef');
    expect(call('htpasswd', 'user', 'pw')).toMatch(/^user:\$2a\$10\$[./A-Za-z0-9]{53}$/);
    expect(call('htpasswd', 'a:b', 'pw')).toBe('invalid username: a:b');
    expect(call('genPrivateKey', 'rsa')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END RSA PRIVATE KEY-----\n$/);
    expect(call('genPrivateKey', 'ecdsa')).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    expect(call('genPrivateKey', 'foo')).toBe('Unknown type foo');
    const ca = call('genCA', 'my-ca', i(365)) as Certificate;
    expect(ca).toBeInstanceOf(Certificate);
    expect(ca.Cert).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
    expect(ca.Key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    const cert = call('genSignedCert', 'svc', null, ['svc.ns', 'svc.ns.svc'], i(365), ca) as Certificate;
    expect(cert.Cert).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(cert.Cert).not.toBe(ca.Cert);
    expect(() => call('genSignedCert', 'svc', ['not-an-ip'], null, i(1), ca)).toThrow('error parsing ip: not-an-ip');
    expect(() => call('genSignedCert', 'svc', null, null, i(1), 'x')).toThrow('expected sprig.certificate');
    const self = call('genSelfSignedCert', 'x', ['10.0.0.1'], null, i(1)) as Certificate;
    expect(self.Key).toMatch(/PRIVATE KEY/);
  });
  it('derivePassword is the real Master Password algorithm', () => {
    expect(call('derivePassword', i(1), 'long', 'password', 'user', 'example.com')).toBe('ZedaFaxcZaso9*');
    expect(call('derivePassword', i(1), 'maximum', 'password', 'user', 'example.com')).toBe('pf4zS1LjCg&LjhsZ7T2~');
    expect(call('derivePassword', i(1), 'pin', 'password', 'user', 'example.com')).toBe('6685');
    expect(call('derivePassword', i(1), 'nope', 'p', 'u', 's')).toBe('cannot find password template nope');
  });

  it('AES round-trips', () => {
    const enc = call('encryptAES', 'secretkey', 'plaintext') as string;
    expect(Buffer.from(enc, 'base64').length).toBe(32);
    expect(call('decryptAES', 'secretkey', enc)).toBe('plaintext');
  });
  it('buildCustomCert decodes base64 PEM', () => {
    const c = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    const k = '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n';
    const cert = call('buildCustomCert', Buffer.from(c).toString('base64'), Buffer.from(k).toString('base64')) as Certificate;
    expect(cert.Cert).toBe(c);
    expect(cert.Key).toBe(k);
    expect(plain(m({ a: cert.Cert }))).toEqual({ a: c });
  });
});
