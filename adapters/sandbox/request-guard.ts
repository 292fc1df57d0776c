/**
 * The sandbox lets anyone act as anyone, so only the machine it runs on may reach it. Every sandbox route checks:
 * - the Host header: a loopback name (127.0.0.1, localhost, [::1]) with the server's own port, or a host the
 *   operator allowed (`sandbox.allowed_hosts`). A page on another name that resolves to 127.0.0.1 (DNS rebinding)
 *   sends its own name as Host and is refused;
 * - the Origin of every state-changing call (POST), when a browser sends one: it must be such a host too;
 * - for JSON bodies, the exact media type `application/json` (see isJsonContentType).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from '../../src/server/route.js';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface HostRules {
  /** Extra hosts the operator allows: `name` (any port) or `name:port`. */
  allowedHosts: readonly string[];
}

/** `host[:port]` split; undefined when it is not a plausible Host value. */
function splitHost(value: string): { name: string; port: string | undefined } | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!match?.[1]) return undefined;
  return { name: match[1].toLowerCase(), port: match[2] };
}

/** Is `host` (a Host header or an Origin's host) one this sandbox, listening on `localPort`, answers to? */
export function hostAllowed(
  host: string | undefined,
  localPort: number | undefined,
  rules: HostRules,
): boolean {
  if (!host) return false;
  const parsed = splitHost(host);
  if (!parsed) return false;
  const port = parsed.port ?? '80';
  if (LOOPBACK_NAMES.has(parsed.name) && localPort !== undefined && port === String(localPort)) return true;
  return rules.allowedHosts.some((entry) => {
    const allowed = splitHost(entry);
    if (!allowed || allowed.name !== parsed.name) return false;
    return allowed.port === undefined || allowed.port === port;
  });
}

/** An Origin header (`http://host:port`) naming an allowed host; `null` and other schemes are refused. */
export function originAllowed(origin: string, localPort: number | undefined, rules: HostRules): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const port = url.port === '' ? (url.protocol === 'https:' ? '443' : '80') : url.port;
  return hostAllowed(`${url.hostname}:${port}`, localPort, rules);
}

/** `application/json`, optionally with parameters (`; charset=utf-8`), and nothing that merely starts like it. */
export function isJsonContentType(header: string | undefined): boolean {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(JSON.stringify({ ok: false, code: 'forbidden_host', message }));
}

/** Why this request may not reach the sandbox, or undefined when it may. */
function refusal(req: IncomingMessage, rules: HostRules): { status: number; message: string } | undefined {
  const localPort = req.socket.localPort;
  if (!hostAllowed(req.headers.host, localPort, rules)) {
    return {
      status: 421,
      message: `the sandbox answers only to http://127.0.0.1:${localPort ?? '<port>'} (or localhost); add other names to sandbox.allowed_hosts`,
    };
  }
  const origin = req.headers.origin;
  if (req.method !== 'GET' && req.method !== 'HEAD' && origin !== undefined) {
    if (!originAllowed(origin, localPort, rules)) {
      return { status: 403, message: 'cross-origin calls to the sandbox are refused' };
    }
  }
  return undefined;
}

/** The routes, each refusing requests for another host or from another origin before it runs. */
export function guardRoutes(routes: readonly Route[], rules: HostRules): Route[] {
  return routes.map((route) => ({
    ...route,
    async handle(req, res, ctx) {
      const refused = refusal(req, rules);
      if (refused) {
        req.resume();
        refuse(res, refused.status, refused.message);
        return;
      }
      await route.handle(req, res, ctx);
    },
  }));
}
