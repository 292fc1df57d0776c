/** The sandbox API's HTTP plumbing: JSON bodies in, JSON answers out, Gate refusals as HTTP statuses. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { GateErrorCode } from '../../src/core/gate-types.js';
import { BodyTooLargeError, readBody } from '../../src/server/read-body.js';
import { isJsonContentType } from './request-guard.js';

const BODY_LIMIT = 32 * 1024;

const STATUS: Record<GateErrorCode, number> = {
  denied: 403,
  stale: 409,
  not_found: 404,
  invalid_state: 409,
  blocked: 409,
  needs_confirmation: 409,
  rate_limited: 429,
  duplicate: 409,
  dm_unavailable: 409,
  agent_failed: 502,
  publish_failed: 502,
  publish_unknown: 502,
  retract_window_closed: 409,
  unavailable: 503,
};

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** 202: the Gate is still working; the page will see the outcome through the event stream. */
export class Accepted {
  constructor(readonly message: string) {}
}

export class GateRefusal extends HttpError {
  constructor(
    readonly code: GateErrorCode,
    message: string,
    readonly state: string | undefined,
    readonly retryAfterMs: number | undefined,
  ) {
    super(STATUS[code], message);
  }
}

export async function parseBody<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.output<S>> {
  if (!isJsonContentType(req.headers['content-type']))
    throw new HttpError(415, 'send the body as application/json');
  let raw: unknown;
  try {
    raw = JSON.parse((await readBody(req, BODY_LIMIT)).toString('utf8'));
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new HttpError(413, error.message);
    throw new HttpError(400, 'the body is not valid JSON');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new HttpError(400, `invalid request: ${issues}`);
  }
  return parsed.data;
}

export async function respond(
  res: ServerResponse,
  logger: Logger,
  run: () => Promise<unknown>,
): Promise<void> {
  let status = 200;
  let body: unknown;
  try {
    const result = await run();
    if (result instanceof Accepted) {
      status = 202;
      body = { ok: true, pending: true, message: result.message };
    } else {
      body = result;
    }
  } catch (error) {
    if (error instanceof GateRefusal) {
      status = error.status;
      body = {
        ok: false,
        code: error.code,
        message: error.message,
        ...(error.state !== undefined && { state: error.state }),
        ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
      };
    } else if (error instanceof HttpError) {
      status = error.status;
      body = { ok: false, code: 'bad_request', message: error.message };
    } else {
      logger.error({ err: error }, 'sandbox API call failed');
      status = 500;
      body = { ok: false, code: 'internal', message: 'draftgate failed to handle this; see its log' };
    }
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}
