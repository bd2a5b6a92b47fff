// Credentials beyond "is this a secret": well-known defaults and unfilled placeholders used as
// real values, images that fall back to a default admin login when a variable is missing, and
// switches that turn authentication off. Secret values never leave this module unmasked.

import { identifierWords } from '../data/values.js';
import { isPlaceholder, isReference, isSecretKeyName, isWellKnownDefault, urlPassword } from './secrets.js';
import { interpolations } from '../compose/compose.js';
import { parseImageRef } from '../containers/images.js';
import { resolveInterpolationDefaults } from '../compose/interpolation.js';

/** Defaults shipped by popular charts, images and tutorials, beyond secrets.ts's list. */
const EXTRA_DEFAULTS = new Set([
  'prom-operator',
  'admin123',
  'admin1234',
  'password1',
  'password123',
  'secret123',
  'root123',
  'postgres123',
  'pass123',
  'changeme123',
  'your_secret_key',
  'your-jwt-secret',
  'your_jwt_secret',
  'jwt-secret',
  'jwt_secret',
  'jwtsecret',
  'secretkey',
  'secret-key',
  'secret_key',
  'mysecretkey',
  'supersecretkey',
  'super_secret',
  'topsecret',
  'grafana',
  'bitnami',
  'neo4j',
  'cassandra',
  'couchdb',
  'sa',
  'dev',
  'development',
  'insecure',
]);

const NOT_A_CREDENTIAL = /^(none|null|nil|undefined|n\/a|na|-+|_+|\.{3,}|\*+|true|false|yes|no|on|off|0|1)$/i;

/**
 * Is the value a default or an unfilled placeholder that must not be a real credential
 * (`admin`, `password`, `postgres`, `changeme`, `your-secret-key`, `<password>`)? References
 * (`${VAR}`, `{{ … }}`) and empty values are not.
 */
