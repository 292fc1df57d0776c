/**
 * The sandbox's JSON API under `/sandbox/api/`. The acting user is passed explicitly (it is a sandbox), and every
 * action goes through the Gate exactly as a Slack or Discord click would.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { AuditEntry } from '../../src/core/audit-event.js';
import type { Actor, Target } from '../../src/core/draft.js';
import type { GateResult } from '../../src/core/gate-types.js';
import type { AuditLog, Clock } from '../../src/core/ports.js';
import type { Route } from '../../src/server/route.js';
import { Accepted, GateRefusal, HttpError, parseBody, respond } from './api-http.js';
import { DRAFTGATE_HELP, parseComposerInput } from './composer-input.js';
import type { EventStreamHub } from './event-stream.js';
import type { SandboxGate } from './gate-port.js';
import type { ChannelMessage, SandboxWorkspace } from './workspace.js';

const AUDIT_LIMIT_MAX = 200;

const user = z.string().min(1).max(64);
const requestId = z
  .string()
  .regex(/^[A-Za-z0-9-]{8,64}$/)
  .optional();
const decision = z.object({ user, draftId: z.string().min(1).max(64), version: z.number().int().positive() });

const bodies = {
  command: z.object({ user, channel: z.string().min(1), text: z.string().min(1).max(4000), requestId }),
  request: z.object({ user, message: z.string().min(1), requestId }),
  approve: decision.extend({ confirmed: z.boolean().default(false) }),
  edit: decision.extend({ text: z.string().min(1).max(4000) }),
  regenerate: decision.extend({ feedback: z.string().max(2000).default('') }),
  discard: decision,
  extend: decision,
  editor: decision,
  retract: z.object({ user, draftId: z.string().min(1).max(64) }),
};

export interface ApiDeps {
  gate: () => SandboxGate;
  audit: AuditLog | undefined;
  workspace: SandboxWorkspace;
  events: EventStreamHub;
  clock: Clock;
  logger: Logger;
  /** Audit entries from before this time belong to earlier runs and are not shown. */
  since: number;
  /**
   * How long an API call waits for the Gate before answering 202 "in progress" (like a platform's 3-second ack).
   * A refusal that arrives later is posted to the acting user's DM.
   */
  ackMs: number;
  /** Gate calls still running; the adapter waits for them on stop. */
  inFlight: Set<Promise<unknown>>;
}

