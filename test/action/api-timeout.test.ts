// A GitHub API that accepts the connection and never answers must not hold the job: each request
// is abandoned after its timeout (30 s by default; READINESS_LINT_API_TIMEOUT_MS shortens it here)
// and the Action goes on with a notice, deciding on the lint result alone.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, ensureBuilt, runAction, runnerEnv, workspace } from './harness.js';

const GOOD_DOCKERFILE = 'FROM node:22.11-alpine\nUSER node\nHEALTHCHECK CMD wget -qO- http://localhost:8080/ || exit 1\nCMD ["node", "server.js"]\n';

beforeAll(ensureBuilt);
afterEach(cleanup);

async function silentServer(): Promise<{ url: string; requests: () => number; stop: () => Promise<void> }> {
  let requests = 0;
  const server: Server = createServer(() => {
    requests++; // never answer
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('GitHub API timeouts', () => {
  it('gives up on an API that never answers and finishes with notices', async () => {
    const ws = workspace({ Dockerfile: GOOD_DOCKERFILE }, { 'api/Dockerfile': GOOD_DOCKERFILE });
    const api = await silentServer();
    try {
      const { env } = runnerEnv(ws, api.url, { 'changed-files-only': 'true' });
      env.READINESS_LINT_API_TIMEOUT_MS = '300';
      const started = Date.now();
      const r = await Promise.race([
        runAction(env, ws.dir),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the Action still waits on the API after 20 s')), 20_000)),
      ]);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(r.code).toBe(0);
      expect(api.requests()).toBeGreaterThanOrEqual(2); // the PR's files, then the comments
      expect(r.stdout).toContain("::notice::readiness-lint: could not list the PR's files (GitHub API did not answer in time); trying git");
      expect(r.stdout).toContain('::notice::readiness-lint: skipped the PR comment: GitHub API did not answer in time');
    } finally {
      await api.stop();
    }
  }, 30_000);
});
