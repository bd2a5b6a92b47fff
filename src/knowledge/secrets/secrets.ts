// Secret detection shared by every rule that looks at values: secret-like key names, known token
// formats, high-entropy values, placeholders and well-known defaults, and the one masking helper.
// Rule of the house: a secret value never reaches a message unmasked — use maskSecret().

import { identifierWords, memoByString } from '../data/values.js';

/** Words that make a key name secret-like (matched against the key's words). */
const SECRET_WORDS = new Set([
  'PASSWORD',
  'PASSWD',
  'PASSWORDS',
  'PASS',
  'PWD',
  'PW',
  'PASSCODE',
  'SECRET',
  'SECRETS',
  'TOKEN',
  'TOKENS',
  'APIKEY',
  'CREDENTIAL',
  'CREDENTIALS',
  'CREDS',
  'PASSPHRASE',
  'PRIVATEKEY',
]);

/** Word pairs that make a key secret-like: API_KEY, PRIVATE_KEY, ACCESS_KEY, SIGNING_KEY … */
const KEY_QUALIFIERS = new Set([
  'API',
  'PRIVATE',
  'ACCESS',
  'SECRET',
  'SIGNING',
  'ENCRYPTION',
  'MASTER',
  'AUTH',
  'SESSION',
  'APP',
  'LICENSE',
  'ENCRYPT',
  'HMAC',
  'JWT',
  'CLIENT',
  'SERVICE',
  'ADMIN',
  'STRIPE',
  'WEBHOOK',
]);

/** A last word that makes the key describe a secret rather than hold one (PASSWORD_MIN_LENGTH, TOKEN_URL, SECRET_FILE). */
const NON_SECRET_LAST_WORDS = new Set([
  'FILE',
  'FILES',
  'PATH',
  'DIR',
  'URL',
  'URI',
  'ENDPOINT',
  'HOST',
  'PORT',
  'NAME',
  'ID',
  'LENGTH',
  'LEN',
  'MIN',
  'MAX',
  'EXPIRY',
  'EXPIRE',
  'EXPIRES',
  'EXPIRATION',
  'TTL',
  'TIMEOUT',
  'LIFETIME',
  'ALGORITHM',
  'ALGORITHMS',
  'ALG',
  'TYPE',
  'HEADER',
  'ENABLED',
  'ENABLE',
  'DISABLED',
  'REQUIRED',
  'POLICY',
  'ROTATION',
  'ISSUER',
  'AUDIENCE',
  'PREFIX',
  'SUFFIX',
  'FIELD',
  'PARAM',
  'MINUTES',
  'HOURS',
  'SECONDS',
  'DAYS',
  'SECS',
  'MS',
  'COUNT',
  'SIZE',
  'LIMIT',
  'PATTERN',
  'REGEX',
  'KEYS_URL',
  'REF',
  'VERSION',
  'MODE',
  'PROVIDER',
  'STORE',
  'BACKEND',
  'MOUNT',
  'LOCATION',
  'CMD', // Airflow `…_SECRET_CMD`: a command that prints the secret
  'COMMAND',
]);

/** Keys that read as secrets but name a setting: etcd's `--auth-token` is the token provider spec. */
const NON_SECRET_KEYS = new Set(['ETCD_AUTH_TOKEN']);

/**
 * Is the key name secret-like? `DB_PASSWORD`, `jwtSecret`, `STRIPE_API_KEY`, `GITHUB_TOKEN`,
 * `AWS_SECRET_ACCESS_KEY` are; `PASSWORD_FILE`, `PASSWORD_MIN_LENGTH`, `TOKEN_URL`,
 * `SECRET_NAME`, `KEYCLOAK_CLIENT_ID`, `PUBLIC_KEY` are not. DSNs and connection URLs are judged
 * by their value instead (urlPassword): `SENTRY_DSN` holds a public key, `DATABASE_DSN` with
 * `user:password@` holds a secret.
 */
export function isSecretKeyName(key: string): boolean {
  // Asked for every key of every document (redaction, several rules): key names repeat.
  return secretKeyName(key);
}

const secretKeyName = memoByString(judgeSecretKeyName);

