// Optional direct SARIF upload for CI systems other than GitHub Actions (Actions users should
// prefer github/codeql-action/upload-sarif). The token comes from the environment and is never
// printed; nothing here runs git or anything else from the scanned repository.

import { gzipSync } from 'node:zlib';

export interface UploadTarget {
  token: string;
  apiUrl: string;
  owner: string;
  repo: string;
  commitSha: string;
  ref: string;
}

export class UploadError extends Error {}

export function uploadTargetFromEnv(env: NodeJS.ProcessEnv, flags: { repository?: string; sha?: string; ref?: string; apiUrl?: string }): UploadTarget {
  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  if (!token) throw new UploadError('--upload-sarif needs a token in GITHUB_TOKEN (or GH_TOKEN) with security-events: write');
  const repository = flags.repository ?? env.GITHUB_REPOSITORY;
  const [owner, repo, extra] = (repository ?? '').split('/');
  if (!owner || !repo || extra !== undefined) throw new UploadError('--upload-sarif needs the repository as owner/name: --github-repository or GITHUB_REPOSITORY');
  const commitSha = flags.sha ?? env.GITHUB_SHA;
  if (!commitSha || !/^[0-9a-f]{40}$/i.test(commitSha)) throw new UploadError('--upload-sarif needs the full 40-character commit SHA: --github-sha or GITHUB_SHA');
  const ref = flags.ref ?? env.GITHUB_REF;
  if (!ref || !ref.startsWith('refs/')) throw new UploadError('--upload-sarif needs the Git ref (refs/heads/<branch> or refs/pull/<n>/merge): --github-ref or GITHUB_REF');
  return { token, apiUrl: (flags.apiUrl ?? env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''), owner, repo, commitSha, ref };
}

/** How long the upload may take (a SARIF file is at most 10 MB gzipped). */
const UPLOAD_TIMEOUT_MS = 120_000;

/** What each refusal means for someone running the CLI in CI. */
const STATUS_HINTS: Record<number, string> = {
  401: ' (the token is missing, expired or revoked)',
  403: ' (the token needs security-events: write; code scanning must be enabled)',
  404: ' (repository not found, or the token cannot see it)',
  413: ' (SARIF too large: GitHub accepts at most 10 MB gzipped)',
  422: ' (GitHub refused the upload: an invalid SARIF file, or a commit or ref it does not know)',
};

/**
 * POST /repos/{owner}/{repo}/code-scanning/sarifs with the SARIF gzipped and base64-encoded, as
 * GitHub's REST API asks. One request with Node's fetch: no client library (Octokit and its
 * dependencies would be most of the bundle's third-party code for this one call).
 */
export async function uploadSarif(sarif: string, target: UploadTarget): Promise<{ id: string; url?: string }> {
  const url = `${target.apiUrl}/repos/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}/code-scanning/sarifs`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `token ${target.token}`,
        'content-type': 'application/json',
        'user-agent': 'readiness-lint',
        'x-github-api-version': '2022-11-28',
      },
      body: JSON.stringify({
        commit_sha: target.commitSha,
        ref: target.ref,
        sarif: gzipSync(Buffer.from(sarif, 'utf8')).toString('base64'),
        tool_name: 'readiness-lint',
      }),
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
  } catch (error) {
    // fetch's own message is "fetch failed"; the cause says what (ECONNREFUSED, ENOTFOUND, timeout)
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const why = e.name === 'TimeoutError' ? `no answer within ${UPLOAD_TIMEOUT_MS / 1000} s` : (e.cause?.code ?? e.cause?.message ?? e.message);
    throw new UploadError(`SARIF upload failed: request failed: ${why} (${target.apiUrl})`);
  }
  const text = await response.text().catch(() => '');
  let data: { id?: unknown; url?: unknown; message?: unknown } = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') data = parsed as typeof data;
  } catch {
    /* not JSON (a proxy's error page): the status alone says it */
  }
  if (!response.ok) {
    // The message comes from the API (never holds the token): one line, control characters
    // dropped, kept short.
    const said =
      typeof data.message === 'string'
        ? `: ${data.message
            .split('\n')[0]!
            .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
            .slice(0, 300)}`
        : '';
    throw new UploadError(`SARIF upload failed: GitHub API answered ${response.status}${said}${STATUS_HINTS[response.status] ?? ''}`);
  }
  return { id: typeof data.id === 'string' || typeof data.id === 'number' ? String(data.id) : '', ...(typeof data.url === 'string' ? { url: data.url } : {}) };
}
