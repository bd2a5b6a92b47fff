// Sprig random and crypto functions as DETERMINISTIC PLACEHOLDERS (plus real AES-CBC).
//
// Helm's versions are non-hermetic (crypto/rand, RSA keys, X.509 certificates, bcrypt salts, uuids): two
// `helm template` runs already differ. For reproducible lint output every function here derives its bytes
// from a SHA-256 stream seeded by the function name and its arguments, so the same call always yields the
// same value, with the right length, charset and shape:
//   randAlphaNum/randAlpha/randNumeric/randAscii/randBytes/randInt/shuffle/uuidv4 — right charset/length;
//   genPrivateKey/genCA/genSelfSignedCert/genSignedCert(+WithKey) — PEM blocks with proper BEGIN/END lines
//     and a base64 body of realistic size; NOT valid DER, NOT usable keys or certificates (PLACEHOLDER);
//   bcrypt/htpasswd — "$2a$10$" + 53 bcrypt-alphabet chars (PLACEHOLDER hash, not verifiable);
//   derivePassword — the real (deterministic) Master Password algorithm, as Sprig implements it;
//   encryptAES/decryptAES — real AES-256-CBC as Sprig does it, with a deterministic IV.
// Semantics of names, argument types and error texts ported from Masterminds/sprig v3.3.0 crypto.go (MIT).

import { createCipheriv, createDecipheriv, createHash, createHmac, scryptSync } from 'node:crypto';
import { GoInt, GoStruct, isInt, isMap, typedSlice, type GoValue } from '../../value.js';
import type { FuncMap } from '../../template/index.js';
import { fmtV, intArg, isList, strval, typeName } from './goval.js';
import { fn } from './sig.js';

/** A deterministic byte stream: SHA-256(seed ‖ counter) blocks. */
export class DetRandom {
  private buf: Buffer = Buffer.alloc(0);
  private counter = 0;
  constructor(private readonly seed: string) {}
  bytes(n: number): Buffer {
    while (this.buf.length < n) {
      const h = createHash('sha256').update(this.seed).update(String(this.counter++)).digest();
      this.buf = Buffer.concat([this.buf, h]);
    }
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return Buffer.from(out);
  }
  /** Uniform integer in [0, n). */
  intn(n: number): number {
    if (n <= 0) throw new Error('invalid argument to Intn');
    const limit = Math.floor(0x100000000 / n) * n;
    for (;;) {
      const v = this.bytes(4).readUInt32BE(0);
      if (v < limit) return v % n;
    }
  }
}

const rng = (name: string, ...args: GoValue[]) => new DetRandom(`readiness-lint/sprig/${name}\u0000${args.map((a) => `${typeName(a)}:${fmtV(a)}`).join('\u0000')}`);

const ALPHA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

function randFrom(name: string, count: number, chars: string): string {
  if (count <= 0) return '';
  const r = rng(name, new GoInt(BigInt(count), 'int'));
  let out = '';
  for (let i = 0; i < count; i++) out += chars[r.intn(chars.length)];
  return out;
}