function judgeSecretKeyName(key: string): boolean {
  const words = identifierWords(key);
  if (words.length === 0) return false;
  const last = words[words.length - 1]!;
  if (NON_SECRET_LAST_WORDS.has(last)) return false;
  if (NON_SECRET_KEYS.has(words.join('_'))) return false;
  if (words.includes('PUBLIC') || words.includes('PUBLISHABLE')) return false;
  if (words.length === 1 && (words[0] === 'PWD' || words[0] === 'OLDPWD')) return false; // the shell's working directory
  let secretAt = -1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (
      SECRET_WORDS.has(w) ||
      ((w === 'KEY' || w === 'KEYS') && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!)) ||
      /^(API|ACCESS|PRIVATE|SECRET|SIGNING|ENCRYPTION|MASTER|AUTH)KEY$/.test(w)
    ) {
      secretAt = i;
    }
  }
  if (secretAt < 0) return false;
  // A qualifier after the secret word describes it (JWT_SECRET_EXPIRES_IN, TOKEN_TTL_SECONDS).
  return !words.slice(secretAt + 1).some((w) => NON_SECRET_LAST_WORDS.has(w));
}

interface TokenFormat {
  id: string;
  name: string;
  pattern: RegExp;
}

/**
 * Known credential formats (provider-issued tokens and key material). Every repetition is bounded
 * (real tokens are short): an unbounded `[…]{20,}` before a literal backtracks over the rest of the
 * value at every start, quadratic on a value like `sk-` × 30000.
 */
const TOKEN_FORMATS: readonly TokenFormat[] = [
  { id: 'private-key', name: 'private key', pattern: /-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----/ },
  { id: 'aws-access-key', name: 'AWS access key', pattern: /\b(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
  { id: 'github-token', name: 'GitHub token', pattern: /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}\b/ },
  { id: 'github-pat', name: 'GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{50,255}\b/ },
  { id: 'gitlab-token', name: 'GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,255}/ },
  { id: 'slack-token', name: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,255}/ },
  { id: 'slack-webhook', name: 'Slack webhook URL', pattern: /hooks\.slack\.com\/services\/T[A-Za-z0-9]{1,32}\/B[A-Za-z0-9]{1,32}\/[A-Za-z0-9]{1,64}/ },
  { id: 'stripe-key', name: 'Stripe live key', pattern: /\b(sk|rk)_live_[A-Za-z0-9]{16,255}/ },
  { id: 'google-api-key', name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}/ },
  { id: 'openai-key', name: 'OpenAI API key', pattern: /\bsk-(proj-)?[A-Za-z0-9_-]{20,160}T3BlbkFJ[A-Za-z0-9_-]{20,160}|\bsk-proj-[A-Za-z0-9_-]{40,255}/ },
  { id: 'anthropic-key', name: 'Anthropic API key', pattern: /\bsk-ant-[A-Za-z0-9_-]{30,255}/ },
  { id: 'sendgrid-key', name: 'SendGrid API key', pattern: /\bSG\.[A-Za-z0-9_-]{16,128}\.[A-Za-z0-9_-]{16,128}/ },
  { id: 'npm-token', name: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { id: 'jwt', name: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{16,1024}/ },
];

/**
 * A literal every token format above contains (each pattern requires one of these): a text
 * without any holds no token, and is tested once instead of once per format (every value of every
 * settings file is judged). Keep it in step with TOKEN_FORMATS.
 */
const TOKEN_HINT = /-----BEGIN|AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|hooks\.slack\.com\/services\/|_live_|AIza|sk-|SG\.|npm_|eyJ/;

/** The first known token format in a text, if any. */
function tokenFormatIn(text: string): TokenFormat | undefined {
  return TOKEN_HINT.test(text) ? TOKEN_FORMATS.find((f) => f.pattern.test(text)) : undefined;
}

/** The first known token format the value contains, if any (placeholders excluded). */
export function detectTokenFormat(value: string): TokenFormat | undefined {
  if (isPlaceholder(value)) return undefined;
  return tokenFormatIn(value);
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (!value) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...value].length;
  let h = 0;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Does the value look randomly generated? Token-like (no spaces, not a URL or path), at least 20
 * characters, letters and digits mixed, and entropy ≥ 3.5 bits/char (hex: ≥ 3.0 and ≥ 32 chars).
 */
export function isHighEntropy(value: string): boolean {
  const v = value.trim();
  if (v.length < 20 || /\s/.test(v)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) || v.startsWith('/') || v.startsWith('./')) return false;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) return false; // UUIDs are ids
  if (isPlaceholder(v)) return false;
  if (!/[0-9]/.test(v) || !/[A-Za-z]/.test(v)) return false;
  // Words joined by separators (`test-only-password-1`, `my_app_secret_2024`) are memorable, not random.
  const segments = v.split(/[-_.]+/).filter(Boolean);
  if (segments.length >= 2 && segments.every((seg) => /^[a-z]+$/i.test(seg) || /^\d+$/.test(seg))) return false;
  if (/^[0-9a-f]+$/i.test(v)) return v.length >= 32 && shannonEntropy(v) >= 3.0;
  return shannonEntropy(v) >= 3.5;
}