export function apiRoutes(deps: ApiDeps): Route[] {
  const { workspace } = deps;

  const actor = (id: string): Actor => {
    const known = workspace.user(id);
    if (!known) {
      const ids = workspace
        .listUsers()
        .map((u) => u.id)
        .join(', ');
      throw new HttpError(400, `unknown sandbox user "${id}"; act as one of ${ids}`);
    }
    return {
      id: known.id,
      platform: 'sandbox',
      workspace: workspace.workspace,
      roles: known.roles,
      name: known.name,
    };
  };

  const target = (message?: ChannelMessage): Target => {
    const base: Target = {
      platform: 'sandbox',
      workspace: workspace.workspace,
      channel: workspace.channel.id,
      channelName: workspace.channel.name,
    };
    if (!message) return base;
    return {
      ...base,
      thread: message.thread ?? message.id,
      message: message.id,
      permalink: `/#${message.id}`,
    };
  };

  /** Answers with the Gate's result if it comes within the ack window, else 202 and a DM note if it is refused. */
  const acked = async (who: Actor, work: Promise<GateResult>, inProgress: string): Promise<unknown> => {
    deps.inFlight.add(work);
    const forget = () => deps.inFlight.delete(work);
    work.then(forget, forget);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), deps.ackMs);
    });
    try {
      const first = await Promise.race([work, late]);
      if (first !== 'late') return gateReply(first);
    } finally {
      clearTimeout(timer);
    }
    work.then(
      (result) => {
        if (!result.ok && !result.told) workspace.addNote(who.id, result.message);
      },
      (error: unknown) => {
        deps.logger.error({ err: error }, 'sandbox gate call failed after the ack');
        workspace.addNote(who.id, 'draftgate failed to finish this; nothing was posted. See its log.');
      },
    );
    return new Accepted(inProgress);
  };

  const request = (
    who: Actor,
    question: string,
    message: ChannelMessage | undefined,
    id: string | undefined,
  ): Promise<unknown> => {
    const context = message
      ? workspace
          .thread(message.thread ?? message.id)
          .filter((m) => m.id !== message.id)
          .map((m) => `${m.authorName}: ${m.text}`)
          .join('\n')
      : '';
    const work = deps.gate().request({
      target: target(message),
      requester: who,
      question,
      ...(context !== '' && { context }),
      source: 'sandbox',
      idempotencyKey: `sandbox:${id ?? randomUUID()}`,
    });
    return acked(
      who,
      work,
      `The agent is drafting. The card will arrive privately in ${who.name ?? who.id}'s DM.`,
    );
  };

  const post = <S extends z.ZodType>(
    path: string,
    schema: S,
    run: (body: z.output<S>) => Promise<unknown>,
  ): Route => ({
    method: 'POST',
    path,
    async handle(req, res) {
      await respond(res, deps.logger, async () => run(await parseBody(req, schema)));
    },
  });

  return [
    {
      method: 'GET',
      path: '/sandbox/api/state',
      async handle(_req, res, ctx) {
        await respond(res, deps.logger, async () => {
          const inbox = ctx.url.searchParams.get('inbox') ?? ctx.url.searchParams.get('user') ?? '';
          // The drafts waiting for the DM's owner: the Gate's inbox query, as on Slack and Discord.
          const pending = inbox === '' ? [] : await deps.gate().pending(actor(inbox));
          return {
            now: deps.clock.now(),
            workspace: workspace.workspace,
            channel: workspace.channel,
            users: workspace.listUsers(),
            messages: workspace.listMessages(),
            inbox,
            dm: inbox === '' ? [] : workspace.listDm(inbox),
            pending: pending.map((item) => item.draft.id),
          };
        });
      },
    },
    {
      method: 'GET',
      path: '/sandbox/api/events',
      async handle(req, res) {
        await deps.events.serve(req, res);
      },
    },
    {
      method: 'GET',
      path: '/sandbox/api/audit',
      async handle(_req, res, ctx) {
        await respond(res, deps.logger, async () => {
          if (!deps.audit) throw new HttpError(503, 'the audit log is not connected to the sandbox');
          const asked = Number(ctx.url.searchParams.get('limit') ?? '50');
          const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, AUDIT_LIMIT_MAX) : 50;
          const entries = await deps.audit.range({ since: deps.since, limit: 10_000 });
          return { entries: entries.slice(-limit).reverse().map(auditView) };
        });
      },
    },
    post('/sandbox/api/command', bodies.command, async (body) => {
      const who = actor(body.user);
      if (body.channel !== workspace.channel.id) throw new HttpError(404, `no channel "${body.channel}"`);
      const input = parseComposerInput(body.text);
      switch (input.kind) {
        case 'message': {
          const message = workspace.post({ channel: body.channel, author: who.id, text: input.text });
          return { ok: true, kind: 'message', message: message.id };
        }
        case 'help':
          return { ok: true, kind: 'help', message: DRAFTGATE_HELP };
        case 'unknown_command':
          throw new HttpError(400, `${input.command} is not a command here; try /draftgate <question>`);
        case 'draftgate':
          return await request(who, input.question, undefined, body.requestId);
      }
    }),
    post('/sandbox/api/request', bodies.request, async (body) => {
      const who = actor(body.user);
      const message = workspace.message(body.message);
      if (!message)
        throw new HttpError(404, `message ${body.message} does not exist (it may have been retracted)`);
      return await request(who, message.text, message, body.requestId);
    }),
    post('/sandbox/api/approve', bodies.approve, async (body) =>
      gateReply(
        await deps.gate().approve({
          draftId: body.draftId,
          version: body.version,
          actor: actor(body.user),
          confirmed: body.confirmed,
        }),
      ),
    ),
    // Opening the editor asks the Gate first (editorFor): someone who may not edit never sees an editor.
    post('/sandbox/api/editor', bodies.editor, async (body) => {
      const who = actor(body.user);
      const editor = await deps.gate().editorFor(body.draftId, body.version, who.id);
      if (!editor.ok) throw new GateRefusal('denied', editor.message, undefined, undefined);
      return { ok: true, draftId: editor.draft.id, version: editor.draft.version, text: editor.text };
    }),
    post('/sandbox/api/edit', bodies.edit, async (body) =>
      gateReply(
        await deps
          .gate()
          .edit({ draftId: body.draftId, version: body.version, actor: actor(body.user), text: body.text }),
      ),
    ),
    post('/sandbox/api/regenerate', bodies.regenerate, async (body) =>
      gateReply(
        await deps.gate().regenerate({
          draftId: body.draftId,
          version: body.version,
          actor: actor(body.user),
          feedback: body.feedback,
        }),
      ),
    ),
    post('/sandbox/api/discard', bodies.discard, async (body) =>
      gateReply(
        await deps.gate().discard({ draftId: body.draftId, version: body.version, actor: actor(body.user) }),
      ),
    ),
    post('/sandbox/api/extend', bodies.extend, async (body) =>
      gateReply(
        await deps.gate().extend({ draftId: body.draftId, version: body.version, actor: actor(body.user) }),
      ),
    ),
    post('/sandbox/api/retract', bodies.retract, async (body) =>
      gateReply(await deps.gate().retract({ draftId: body.draftId, actor: actor(body.user) })),
    ),
  ];
}

/** A Gate refusal becomes an HTTP error with the Gate's own sentence for the person who acted. */
function gateReply(result: GateResult): unknown {
  if (!result.ok) {
    throw new GateRefusal(result.code, result.message, result.draft?.state, result.retryAfterMs);
  }
  return {
    ok: true,
    draftId: result.draft.id,
    state: result.draft.state,
    version: result.draft.version,
    ...(result.message !== undefined && { message: result.message }),
  };
}

function auditView(entry: AuditEntry): Record<string, unknown> {
  let detail: unknown = {};
  try {
    detail = JSON.parse(entry.detail);
  } catch {
    detail = { unparsed: entry.detail };
  }
  return {
    id: entry.id,
    type: entry.type,
    draftId: entry.draft_id,
    version: Number(entry.version),
    actor: entry.actor,
    channel: entry.channel,
    at: entry.at,
    detail,
    hash: entry.hash,
  };
}