function pem(type: string, der: Buffer): string {
  const b64 = der.toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`;
}

/** Placeholder DER-looking bytes: a SEQUENCE header and deterministic content of the given size. */
function fakeDer(r: DetRandom, size: number): Buffer {
  const body = r.bytes(size - 4);
  return Buffer.concat([Buffer.from([0x30, 0x82, (size - 4) >> 8, (size - 4) & 0xff]), body]);
}

const KEY_TYPES: Record<string, { type: string; size: number }> = {
  rsa: { type: 'RSA PRIVATE KEY', size: 2349 }, // Sprig generates RSA-4096 (PKCS#1 DER size)
  dsa: { type: 'DSA PRIVATE KEY', size: 445 },
  ecdsa: { type: 'EC PRIVATE KEY', size: 121 },
  ed25519: { type: 'PRIVATE KEY', size: 48 },
};

/** PLACEHOLDER genPrivateKey: PEM of the right type, not a usable key. */
export function genPrivateKey(typ: string, seedExtra = ''): string {
  const k = KEY_TYPES[typ === '' ? 'rsa' : typ];
  if (!k) return `Unknown type ${typ}`;
  const r = rng('genPrivateKey', typ, seedExtra);
  return pem(k.type, fakeDer(r, k.size));
}

/** Sprig's certificate struct: `.Cert` and `.Key` (PEM strings). */
export class Certificate extends GoStruct {
  readonly goTypeName = 'sprig.certificate';
  constructor(
    readonly Cert: string,
    readonly Key: string,
  ) {
    super();
  }
}

function placeholderCert(kind: string, ...args: GoValue[]): Certificate {
  const r = rng(kind, ...args);
  const cert = pem('CERTIFICATE', fakeDer(r, 1000));
  const key = pem('RSA PRIVATE KEY', fakeDer(r, 1191));
  return new Certificate(cert, key);
}

function requireCert(v: GoValue): Certificate {
  let c: Certificate;
  if (v instanceof Certificate) c = v;
  else if (isMap(v) && typeof v.Cert === 'string' && typeof v.Key === 'string') c = new Certificate(v.Cert, v.Key);
  else throw new Error(`wrong type for value; expected sprig.certificate; got ${typeName(v)}`);
  if (!/-----BEGIN [^-]+-----\r?\n[\s\S]*?-----END [^-]+-----/.test(c.Cert)) throw new Error('unable to decode certificate');
  if (!/-----BEGIN [^-]*PRIVATE KEY-----/.test(c.Key)) throw new Error('error parsing private key: no PEM data in input');
  return c;
}

function requireIPs(v: GoValue): GoValue[] {
  if (v === null || v === undefined) return [];
  if (!isList(v)) throw new Error(`wrong type for value; expected []interface {}; got ${typeName(v)}`);
  for (const ip of v) {
    if (typeof ip !== 'string') throw new Error(`error parsing ip: ${fmtV(ip)} is not a string`);
    if (!/^(\d{1,3}\.){3}\d{1,3}$/.test(ip) && !ip.includes(':')) throw new Error(`error parsing ip: ${ip}`);
  }
  return v;
}

function requireNames(v: GoValue): void {
  if (v === null || v === undefined) return;
  if (!isList(v)) throw new Error(`wrong type for value; expected []interface {}; got ${typeName(v)}`);
  for (const n of v) if (typeof n !== 'string') throw new Error(`error processing alternate dns name: ${fmtV(n)} is not a string`);
}

function requireKey(key: string): void {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) throw new Error('parsing private key: no PEM data in input');
}

const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** PLACEHOLDER bcrypt hash of the right shape ($2a$10$ + 22-char salt + 31-char hash). */
export function bcryptPlaceholder(input: string): string {
  const r = rng('bcrypt', input);
  let s = '$2a$10$';
  for (let i = 0; i < 53; i++) s += BCRYPT_ALPHABET[r.intn(64)];
  return s;
}

function aesKey(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(password, 'utf8').copy(key, 0, 0, 32);
  return key;
}

function encryptAES(password: string, plaintext: string): string {
  if (plaintext === '') return '';
  const key = aesKey(password);
  const iv = rng('encryptAES', password, plaintext).bytes(16);
  const c = createCipheriv('aes-256-cbc', key, iv); // PKCS#7 padding, as Sprig pads
  const ct = Buffer.concat([c.update(Buffer.from(plaintext, 'utf8')), c.final()]);
  return Buffer.concat([iv, ct]).toString('base64');
}

function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  const data = Buffer.from(crypt64, 'base64');
  if (data.length < 16) throw new Error('ciphertext too short');
  const iv = data.subarray(0, 16);
  const ct = data.subarray(16);
  if (ct.length % 16 !== 0) throw new Error('crypto/cipher: input not full blocks');
  const d = createDecipheriv('aes-256-cbc', aesKey(password), iv);
  d.setAutoPadding(false);
  const pt = Buffer.concat([d.update(ct), d.final()]);
  const pad = pt.length > 0 ? pt[pt.length - 1]! : 0;
  return pt.subarray(0, Math.max(0, pt.length - pad)).toString('utf8');
}

const PASSWORD_TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: [
    'CvcvnoCvcvCvcv',
    'CvcvCvcvnoCvcv',
    'CvcvCvcvCvcvno',
    'CvccnoCvcvCvcv',
    'CvccCvcvnoCvcv',
    'CvccCvcvCvcvno',
    'CvcvnoCvccCvcv',
    'CvcvCvccnoCvcv',
    'CvcvCvccCvcvno',
    'CvcvnoCvcvCvcc',
    'CvcvCvcvnoCvcc',
    'CvcvCvcvCvccno',
    'CvccnoCvccCvcv',
    'CvccCvccnoCvcv',
    'CvccCvccCvcvno',
    'CvcvnoCvccCvcc',
    'CvcvCvccnoCvcc',
    'CvcvCvccCvccno',
    'CvccnoCvcvCvcc',
    'CvccCvcvnoCvcc',
    'CvccCvcvCvccno',
  ],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};
const TEMPLATE_CHARACTERS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};
const MASTER_PASSWORD_SEED = 'com.lyndir.masterpassword';

/** Sprig's derivePassword (Master Password algorithm: scrypt N=32768 r=8 p=2, HMAC-SHA256 template pick). */
export function derivePassword(counter: number, passwordType: string, password: string, user: string, site: string): string {
  const templates = PASSWORD_TEMPLATES[passwordType];
  if (!templates) return `cannot find password template ${passwordType}`;
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n >>> 0);
    return b;
  };
  const seed0 = Buffer.from(MASTER_PASSWORD_SEED, 'utf8');
  const userB = Buffer.from(user, 'utf8');
  const siteB = Buffer.from(site, 'utf8');
  const salt = Buffer.concat([seed0, u32(userB.length), userB]);
  const key = scryptSync(Buffer.from(password, 'utf8'), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 128 * 1024 * 1024 });
  const seed = createHmac('sha256', key)
    .update(Buffer.concat([seed0, u32(siteB.length), siteB, u32(counter)]))
    .digest();
  const temp = templates[seed[0]! % templates.length]!;
  let out = '';
  for (let i = 0; i < temp.length; i++) {
    const chars = TEMPLATE_CHARACTERS[temp[i]!]!;
    out += chars[seed[i + 1]! % chars.length];
  }
  return out;
}

export const cryptoFunctions: FuncMap = {
  randAlphaNum: fn(['int'], (n) => randFrom('randAlphaNum', intArg(n), ALPHA + DIGITS)),
  randAlpha: fn(['int'], (n) => randFrom('randAlpha', intArg(n), ALPHA)),
  randNumeric: fn(['int'], (n) => randFrom('randNumeric', intArg(n), DIGITS)),
  randAscii: fn(['int'], (n) => randFrom('randAscii', intArg(n), ASCII)),
  randBytes: fn(['int'], (n) => {
    const c = intArg(n);
    if (c < 0) throw new Error(`runtime error: makeslice: len out of range`);
    return rng('randBytes', new GoInt(BigInt(c), 'int'))
      .bytes(c)
      .toString('base64');
  }),
  randInt: fn(['int', 'int'], (a, b) => {
    const min = intArg(a);
    const max = intArg(b);
    if (max - min <= 0) throw new Error('invalid argument to Intn');
    return new GoInt(BigInt(min + rng('randInt', a, b).intn(max - min)), 'int');
  }),
  shuffle: fn(['string'], (s) => {
    const runes = [...(s as string)];
    const r = rng('shuffle', s);
    for (let i = runes.length - 1; i > 0; i--) {
      const j = r.intn(i + 1);
      [runes[i], runes[j]] = [runes[j]!, runes[i]!];
    }
    return runes.join('');
  }),
  uuidv4: fn([], () => {
    const b = rng('uuidv4').bytes(16);
    b[6] = (b[6]! & 0x0f) | 0x40;
    b[8] = (b[8]! & 0x3f) | 0x80;
    const h = b.toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }),
  bcrypt: fn(['string'], (s) => bcryptPlaceholder(s as string)),
  htpasswd: fn(['string', 'string'], (user, pass) => {
    const u = user as string;
    if (u.includes(':')) return `invalid username: ${u}`;
    return `${u}:${bcryptPlaceholder(pass as string)}`;
  }),
  derivePassword: fn(['interface{}', 'string', 'string', 'string', 'string'], (counter, typ, password, user, site) => {
    const c = isInt(counter) ? Number(BigInt.asUintN(32, counter.value)) : typeof counter === 'number' ? counter >>> 0 : 0;
    return derivePassword(c, typ as string, password as string, user as string, site as string);
  }),
  genPrivateKey: fn(['string'], (t) => genPrivateKey(t as string)),
  buildCustomCert: fn(['string', 'string'], (c, k) => {
    const b64 = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/;
    if (!b64.test(c as string)) throw new Error('unable to decode base64 certificate');
    if (!b64.test(k as string)) throw new Error('unable to decode base64 private key');
    const cs = Buffer.from(c as string, 'base64').toString('utf8');
    const ks = Buffer.from(k as string, 'base64').toString('utf8');
    if (!/-----BEGIN [^-]+-----\r?\n[\s\S]*?-----END [^-]+-----/.test(cs)) throw new Error('unable to decode certificate');
    if (!/-----BEGIN [^-]*PRIVATE KEY-----/.test(ks)) throw new Error('error parsing private key: no PEM data in input');
    return new Certificate(cs, ks);
  }),
  genCA: fn(['string', 'int'], (cn, days) => placeholderCert('genCA', cn, days)),
  genCAWithKey: fn(['string', 'int', 'string'], (cn, days, key) => {
    requireKey(key as string);
    const c = placeholderCert('genCAWithKey', cn, days, key);
    return new Certificate(c.Cert, key as string);
  }),
  genSelfSignedCert: fn(['string', 'interface{}', 'interface{}', 'int'], (cn, ips, alt, days) => {
    requireIPs(ips);
    requireNames(alt);
    return placeholderCert('genSelfSignedCert', cn, ips, alt, days);
  }),
  genSelfSignedCertWithKey: fn(['string', 'interface{}', 'interface{}', 'int', 'string'], (cn, ips, alt, days, key) => {
    requireIPs(ips);
    requireNames(alt);
    requireKey(key as string);
    const c = placeholderCert('genSelfSignedCertWithKey', cn, ips, alt, days, key);
    return new Certificate(c.Cert, key as string);
  }),
  genSignedCert: fn(['string', 'interface{}', 'interface{}', 'int', 'interface{}'], (cn, ips, alt, days, ca) => {
    requireIPs(ips);
    requireNames(alt);
    const c = requireCert(ca);
    return placeholderCert('genSignedCert', cn, ips, alt, days, c.Cert);
  }),
  genSignedCertWithKey: fn(['string', 'interface{}', 'interface{}', 'int', 'interface{}', 'string'], (cn, ips, alt, days, ca, key) => {
    requireIPs(ips);
    requireNames(alt);
    const c = requireCert(ca);
    requireKey(key as string);
    const cert = placeholderCert('genSignedCertWithKey', cn, ips, alt, days, c.Cert, key);
    return new Certificate(cert.Cert, key as string);
  }),
  encryptAES: fn(['string', 'string'], (p, t) => encryptAES(p as string, t as string)),
  decryptAES: fn(['string', 'string'], (p, t) => decryptAES(p as string, t as string)),
};

export { strval, typedSlice };