/** Words that make a whole value a placeholder. */
const PLACEHOLDER_WORDS =
  /^(changeme|change[-_. ]?me|change[-_. ]?it|change[-_. ]?this|replace[-_. ]?me|replaceme|replace[-_. ]?this|fill[-_. ]?me(in)?|set[-_. ]?me|todo|tbd|tbc|fixme|placeholder|dummy|fake|sample|example|redacted|none|null|nil|undefined|n\/a|na|xxx+|\*+|\.{3,}|-+|_+|secret[-_]?here|password[-_]?here|token[-_]?here|key[-_]?here)$/i;

/**
 * Is the value a placeholder rather than a real value? Empty, `changeme`, `<your-token>`,
 * `your-api-key`, `xxx`, `***`, `${VAR}`, `{{ .Values.x }}`, `%VAR%`, `example…`, `replace-me`,
 * `…_here`, `__SECRET__`.
 */
export function isPlaceholder(value: string): boolean {
  // Asked of every setting value by several rules (a dozen patterns each): short values repeat.
  return value.length > PLACEHOLDER_CACHED_LENGTH ? judgePlaceholder(value) : placeholder(value);
}

const placeholder = memoByString(judgePlaceholder);
/** Longer values are judged each time: the cache outlives the run and must stay small. */
const PLACEHOLDER_CACHED_LENGTH = 256;

function judgePlaceholder(value: string): boolean {
  const v = value.trim().replace(/^['"]|['"]$/g, '');
  if (v === '') return true;
  if (PLACEHOLDER_WORDS.test(v)) return true;
  if (/^<[^<>]*>$/.test(v) || /^\[[^\][]*\]$/.test(v)) return true; // <your-token>, [token]
  if (isReference(v)) return true;
  if (/^%[A-Za-z_][A-Za-z0-9_]*%$/.test(v)) return true;
  if (/^\{[A-Za-z][A-Za-z0-9_. -]*\}$/.test(v)) return true; // {YOUR_PASSWORD} (a fly.toml template)
  if (/^__[A-Z0-9_]+__$/.test(v)) return true;
  if (/^(your|enter[-_. ]?(a|your)?|insert[-_. ]?(a|your)?|put[-_. ]?your|add[-_. ]?your)[-_. ]?(own[-_. ]?)?[a-z0-9]/i.test(v) && /^[a-z0-9_. -]+$/i.test(v)) return true;
  if (/[-_. ](here|goes[-_. ]here)$/i.test(v)) return true;
  if (/x{4,}|\*{3,}/i.test(v)) return true; // sk_live_xxxxxxxx, abc***
  if (/(example|placeholder|changeme|change[-_]me|replace[-_]?me|dummy|not[-_]?a[-_]?real|fake[-_]?(key|secret|token))/i.test(v)) return true;
  // Instructions instead of a value: `ReplaceThisWith32RandomBytes…`, `replace_with_your_key`.
  if (/replace[-_. ]?(this|with|your)/i.test(v)) return true;
  // A PEM envelope with nothing (or a placeholder) between its BEGIN and END lines.
  const body = pemBody(v);
  if (body !== undefined && (body === '' || isPlaceholder(body.replace(/\s+/g, ' ')))) return true;
  return false;
}

/**
 * The text between a PEM envelope's BEGIN and END lines, trimmed, or undefined when the value is no
 * such envelope. Found with indexOf, not one regular expression: `\s*([\s\S]*?)\s*` backtracked
 * cubically (a 6 KB value of blanks took over a minute).
 */
function pemBody(v: string): string | undefined {
  const begin = /^-----BEGIN [A-Z0-9 ]{1,64}-----/.exec(v);
  if (!begin || !v.endsWith('-----')) return undefined;
  const endAt = v.lastIndexOf('-----END ');
  if (endAt < begin[0].length || !/^-----END [A-Z0-9 ]{1,64}-----$/.test(v.slice(endAt))) return undefined;
  return v.slice(begin[0].length, endAt).trim();
}

/** A reference to a value held elsewhere: `${VAR}`, `$VAR`, `{{ … }}` templating. */
export function isReference(value: string): boolean {
  const v = value.trim();
  if (/^\$\{[^}]*\}$/.test(v) || /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v)) return true;
  if (/^\{\{.*\}\}$/s.test(v)) return true;
  return false;
}

