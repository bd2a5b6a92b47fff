// Credentials beyond "is this a secret": well-known defaults and unfilled placeholders used as
// real values, images that fall back to a default admin login when a variable is missing, and
// switches that turn authentication off. Secret values never leave this module unmasked.

import { identifierWords, scalarText } from './values.js';
import { isPlaceholder, isReference, isSecretKeyName, isWellKnownDefault, urlPassword } from './secrets.js';
import { interpolations } from './compose.js';
import { parseImageRef } from './images.js';

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
  if (['SELECTOR', 'REF', 'FROM', 'TEMPLATE', 'TEMPLATES', 'FIELD', 'FIELDS', 'IPS', 'IP', 'CONFIG', 'ISSUER', 'CLASS', 'TYPE', 'KEYSTORE', 'TRUSTSTORE', 'FORMAT', 'ENCODING'].includes(last ?? '')) return true;
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

export interface DefaultCredentialHit {
  /** 'value' — the value itself; 'fallback' — a compose `${VAR:-default}` fallback; 'url' — the password of a URL. */
  where: 'value' | 'fallback' | 'url';
}

/** Judge a key/value pair for default credentials (value, interpolation fallback, URL password). */
export function defaultCredentialIn(
  key: string,
  value: string | undefined,
  options: { placeholders?: boolean } = {},
): DefaultCredentialHit | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  const pw = urlPassword(v);
  if (pw !== undefined) return isDefaultCredential(pw, options) ? { where: 'url' } : undefined;
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

export interface ImageDefaultLogin {
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

export { scalarText };