export function isDefaultCredential(value: string, options: { placeholders?: boolean } = {}): boolean {
  const v = value.trim().replace(/^['"]|['"]$/g, '');
  if (v === '' || isReference(v) || NOT_A_CREDENTIAL.test(v)) return false;
  if (/\$\{|\{\{/.test(v)) return false;
  if (isWellKnownDefault(v) || EXTRA_DEFAULTS.has(v.toLowerCase())) return true;
  // A default with a counter or a bang appended (`redis123`, `admin1`, `Password1!`) is still the default.
  const base = /^([A-Za-z]{4,32})[0-9!]{1,4}$/.exec(v)?.[1];
  if (base && (isWellKnownDefault(base) || EXTRA_DEFAULTS.has(base.toLowerCase()))) return true;
  return options.placeholders !== false && isPlaceholder(v);
}

/**
 * Keys that name a credential *reference* rather than hold one: `existingSecret`,
 * `passwordSecretKey`, `userPasswordKey`, `adminPasswordSecretRef`, `tokenSecretName`.
 */
export function isCredentialReferenceKey(key: string): boolean {
  const w = identifierWords(key);
  if (w.includes('EXISTING')) return true;
  const last = w[w.length - 1];
  const prev = w[w.length - 2];
  if ((last === 'KEY' || last === 'KEYS') && prev && ['PASSWORD', 'TOKEN', 'PASSWORDS', 'CREDENTIALS', 'CREDENTIAL'].includes(prev)) return true;
  if (w.includes('SECRET') && ['REF', 'NAME', 'NAMES', 'KEYREF'].includes(last ?? '')) return true;
  if (
    [
      'SELECTOR',
      'REF',
      'FROM',
      'TEMPLATE',
      'TEMPLATES',
      'FIELD',
      'FIELDS',
      'IPS',
      'IP',
      'CONFIG',
      'ISSUER',
      'CLASS',
      'TYPE',
      'KEYSTORE',
      'TRUSTSTORE',
      'FORMAT',
      'ENCODING',
    ].includes(last ?? '')
  )
    return true;
  if (w.some((x) => ['NUM', 'NUMBER', 'COUNT', 'MAX', 'MIN'].includes(x))) return true;
  if (w.includes('INITIAL') && w.includes('CLUSTER')) return true; // etcd initialClusterToken: an identifier
  return false;
}

/** Keys of identifiers that travel with credentials but are not secret (user names, hosts, account names). */
export function isIdentifierKey(key: string): boolean {
  const w = identifierWords(key);
  if (w.some((x) => ['PASSWORD', 'PASSWD', 'PASS', 'PWD', 'SECRET', 'TOKEN', 'KEY', 'PASSPHRASE', 'CREDENTIAL', 'CREDENTIALS'].includes(x))) return false;
  return /(user(name)?|name|address|host(name)?|url|uri|port|endpoint|domain|email|region|id|namespace|database|db|in)$/i.test(key.replace(/[^A-Za-z]/g, ''));
}

/** A credential-holding key: secret-like and not a reference to where the secret lives. */
export function isCredentialKey(key: string): boolean {
  return isSecretKeyName(key) && !isCredentialReferenceKey(key);
}

interface DefaultCredentialHit {
  /** 'value' — the value itself; 'fallback' — a compose `${VAR:-default}` fallback; 'url' — the password of a URL. */
  where: 'value' | 'fallback' | 'url';
}

/** Judge a key/value pair for default credentials (value, interpolation fallback, URL password). */
export function defaultCredentialIn(key: string, value: string | undefined, options: { placeholders?: boolean } = {}): DefaultCredentialHit | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  // `redis://:${REDIS_PASSWORD:-redis123}@cache`: the URL connects with the default when the variable is unset.
  const pw = urlPassword(v) ?? urlPassword(resolveInterpolationDefaults(v).text);
  if (pw !== undefined) {
    if (isDefaultCredential(pw, options)) return { where: 'url' };
    const unset = urlPassword(resolveInterpolationDefaults(v).text);
    return unset !== undefined && isDefaultCredential(unset, options) ? { where: 'url' } : undefined;
  }
  if (isCredentialKey(key)) {
    const words = identifierWords(key);
    const bare = v.replace(/^['"]|['"]$/g, '').toLowerCase();
    // token: "token" — a placeholder spelled as its own key
    if (options.placeholders !== false && bare !== '' && (bare === words[words.length - 1]?.toLowerCase() || bare === key.toLowerCase())) return { where: 'value' };
    for (const i of interpolations(v)) {
      if (i.fallback !== undefined && isDefaultCredential(i.fallback, options)) return { where: 'fallback' };
    }
    if (isDefaultCredential(v, options)) return { where: 'value' };
  }
  return undefined;
}

/** Command-line flags whose value is a server's password: Redis/Valkey/KeyDB `--requirepass` and `--masterauth`. */
const PASSWORD_FLAGS = new Set(['--requirepass', '--masterauth']);

interface CommandCredentialHit {
  /** Index of the command element holding the problem (0 for a command written as one string). */
  element: number;
  /** 'empty' — the flag sets no password; 'value' / 'fallback' / 'url' as for DefaultCredentialHit. */
  where: 'empty' | 'value' | 'fallback' | 'url';
  /** The flag (`--requirepass`) or, for URLs and defaulted variables, the variable or URL scheme. */
  flag: string;
  /** The offending value, for masking only (never printed as is). */
  value: string;
}

/** Shell-like words of one command string: blanks split, quotes group (their content kept, `""` kept as an empty word). Linear. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * Credentials a command line gives away: `redis-server --requirepass ""` (no password),
 * `--requirepass redis123` (a default), `--requirepass ${REDIS_PASSWORD:-redis123}` (a default when
 * the variable is unset), URLs with a default password (also through `${VAR:-default}`), and any
 * `${PASSWORD_LIKE:-default}` whose default is a well-known credential. `elements` is the command
 * as written: one string, or the exec-form list (each element may itself be a `sh -c` script).
 */
export function commandCredentials(elements: readonly (string | undefined)[]): CommandCredentialHit[] {
  const hits: CommandCredentialHit[] = [];
  // Words with the element they come from; an exec-form element is one word, a string is split.
  const words: { text: string; element: number }[] = [];
  elements.forEach((e, element) => {
    if (e === undefined) return;
    const split = elements.length === 1 || /\s/.test(e) ? shellWords(e) : [e];
    for (const text of split) words.push({ text, element });
  });
  let valueOfFlag = -1;
  words.forEach((w, i) => {
    if (i === valueOfFlag) return; // judged with its flag
    const eq = w.text.indexOf('=');
    const flag = eq > 0 ? w.text.slice(0, eq) : w.text;
    if (PASSWORD_FLAGS.has(flag)) {
      if (eq < 0) valueOfFlag = i + 1;
      const valueWord = eq > 0 ? { text: w.text.slice(eq + 1), element: w.element } : words[i + 1];
      const value = valueWord?.text ?? '';
      const at = valueWord?.element ?? w.element;
      if (value === '' || (valueWord === undefined && eq < 0)) {
        hits.push({ element: at, where: 'empty', flag, value: '' });
        return;
      }
      if (value.startsWith('--') && eq < 0) return; // another flag follows: not a value we can read
      const unset = resolveInterpolationDefaults(value);
      if (unset.defaulted && !unset.unresolved) {
        if (unset.text === '') hits.push({ element: at, where: 'empty', flag, value: '' });
        else if (isDefaultCredential(unset.text)) hits.push({ element: at, where: 'fallback', flag, value: unset.text });
      } else if (!unset.defaulted && isDefaultCredential(value)) hits.push({ element: at, where: 'value', flag, value });
      return;
    }
    // A URL alone or as a flag's value (`--dsn=postgres://…`).
    const unset = resolveInterpolationDefaults(/^--?[A-Za-z][\w-]{0,64}=[a-z]/i.test(w.text) ? w.text.slice(eq + 1) : w.text);
    const pw = urlPassword(unset.text);
    if (pw !== undefined) {
      if (isDefaultCredential(pw)) hits.push({ element: w.element, where: 'url', flag: /^[a-z][a-z0-9+.-]*/i.exec(unset.text)![0], value: pw });
      return;
    }
    // `${DB_PASSWORD:-postgres}` anywhere in an argument: the default credential runs when unset.
    for (const ref of interpolations(w.text)) {
      if (ref.fallback !== undefined && isCredentialKey(ref.variable) && isDefaultCredential(ref.fallback)) {
        hits.push({ element: w.element, where: 'fallback', flag: ref.variable, value: ref.fallback });
        break;
      }
    }
  });
  return hits;
}

/** Settings that turn authentication off for a datastore (`POSTGRES_HOST_AUTH_METHOD=trust`). */
const NO_AUTH_SWITCHES: { key: RegExp; value: RegExp; what: string }[] = [
  { key: /^POSTGRES_HOST_AUTH_METHOD$/, value: /^trust$/i, what: 'PostgreSQL accepts connections without a password' },
  { key: /^(MYSQL|MARIADB)_ALLOW_EMPTY(_ROOT)?_PASSWORD$/, value: /^(yes|true|1)$/i, what: 'the database root user has an empty password' },
  { key: /^ALLOW_EMPTY_PASSWORD$/, value: /^(yes|true|1)$/i, what: 'the datastore accepts an empty password' },
  { key: /^NEO4J_AUTH$/, value: /^none$/i, what: 'Neo4j authentication is disabled' },
  { key: /^xpack\.security\.enabled$/, value: /^false$/i, what: 'Elasticsearch security (authentication) is disabled' },
  { key: /^DISABLE_SECURITY_PLUGIN$/, value: /^true$/i, what: 'OpenSearch security (authentication) is disabled' },
  { key: /^GF_AUTH_ANONYMOUS_ENABLED$/, value: /^true$/i, what: 'Grafana lets anonymous users in' },
];

export function noAuthSwitch(key: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const hit = NO_AUTH_SWITCHES.find((s) => s.key.test(key) && s.value.test(value.trim()));
  return hit?.what;
}

interface ImageDefaultLogin {
  product: string;
  /** Any of these variables set (with a value or a reference) replaces the default login. */
  variables: string[];
  /** The default login, for messages (well known, not a secret). */
  login: string;
}

/** Images that start with a default admin login when no password variable is given. */
const IMAGE_DEFAULT_LOGINS: { images: string[]; login: ImageDefaultLogin }[] = [
  {
    images: ['grafana', 'grafana-enterprise', 'grafana-oss'],
    login: { product: 'Grafana', variables: ['GF_SECURITY_ADMIN_PASSWORD', 'GF_SECURITY_ADMIN_PASSWORD__FILE'], login: 'admin/admin' },
  },
  {
    images: ['minio'],
    login: { product: 'MinIO', variables: ['MINIO_ROOT_PASSWORD', 'MINIO_ROOT_PASSWORD_FILE', 'MINIO_SECRET_KEY', 'MINIO_SECRET_KEY_FILE'], login: 'minioadmin/minioadmin' },
  },
  {
    images: ['rabbitmq'],
    login: { product: 'RabbitMQ', variables: ['RABBITMQ_DEFAULT_PASS', 'RABBITMQ_DEFAULT_PASS_FILE', 'RABBITMQ_DEFAULT_USER'], login: 'guest/guest' },
  },
];

export function imageDefaultLogin(image: string | undefined): ImageDefaultLogin | undefined {
  if (!image) return undefined;
  const ref = parseImageRef(image);
  if (!ref) return undefined;
  const short = ref.shortName.toLowerCase();
  return IMAGE_DEFAULT_LOGINS.find((d) => d.images.includes(short))?.login;
}