/**
 * Well-known default credentials (`admin`, `password`, `postgres`, `root`, `secret`, …): weak,
 * but a different concern (no-default-credentials), so secret detection leaves them alone.
 */
const DEFAULT_CREDENTIALS = new Set([
  'admin',
  'administrator',
  'password',
  'passw0rd',
  'p@ssw0rd',
  'pass',
  'secret',
  'root',
  'toor',
  'postgres',
  'mysql',
  'mongo',
  'redis',
  'guest',
  'user',
  'test',
  'demo',
  'default',
  '123456',
  '12345678',
  'qwerty',
  'letmein',
  'keycloak',
  'minio',
  'minioadmin',
  'minio123',
  'rabbitmq',
  'elastic',
  'changeit',
  'your-secret-key',
  'supersecret',
  'super-secret',
  'mysecret',
  'mysecretpassword',
  'mypassword',
  'example',
]);

export function isWellKnownDefault(value: string): boolean {
  return DEFAULT_CREDENTIALS.has(value.trim().toLowerCase());
}

/** The password part of a URL with credentials (`postgres://app:s3cret@db/app` → `s3cret`). */
export function urlPassword(value: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:([^@/\s]+)@/i.exec(value.trim());
  return m ? decodeURIComponentSafe(m[1]!) : undefined;
}

/**
 * A URL password that looks generated rather than typed for local work (`app`, `postgres`, `dev123`):
 * at least 12 characters mixing letters and digits with some randomness, or high entropy. Used where
 * only strong evidence counts (development and test files), so a local stack's throwaway password is
 * not reported as a committed secret while a real one still is.
 */
