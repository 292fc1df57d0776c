/** A route on draftgate's one HTTP server. Adapters and the intake API contribute routes; the server owns transport. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Exact path, or a pattern whose named groups become `params`. */
  path: string | RegExp;
  /** A GET route that also answers HEAD (same status and headers, no body): health checks and load balancers. */
  head?: boolean;
  handle(req: IncomingMessage, res: ServerResponse, ctx: RouteContext): Promise<void>;
}

export interface RouteContext {
  url: URL;
  params: Record<string, string>;
}
