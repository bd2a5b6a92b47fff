// Container isolation knowledge shared by the privilege rules: Linux capabilities that break
// isolation, host paths that hand a container the node, and host-namespace switches in Kubernetes
// and compose.

import { asArray, scalarText } from '../data/values.js';

/**
 * Capabilities that are never acceptable in `add` / `cap_add`: each one gives a container a way
 * out of its isolation (SYS_ADMIN ≈ root on the node, NET_ADMIN rewrites the node's network,
 * SYS_MODULE loads kernel modules, SYS_PTRACE reads other processes, ALL is all of them).
 */
const DANGEROUS_CAPABILITIES: readonly string[] = [
  'ALL',
  'SYS_ADMIN',
  'NET_ADMIN',
  'SYS_MODULE',
  'SYS_PTRACE',
  'SYS_RAWIO',
  'SYS_BOOT',
  'SYS_TIME',
  'DAC_READ_SEARCH',
  'BPF',
  'PERFMON',
  'MAC_ADMIN',
  'MAC_OVERRIDE',
];

/** Normalise a capability name: `cap_sys_admin`, `CAP_SYS_ADMIN`, `sys_admin` → `SYS_ADMIN`. */
function normalizeCapability(name: string): string {
  return name.trim().toUpperCase().replace(/^CAP_/, '');
}

export function isDangerousCapability(name: string): boolean {
  return DANGEROUS_CAPABILITIES.includes(normalizeCapability(name));
}

/** Items of a capability list with their index (non-scalars skipped). */
export function capabilityList(value: unknown): { name: string; index: number }[] {
  return asArray(value).flatMap((v, index) => {
    const name = scalarText(v);
    return name === undefined ? [] : [{ name: normalizeCapability(name), index }];
  });
}

/** Host paths that expose the node: mounting them (even read-only) hands the node to the container. */
const SENSITIVE_HOST_DIRS: readonly string[] = [
  '/',
  '/etc',
  '/proc',
  '/sys',
  '/dev',
  '/boot',
  '/root',
  '/var/run',
  '/run',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/var/lib/kubelet',
  '/var/lib/crio',
  '/etc/kubernetes',
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
];

/** Sub-paths of sensitive folders that are commonly mounted read-only and harmless. */
const BENIGN_HOST_PATHS: readonly string[] = [
  '/etc/localtime',
  '/etc/timezone',
  '/etc/ssl/certs',
  '/etc/pki/ca-trust',
  '/etc/pki/tls/certs',
  '/etc/ca-certificates',
  '/usr/share/zoneinfo',
  '/usr/share/ca-certificates',
  '/etc/machine-id',
  '/etc/hostname',
  '/etc/hosts',
  '/etc/os-release',
  '/dev/null',
  '/dev/urandom',
  '/dev/random',
  '/dev/shm',
  '/run/udev',
];

/** Folders whose every sub-path is sensitive (container runtime sockets and state, kubelet). */
const SENSITIVE_TREES: readonly string[] = [
  '/var/run',
  '/run',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/var/lib/kubelet',
  '/var/lib/crio',
  '/etc/kubernetes',
  '/proc',
  '/sys',
  '/root',
  '/boot',
];

function normalizeHostPath(path: string): string {
  let p = path.trim().replace(/\/+/g, '/');
  if (p.length > 1) p = p.replace(/\/$/, '');
  return p;
}

/**
 * Host folders that are harmless read-only but not writable: the node's logs. The kubelet serves
 * `kubectl logs` from `/var/log/pods` as root and follows symlinks, so a container that can write
 * there can plant a link to any host file and read it back as "logs"; it can also erase or forge
 * the node's own logs. Log shippers read them (read-only is fine).
 */
const WRITABLE_SENSITIVE_TREES: readonly string[] = ['/var/log'];

/**
 * Why a host path is sensitive (`the container runtime socket`, `the root filesystem`, `/etc`,
 * `/var, which holds /var/run`), or undefined when it is not (see also sensitiveWhenWritable).
 */
export function sensitiveHostPath(raw: string): string | undefined {
  const p = normalizeHostPath(raw);
  if (!p.startsWith('/')) return undefined;
  if (/\/(docker|containerd|crio|cri-dockerd|podman)\.sock$/.test(p)) return 'the container runtime socket';
  if (BENIGN_HOST_PATHS.some((b) => p === b || p.startsWith(b + '/'))) return undefined;
  if (SENSITIVE_HOST_DIRS.includes(p)) return p === '/' ? 'the root filesystem' : p;
  const tree = SENSITIVE_TREES.find((t) => p.startsWith(t + '/'));
  if (tree) return `${tree}`;
  // A parent of a sensitive folder exposes it (`/var` holds the kubelet's and the runtime's state).
  const inside = SENSITIVE_TREES.find((t) => t.startsWith(p + '/'));
  if (inside) return `${p}, which holds ${inside}`;
  return undefined;
}

/** A host path that is safe read-only but hands the node over when writable (`/var/log` and below). */
export function sensitiveWhenWritable(raw: string): boolean {
  const p = normalizeHostPath(raw);
  return WRITABLE_SENSITIVE_TREES.some((t) => p === t || p.startsWith(t + '/'));
}

/** Kubernetes pod-level host namespace switches. */
export const K8S_HOST_NAMESPACE_FIELDS: readonly string[] = ['hostNetwork', 'hostPID', 'hostIPC'];

/** Compose service keys whose value `host` joins a host namespace. */
export const COMPOSE_HOST_NAMESPACE_FIELDS: readonly string[] = ['network_mode', 'pid', 'ipc', 'userns_mode', 'uts', 'cgroup'];

/** A compose namespace value that means the host's namespace. */
export function isComposeHostNamespace(value: unknown): boolean {
  return scalarText(value)?.trim().toLowerCase() === 'host';
}