export function isStrongUrlPassword(value: string): boolean {
  const pw = urlPassword(value);
  if (pw === undefined) return false;
  if (isHighEntropy(pw)) return true;
  return [...pw].length >= 12 && /[A-Za-z]/.test(pw) && /[0-9]/.test(pw) && shannonEntropy(pw) >= 3;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

type SecretKind = 'token' | 'private-key' | 'high-entropy' | 'url-password' | 'literal';

/**
 * Prefixes of variables that frameworks inline into the client bundle, so their values are public
 * by design: Next.js `NEXT_PUBLIC_`, Vite `VITE_`, Create React App `REACT_APP_`, Expo
 * `EXPO_PUBLIC_`, Nuxt `NUXT_PUBLIC_`, SvelteKit/Astro `PUBLIC_`, Gatsby `GATSBY_`. Case-sensitive,
 * as the frameworks read them.
 */
const BROWSER_PUBLIC_PREFIXES = ['NEXT_PUBLIC_', 'VITE_', 'REACT_APP_', 'EXPO_PUBLIC_', 'NUXT_PUBLIC_', 'PUBLIC_', 'GATSBY_'] as const;

/** The browser-public prefix of a variable name (`NEXT_PUBLIC_`), or undefined. */
export function browserPublicPrefix(key: string): string | undefined {
  return BROWSER_PUBLIC_PREFIXES.find((p) => key.startsWith(p) && key.length > p.length);
}

/**
 * Token formats issued to be embedded in web pages (Firebase/Maps `AIza…` browser keys, JWTs of an
 * anonymous role): under a browser-public name they are public by design. Every other format is a
 * server-only credential wherever it stands.
 */
const BROWSER_SAFE_FORMATS = new Set(['google-api-key', 'jwt']);

/** Longest JWT payload decoded (the jwt format bounds it too): a bounded, never-printed read. */
const JWT_PAYLOAD_MAX = 8192;

/**
 * The `role` claim of the first JWT in the value (Supabase keys: `anon` is public, `service_role`
 * bypasses row-level security), or undefined when there is none or it does not decode. The payload
 * is read here and never leaves this function.
 */
export function jwtRole(value: string): string | undefined {
  const m = /\beyJ[A-Za-z0-9_-]{8,4096}\.(eyJ[A-Za-z0-9_-]{8,8192})\./.exec(value);
  if (!m || m[1]!.length > JWT_PAYLOAD_MAX) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8'));
    const role = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>).role : undefined;
    return typeof role === 'string' ? role : undefined;
  } catch {
    return undefined;
  }
}

export interface SecretFinding {
  kind: SecretKind;
  /** Token format name for kind 'token' / 'private-key'. */
  format?: string;
  /** The value masked with maskSecret(). */
  masked: string;
  /** The browser-public prefix (`NEXT_PUBLIC_`) of a key whose server-only secret is shipped to browsers. */
  browserPrefix?: string;
}

/**
 * Judge a key/value pair. Returns a finding when the value is a real-looking secret:
 * - any key: a known token format, a private key, a URL with a real password;
 * - a secret-like key: any non-placeholder, non-reference, non-default value ('literal'), or
 *   'high-entropy' when it also looks random.
 * `requireStrong` (for templates and other places where literal values are expected) only
 * reports known formats, URL passwords and high-entropy values under secret-like keys.
 */
