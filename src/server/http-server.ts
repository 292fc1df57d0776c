/** draftgate's one HTTP server: routes from the core (health, metrics, intake) and from the adapters. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { BodyTooLargeError } from './read-body.js';
import type { Route } from './route.js';

export interface HttpServer {
  server: Server;
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(payload);
}

function matchPath(route: Route, pathname: string): Record<string, string> | undefined {
  if (typeof route.path === 'string') return route.path === pathname ? {} : undefined;
  const found = route.path.exec(pathname);
  return found ? { ...(found.groups ?? {}) } : undefined;
}

/** HEAD is answered by a GET route that allows it; Node's server drops the body of a HEAD response. */
function answers(route: Route, method: string): boolean {
  return route.method === method || (method === 'HEAD' && route.method === 'GET' && route.head === true);
}

/** The methods the routes of a path answer, for the `Allow` header of a 405. */
function allowedMethods(routes: readonly Route[], pathname: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (!matchPath(route, pathname)) continue;
    methods.add(route.method);
    if (route.method === 'GET' && route.head) methods.add('HEAD');
  }
  return [...methods];
}

/**
 * Transport limits. A client that connects, sends part of a request and goes silent is cut when its headers are
 * late (10 s) or its request is (30 s); idle keep-alive connections outlive the usual 60 s load-balancer idle
 * timeout, so the balancer closes first and never reuses a connection draftgate just closed.
 */
export interface HttpLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** Open connections at most; further ones are dropped at once. */
  maxConnections: number;
  /** How often Node checks the header and request timeouts. */
  checkIntervalMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 65_000,
  maxConnections: 2_048,
  checkIntervalMs: 1_000,
};

export function createHttpServer(
  routes: readonly Route[],
  logger: Logger,
  limits: HttpLimits = DEFAULT_HTTP_LIMITS,
): HttpServer {
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    for (const route of routes) {
      const params = answers(route, method) ? matchPath(route, url.pathname) : undefined;
      if (!params) continue;
      try {
        await route.handle(req, res, { url, params });
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          if (!res.headersSent) sendJson(res, 413, { error: 'body_too_large', message: error.message });
          req.resume();
          return;
        }
        logger.error({ err: error, path: url.pathname }, 'request handler failed');
        if (!res.headersSent)
          sendJson(res, 500, { error: 'internal', message: 'internal error; see the server log' });
        else res.end();
      }
      return;
    }
    const allowed = allowedMethods(routes, url.pathname);
    if (allowed.length === 0) sendJson(res, 404, { error: 'not_found' });
    else sendJson(res, 405, { error: 'method_not_allowed', allowed }, { allow: allowed.join(', ') });
  };
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
    (req, res) => {
      void handler(req, res);
    },
  );
  server.maxConnections = limits.maxConnections;
  server.on('drop', (data?: { remoteAddress?: string }) =>
    logger.warn(
      { remoteAddress: data?.remoteAddress, maxConnections: limits.maxConnections },
      'connection dropped: too many open connections',
    ),
  );
  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address();
          const bound = typeof address === 'object' && address ? address.port : port;
          const shownHost = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
          resolve({ port: bound, url: `http://${shownHost}:${bound}` });
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        // Connections busy at close time (an event stream the adapters end next, a request in flight) turn idle
        // later and would then be kept alive for keepAliveTimeout (65 s): close each one as soon as it is idle.
        const sweep = setInterval(() => server.closeIdleConnections(), 100);
        server.close(() => {
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
