/**
 * The intake API: external agents submit drafts. An agent token can draft and read its own drafts, never publish:
 * there is no route here that approves, and a draft goes through the same review as any other.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IntakeConfig } from '../config/schema.js';
import type { Draft } from '../core/draft.js';
import type { Gate } from '../core/gate/index.js';
import type { RequestLimiter } from '../core/ports.js';
import { sendJson } from '../server/http-server.js';
import { readBody } from '../server/read-body.js';
import type { Route } from '../server/route.js';
import { agentForToken, bearerToken } from './agent-tokens.js';
import { fieldErrors, submitBody, versionBody } from './intake-schema.js';

export interface IntakeDeps {
  gate: Gate;
  config: IntakeConfig;
  limiter: RequestLimiter;
}

/** The most drafts `GET /v1/drafts?state=pending` lists (soonest expiry first; `truncated` says there are more). */
const PENDING_LIMIT = 100;

/** What an agent may see of its draft: state, version and feedback, never who approved what in detail. */
function view(draft: Draft) {
  return {
    id: draft.id,
    state: draft.state,
    version: draft.version,
    feedback: draft.state === 'drafting' ? (draft.feedback ?? null) : null,
    expires_at: new Date(draft.expiresAt).toISOString(),
    published: draft.state === 'published' ? { permalink: draft.published?.permalink ?? null } : null,
  };
}

export function intakeRoutes(deps: IntakeDeps): Route[] {
  /** Authenticates and rate-limits; answers the error itself and returns undefined when refused. */
  async function authenticate(req: IncomingMessage, res: ServerResponse): Promise<string | undefined> {
    const agent = agentForToken(deps.config, bearerToken(req.headers.authorization));
    if (!agent) {
      sendJson(
        res,
        401,
        { error: 'unauthorized', message: 'send an intake token configured under intake.agents' },
        { 'www-authenticate': 'Bearer' },
      );
      return undefined;
    }
    const wait = await deps.limiter.consume(`intake:${agent}`);
    if (wait > 0) {
      sendJson(
        res,
        429,
        { error: 'rate_limited', retry_after_seconds: Math.ceil(wait / 1000) },
        { 'retry-after': String(Math.ceil(wait / 1000)) },
      );
      return undefined;
    }
    return agent;
  }

  async function readJson(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    const body = await readBody(req, deps.config.body_limit);
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      sendJson(res, 400, { error: 'invalid_json', message: 'the body must be a JSON object' });
      return undefined;
    }
  }

  return [
    {
      method: 'POST',
      path: '/v1/drafts',
      handle: async (req, res) => {
        const agent = await authenticate(req, res);
        if (!agent) return;
        const json = await readJson(req, res);
        if (json === undefined) return;
        const parsed = submitBody.safeParse(json);
        if (!parsed.success) {
          sendJson(res, 400, { error: 'invalid_body', fields: fieldErrors(parsed.error) });
          return;
        }
        const body = parsed.data;
        if (body.agent !== undefined && body.agent !== agent) {
          sendJson(res, 403, { error: 'wrong_agent', message: `this token belongs to agent "${agent}"` });
          return;
        }
        const channels = deps.config.agents.find((entry) => entry.name === agent)?.channels;
        const result = await deps.gate.submit({
          agent,
          ...(channels ? { channels } : {}),
          requester: body.requester,
          question: body.question,
          text: body.text,
          target: {
            platform: body.platform,
            workspace: body.workspace,
            channel: body.channel,
            ...(body.thread !== undefined ? { thread: body.thread } : {}),
            ...(body.message !== undefined ? { message: body.message } : {}),
          },
          ...(body.context !== undefined ? { context: body.context } : {}),
        });
        if (result.ok) {
          sendJson(res, 202, view(result.draft));
        } else if (result.code === 'denied') {
          sendJson(res, 403, { error: 'denied', message: result.message });
        } else if (result.draft) {
          sendJson(res, 202, { ...view(result.draft), warning: result.message });
        } else {
          sendJson(res, 503, { error: result.code, message: result.message });
        }
      },
    },
    {
      method: 'GET',
      path: '/v1/drafts',
      handle: async (req, res, ctx) => {
        const agent = await authenticate(req, res);
        if (!agent) return;
        const state = ctx.url.searchParams.get('state') ?? 'pending';
        if (state !== 'pending') {
          sendJson(res, 400, {
            error: 'invalid_query',
            message: 'state must be "pending": the drafts of this agent that wait for a person',
          });
          return;
        }
        const drafts = await deps.gate.agentPending(agent, PENDING_LIMIT + 1);
        sendJson(res, 200, {
          drafts: drafts.slice(0, PENDING_LIMIT).map(view),
          truncated: drafts.length > PENDING_LIMIT,
        });
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/drafts\/(?<id>[a-z0-9]{8,40})$/,
      handle: async (req, res, ctx) => {
        const agent = await authenticate(req, res);
        if (!agent) return;
        const draft = await deps.gate.get(ctx.params.id ?? '');
        // Another agent's draft is indistinguishable from a missing one.
        if (draft?.source !== 'intake' || draft.agent !== agent) {
          sendJson(res, 404, { error: 'not_found' });
          return;
        }
        sendJson(res, 200, view(draft));
      },
    },
    {
      method: 'POST',
      path: /^\/v1\/drafts\/(?<id>[a-z0-9]{8,40})\/versions$/,
      handle: async (req, res, ctx) => {
        const agent = await authenticate(req, res);
        if (!agent) return;
        const json = await readJson(req, res);
        if (json === undefined) return;
        const parsed = versionBody.safeParse(json);
        if (!parsed.success) {
          sendJson(res, 400, { error: 'invalid_body', fields: fieldErrors(parsed.error) });
          return;
        }
        const result = await deps.gate.submitVersion(ctx.params.id ?? '', agent, parsed.data.text);
        if (result.ok) sendJson(res, 202, view(result.draft));
        else if (result.code === 'not_found') sendJson(res, 404, { error: 'not_found' });
        else sendJson(res, 409, { error: result.code, message: result.message });
      },
    },
  ];
}