export function judgeSecret(key: string, value: string, options: { requireStrong?: boolean } = {}): SecretFinding | undefined {
  const v = value.trim();
  if (isPlaceholder(v)) return undefined;
  // Variables inlined into client bundles are public by design: only a server-only credential
  // there is a secret (and a worse one: it is shipped to every visitor).
  const browserPrefix = browserPublicPrefix(key);
  const shipped = browserPrefix ? { browserPrefix } : {};
  const format = tokenFormatIn(v);
  if (format) {
    if (format.id === 'jwt') {
      const role = jwtRole(v);
      if (role === 'service_role') return { kind: 'token', format: 'Supabase service_role key', masked: maskSecret(v), ...shipped };
      if (role === 'anon') return undefined; // a Supabase/PostgREST anonymous key is meant for browsers
    }
    if (browserPrefix && BROWSER_SAFE_FORMATS.has(format.id)) return undefined;
    return { kind: format.id === 'private-key' ? 'private-key' : 'token', format: format.name, masked: maskSecret(v), ...shipped };
  }
  const pw = urlPassword(v);
  if (pw !== undefined) {
    if (isPlaceholder(pw) || isWellKnownDefault(pw) || isReference(pw) || /^\$[{(]?[A-Za-z_]/.test(pw)) return undefined;
    return { kind: 'url-password', masked: maskSecret(v), ...shipped };
  }
  // A publishable key under a secret-sounding name (`VITE_MAPBOX_TOKEN`) is public by design.
  if (browserPrefix) return undefined;
  if (!isSecretKeyName(key)) return undefined;
  if (isWellKnownDefault(v)) return undefined;
  if (/^(true|false|yes|no|on|off|0|1)$/i.test(v)) return undefined;
  if (isHighEntropy(v)) return { kind: 'high-entropy', masked: maskSecret(v) };
  if (options.requireStrong) return undefined;
  return { kind: 'literal', masked: maskSecret(v) };
}

/**
 * Mask a secret for messages: the first 2 characters then `***`. Values shorter than 8
 * characters are masked entirely (`***`): two characters of a short secret are too much of it.
 */
export function maskSecret(value: string): string {
  const chars = [...value.trim()];
  if (chars.length < 8) return '***';
  return chars.slice(0, 2).join('') + '***';
}

/** A half-open range of UTF-16 offsets [start, end) in a text. */
export type TextSpan = readonly [start: number, end: number];

const GLOBAL_TOKEN_FORMATS = TOKEN_FORMATS.filter((f) => f.id !== 'private-key').map((f) => new RegExp(f.pattern.source, 'g'));
const PRIVATE_KEY_HEADER = /-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----/g;
/** How far a PEM body may reach before its END line (a 16384-bit RSA key is ~12 KB). */
const PEM_BODY_MAX = 16_384;
// `scheme://user:PASSWORD@`: the password only, the rest of the URL stays readable.
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]{0,31}:\/\/[^:/@\s"'`]{0,256}:([^@/\s"'`]{1,256})@/dgi;
// `key: value`, `KEY=value`, `"key": "value"`, `key = "value"`, `--db-password=value`, wherever
// they stand on a line (comments, flow mappings, JSON or TOML carried in a YAML string, argv
// entries). Every repetition is bounded, so a line of any length is scanned in linear time.
const ASSIGNMENT = /(?<![\w.$-])-{0,2}([A-Za-z_][\w.-]{0,127})["']?[ \t]*[:=][ \t]*(?:"([^"\n]{1,4096})|'([^'\n]{1,4096})|([^\s,;"'`{}[\]()<>|]{1,4096}))/dg;

const BARE_VALUE_END = /[\s,;"'`{}[\]()<>|]/;
// Redis/Valkey `--requirepass value` / `--masterauth value` (and `requirepass value` in a
// redis.conf carried in YAML): the value follows a blank, `=`, the next exec-form element
// (`"--requirepass", "value"`) or the next block-list item. Starts only at the flag's literal
// name and every repetition is bounded by a line, so the scan is linear.
const PASSWORD_FLAG =
  /(?<![\w-])(?:--)?(?:requirepass|masterauth)(?:[ \t]{1,64}|=|["'][ \t]{0,64},[ \t]{0,64}|["']?[ \t]{0,64}\r?\n[ \t]{0,256}-[ \t]{1,64})(?:"([^"\n]{1,4096})"|'([^'\n]{1,4096})'|([^\s"'`,\]]{1,4096}))/dg;

/** Values that are code or a reference, never a secret: `{{ .Values.x }}`, `${VAR}`, `$VAR`, Kubernetes' `$(VAR)`. */
export function isTemplateOrReference(value: string): boolean {
  return value.includes('{{') || value.includes('${') || /^\$(?:[A-Za-z_]\w*|\([A-Za-z_]\w*\))$/.test(value) || isPlaceholder(value);
}

/**
 * Where secrets sit in a text, by shape alone (no parser): known token formats, private key
 * bodies, URL passwords and values assigned to secret-like keys (commented out or not).
 * Linear in the text's length. Spans may overlap; maskSpans merges them.
 */
export function secretSpansInText(original: string): TextSpan[] {
  // Escapes as Go's %q and JSON write them (`user: app\npassword: …`) read as blanks of the same
  // length, so a key after `\n` is a key and offsets still point into the original.
  const text = original.includes('\\') ? original.replace(/\\[nrtv"'\\]/g, '  ') : original;
  const spans: [number, number][] = [];
  if (TOKEN_HINT.test(text)) {
    for (const re of GLOBAL_TOKEN_FORMATS) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) spans.push([m.index, m.index + m[0].length]);
    }
  }
  PRIVATE_KEY_HEADER.lastIndex = 0;
  for (let m = PRIVATE_KEY_HEADER.exec(text); m; m = PRIVATE_KEY_HEADER.exec(text)) {
    const bodyStart = m.index + m[0].length;
    const end = text.indexOf('-----END', bodyStart);
    const bodyEnd = end >= 0 && end - bodyStart <= PEM_BODY_MAX ? end : Math.min(text.length, bodyStart + PEM_BODY_MAX);
    if (bodyEnd > bodyStart) spans.push([bodyStart, bodyEnd]);
    PRIVATE_KEY_HEADER.lastIndex = Math.max(PRIVATE_KEY_HEADER.lastIndex, bodyEnd);
  }
  // Each scan below starts with a lookbehind or a word boundary, which keeps V8 from skipping ahead
  // to a literal: the literal every match holds is looked for first (most texts have none).
  URL_CREDENTIALS.lastIndex = 0;
  for (let m = text.includes('://') ? URL_CREDENTIALS.exec(text) : null; m; m = URL_CREDENTIALS.exec(text)) {
    const [start, end] = m.indices![1]!;
    if (!isTemplateOrReference(m[1]!) && !isWellKnownDefault(decodeURIComponentSafe(m[1]!))) spans.push([start, end]);
  }
  PASSWORD_FLAG.lastIndex = 0;
  const hasPasswordFlag = text.includes('requirepass') || text.includes('masterauth');
  for (let m = hasPasswordFlag ? PASSWORD_FLAG.exec(text) : null; m; m = PASSWORD_FLAG.exec(text)) {
    const group = m[1] !== undefined ? 1 : m[2] !== undefined ? 2 : 3;
    if (isTemplateOrReference(m[group]!)) continue;
    spans.push(m.indices![group]! as [number, number]);
  }
  ASSIGNMENT.lastIndex = 0;
  for (let m = ASSIGNMENT.exec(text); m; m = ASSIGNMENT.exec(text)) {
    const group = m[2] !== undefined ? 2 : m[3] !== undefined ? 3 : 4;
    const value = m[group]!;
    if (!isSecretKeyName(m[1]!) || isTemplateOrReference(value) || /^(true|false|null|~)$/i.test(value)) continue;
    const [start, matchedEnd] = m.indices![group]!;
    if (text.startsWith('${', start)) continue; // `${VAR}`: the bare value stops at its brace
    // a value longer than the bounded repetition (or an unterminated quote) is masked to its end all the same
    let end = matchedEnd;
    if (group === 4) while (end < text.length && !BARE_VALUE_END.test(text[end]!)) end++;
    else while (end < text.length && text[end] !== (group === 2 ? '"' : "'") && text[end] !== '\n') end++;
    ASSIGNMENT.lastIndex = Math.max(ASSIGNMENT.lastIndex, end);
    // `token: prefix{{ template "x" . }}`: the bare value stops at the brace, but the value is template code
    if (group === 4 && text.startsWith('{{', end)) continue;
    spans.push([start, end]);
  }
  return spans;
}

/** A span over a quoted scalar (`"value"`, as parsers locate it) masks what is inside the quotes. */
function unquoted(text: string, start: number, end: number): readonly [number, number] {
  const q = text[start];
  return end - start >= 3 && (q === '"' || q === "'") && text[end - 1] === q ? [start + 1, end - 1] : [start, end];
}

/**
 * Replaces each span (merged where they touch) by maskSecret() of its text. `map` converts an
 * offset of the input into the offset of the same place in the output (a masked span maps to its
 * mask's start, or its end for offsets past it).
 */
export function maskSpans(text: string, spans: readonly TextSpan[]): { text: string; map: (offset: number) => number } {
  if (spans.length === 0) return { text, map: (o) => o };
  const sorted = spans
    .map(([s, e]) => unquoted(text, Math.max(0, s), Math.min(text.length, e)))
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  let out = '';
  let at = 0;
  // [input offset, output offset, mask length] of each masked span
  const shifts: [number, number, number, number][] = [];
  for (const [s, e] of merged) {
    out += text.slice(at, s);
    const mask = maskSecret(text.slice(s, e)) || '***';
    shifts.push([s, e, out.length, mask.length]);
    out += mask;
    at = e;
  }
  out += text.slice(at);
  const map = (offset: number): number => {
    let delta = 0;
    for (const [s, e, outStart, maskLength] of shifts) {
      if (offset < s) break;
      if (offset < e) return outStart + Math.min(offset - s, maskLength);
      delta = outStart + maskLength - e;
    }
    return offset + delta;
  };
  return { text: out, map };
}
