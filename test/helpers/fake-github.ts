// A stand-in for the GitHub REST API on 127.0.0.1: records every request, paginates with `link`
// headers, and answers with any status a test asks for. No request ever leaves the machine.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface Route {
  method: string;
  /** Path without query, e.g. /repos/acme/shop/issues/7/comments */
  path: string | RegExp;
  /** Static JSON array served in pages of `perPage` (default: the request's per_page). */
  pages?: unknown[];
  status?: number;
  json?: unknown | ((req: RecordedRequest) => unknown);
  headers?: Record<string, string>;
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  private server?: Server;
  url = '';

  constructor(readonly routes: Route[]) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', this.url);
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          /* keep raw */
        }
        const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
        this.requests.push(recorded);
        const route = this.routes.find((r) => r.method === recorded.method && (typeof r.path === 'string' ? r.path === url.pathname : r.path.test(url.pathname)));
        if (!route) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: 'Not Found' }));
          return;
        }
        const headers: Record<string, string> = { 'content-type': 'application/json', ...(route.headers ?? {}) };
        if (route.pages) {
          const perPage = Number(url.searchParams.get('per_page') ?? 30);
          const page = Number(url.searchParams.get('page') ?? 1);
          const slice = route.pages.slice((page - 1) * perPage, page * perPage);
          if (page * perPage < route.pages.length) {
            const next = new URL(url);
            next.searchParams.set('page', String(page + 1));
            headers.link = `<${next.toString()}>; rel="next"`;
          }
          res.writeHead(route.status ?? 200, headers);
          res.end(JSON.stringify(slice));
          return;
        }
        const json = typeof route.json === 'function' ? (route.json as (r: RecordedRequest) => unknown)(recorded) : route.json;
        res.writeHead(route.status ?? 200, headers);
        res.end(JSON.stringify(json ?? {}));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  calls(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }
}
