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

/** POST /repos/{owner}/{repo}/code-scanning/sarifs with the SARIF gzipped and base64-encoded. */
export async function uploadSarif(sarif: string, target: UploadTarget): Promise<{ id: string; url?: string }> {
  const { Octokit } = await import('@octokit/rest');
  const quiet = () => {};
  const octokit = new Octokit({
    auth: target.token,
    baseUrl: target.apiUrl,
    userAgent: 'readiness-lint',
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    request: { retries: 0 },
  });
  try {
    const response = await octokit.rest.codeScanning.uploadSarif({
      owner: target.owner,
      repo: target.repo,
      commit_sha: target.commitSha,
      ref: target.ref,
      sarif: gzipSync(Buffer.from(sarif, 'utf8')).toString('base64'),
      tool_name: 'readiness-lint',
    });
    return { id: String(response.data.id ?? ''), url: response.data.url };
  } catch (error) {
    const e = error as { status?: number; message?: string };
    const hint =
      e.status === 403 ? ' (the token needs security-events: write; code scanning must be enabled)'
      : e.status === 404 ? ' (repository not found, or the token cannot see it)'
      : e.status === 413 ? ' (SARIF too large: GitHub accepts at most 10 MB gzipped)'
      : '';
    // The message comes from the API; the token is never part of it.
    throw new UploadError(`SARIF upload failed: ${e.status ? `GitHub API answered ${e.status}` : 'request failed'}: ${(e.message ?? '').split('\n')[0]}${hint}`);
  }
}
