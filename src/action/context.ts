// What the Action knows about the run, read from the runner's environment and event payload
// inside a function (never at import time, so tests can set the environment first).

import { readFileSync } from 'node:fs';
import type { Env } from './runner.js';

export interface PullRequestContext {
  number: number;
  baseSha: string;
  headSha: string;
  /** True when the PR comes from a fork (or a deleted fork): the token is read-only there. */
  fromFork: boolean;
}

export interface RunContext {
  owner: string;
  repo: string;
  apiUrl: string;
  serverUrl: string;
  sha: string;
  runId?: string;
  workspace: string;
  eventName: string;
  pullRequest?: PullRequestContext;
}

interface PullRequestPayload {
  pull_request?: {
    number: number;
    base: { sha: string; repo?: { full_name?: string } | null };
    head: { sha: string; repo?: { full_name?: string; fork?: boolean } | null };
  };
}

export function readContext(env: Env, cwd: string): RunContext {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  let payload: PullRequestPayload = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as PullRequestPayload;
    } catch {
      payload = {};
    }
  }
  const pr = payload.pull_request;
  return {
    owner,
    repo,
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
    serverUrl: (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/$/, ''),
    sha: env.GITHUB_SHA ?? '',
    runId: env.GITHUB_RUN_ID,
    workspace: env.GITHUB_WORKSPACE ?? cwd,
    eventName: env.GITHUB_EVENT_NAME ?? '',
    pullRequest: pr
      ? {
          number: pr.number,
          baseSha: pr.base.sha,
          headSha: pr.head.sha,
          fromFork: !pr.head.repo || (pr.head.repo.full_name !== undefined && pr.head.repo.full_name !== `${owner}/${repo}`) || pr.head.repo.fork === true,
        }
      : undefined,
  };
}
