// The Action's GitHub API calls: the PR's changed files and one sticky comment. Every failure
// (no permission on fork PRs, 403/404/422/429/5xx) degrades to a notice: the lint result alone
// decides success.

import { Octokit } from '@octokit/rest';
import type { RunContext } from './context.js';

export const COMMENT_MARKER = '<!-- readiness-lint:sticky-comment -->';
export const MAX_COMMENT_LENGTH = 65_536;
/** Each HTTP request (every page of a listing included) gets this long before it is abandoned. */
export const API_TIMEOUT_MS = 30_000;

export function client(token: string, ctx: RunContext, timeoutMs = API_TIMEOUT_MS): Octokit {
  const quiet = () => {};
  // A hung API must not hold the job until the runner's 6-hour limit: every request is aborted
  // after `timeoutMs`, and the failure degrades to a notice like any other API error.
  const fetchWithTimeout: typeof fetch = (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
  };
  return new Octokit({
    auth: token,
    baseUrl: ctx.apiUrl,
    userAgent: 'readiness-lint-action',
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    request: { retries: 0, fetch: fetchWithTimeout },
  });
}

export async function changedFiles(octokit: Octokit, ctx: RunContext): Promise<string[]> {
  const pr = ctx.pullRequest!;
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
    owner: ctx.owner,
    repo: ctx.repo,
    pull_number: pr.number,
    per_page: 100,
  });
  const names = new Set<string>();
  for (const f of files) {
    if (f.status !== 'removed') names.add(f.filename);
  }
  return [...names].sort();
}

/** Who posts with the GITHUB_TOKEN (it may not call `GET /user`). */
export const ACTIONS_BOT = 'github-actions[bot]';

/**
 * The login the token comments as: `GET /user` answers for a personal token; the GITHUB_TOKEN (and
 * an app's token) gets 403 there, and its comments are github-actions[bot]'s.
 */
export async function tokenLogin(octokit: Octokit): Promise<string> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return typeof data.login === 'string' && data.login ? data.login : ACTIONS_BOT;
  } catch {
    return ACTIONS_BOT;
  }
}

/**
 * Create or update the one comment carrying our marker and written by the token's user: someone
 * else's comment quoting the marker is never taken (nor could it be edited). Returns what was done.
 */
export async function upsertComment(octokit: Octokit, ctx: RunContext, body: string): Promise<'created' | 'updated'> {
  const pr = ctx.pullRequest!;
  const full = fitComment(`${body}\n${COMMENT_MARKER}\n`, ctx);
  const login = await tokenLogin(octokit);
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: ctx.owner,
    repo: ctx.repo,
    issue_number: pr.number,
    per_page: 100,
  });
  const ours = comments.find((c) => (c.body ?? '').includes(COMMENT_MARKER) && c.user?.login === login);
  if (ours) {
    await octokit.rest.issues.updateComment({ owner: ctx.owner, repo: ctx.repo, comment_id: ours.id, body: full });
    return 'updated';
  }
  await octokit.rest.issues.createComment({ owner: ctx.owner, repo: ctx.repo, issue_number: pr.number, body: full });
  return 'created';
}

/** GitHub rejects bodies over 65,536 characters (422): cut and link to the run summary. */
export function fitComment(body: string, ctx: RunContext): string {
  if (body.length <= MAX_COMMENT_LENGTH) return body;
  const link = ctx.runId ? `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId}` : 'the job summary';
  const tail = `\n\n… cut to fit a comment; the full report is in ${link}\n${COMMENT_MARKER}\n`;
  return body.slice(0, MAX_COMMENT_LENGTH - tail.length - 100) + tail;
}

export function describeApiError(error: unknown): string {
  const e = error as { status?: number; message?: string; name?: string; cause?: { name?: string } };
  if (e.name === 'TimeoutError' || e.cause?.name === 'TimeoutError') return 'GitHub API did not answer in time';
  if (e.status === 403 || e.status === 404)
    return `GitHub API answered ${e.status} (${e.message ?? 'no permission'}); give the job 'pull-requests: write' (fork PRs never have it)`;
  if (e.status === 429) return 'GitHub API rate limit reached (429)';
  if (e.status) return `GitHub API answered ${e.status}: ${e.message ?? ''}`.trim();
  return `GitHub API call failed: ${e.message ?? String(error)}`;
}
