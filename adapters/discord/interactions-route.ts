/**
 * `POST /discord/interactions`: Discord's HTTP interactions endpoint. Verifies the ed25519 signature (401 when it
 * is missing, stale or wrong), answers PING, and otherwise hands the interaction to the shared handler. The handler's
 * first response (defer, modal, ephemeral reply) becomes the HTTP response; its remaining work continues after it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type APIInteraction, InteractionResponseType, InteractionType, type REST } from 'discord.js';
import type { Logger } from 'pino';
import type { Clock } from '../../src/core/ports.js';
import { BodyTooLargeError, readBody } from '../../src/server/read-body.js';
import type { Route } from '../../src/server/route.js';
import { inboundFromHttp } from './inbound-from-http.js';
import type { DiscordInteractionHandler } from './interaction-handler.js';
import { InteractionResponder } from './interaction-responder.js';
import { publicKeyFromHex, verifyDiscordSignature } from './verify-signature.js';

export const INTERACTIONS_PATH = '/discord/interactions';
/** Interaction payloads are small; Discord's largest (resolved data of a context-menu command) stays far below. */
const BODY_LIMIT = 256 * 1024;
/** If the handler has not answered by then, defer for it: Discord gives up after 3 seconds. */
const SAFETY_DEFER_MS = 2_000;

export interface InteractionsRouteDeps {
  publicKey: string;
  /** The configured application (DISCORD_APPLICATION_ID): interactions for any other application are refused. */
  applicationId: string | undefined;
  handler: DiscordInteractionHandler;
  rest: REST;
  clock: Clock;
  logger: Logger;
  /** Registers the work that continues after the HTTP response, so that stop() can wait for it. */
  track(work: Promise<void>): void;
  /** False while stopping: new interactions get 503. */
  accepting(): boolean;
}

export function createInteractionsRoute(deps: InteractionsRouteDeps): Route {
  const key = publicKeyFromHex(deps.publicKey);
  return {
    method: 'POST',
    path: INTERACTIONS_PATH,
    async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      let body: Buffer;
      try {
        body = await readBody(req, BODY_LIMIT);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendText(res, 413, 'request body too large');
        throw error;
      }
      const check = verifyDiscordSignature({
        key,
        signature: header(req, 'x-signature-ed25519'),
        timestamp: header(req, 'x-signature-timestamp'),
        body,
        now: deps.clock.now(),
      });
      if (!check.ok) {
        deps.logger.warn({ reason: check.reason }, 'discord interaction refused: bad request signature');
        return sendText(res, 401, 'invalid request signature');
      }
      let payload: APIInteraction;
      try {
        payload = JSON.parse(body.toString('utf8')) as APIInteraction;
      } catch {
        return sendText(res, 400, 'body is not JSON');
      }
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
        return sendText(res, 400, 'body is not an interaction object');
      }
      if (deps.applicationId === undefined || payload.application_id !== deps.applicationId) {
        deps.logger.warn(
          { application: String(payload.application_id).slice(0, 32) },
          'discord interaction refused: it is for another application than DISCORD_APPLICATION_ID',
        );
        return sendText(res, 403, 'interaction for another application');
      }
      if (payload.type === InteractionType.Ping) return sendJson(res, { type: InteractionResponseType.Pong });
      if (!deps.accepting()) return sendText(res, 503, 'draftgate is shutting down');

      let answered!: () => void;
      const initialSent = new Promise<void>((resolve) => {
        answered = resolve;
      });
      const responder = new InteractionResponder(
        deps.rest,
        { applicationId: payload.application_id, token: payload.token },
        (response) =>
          new Promise<void>((resolve) => {
            answered();
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify(response), () => resolve());
          }),
      );
      const work = deps.handler.handle(inboundFromHttp(payload), responder);
      deps.track(work);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), SAFETY_DEFER_MS);
      });
      const first = await Promise.race([
        initialSent.then(() => 'answered' as const),
        work.then(() => 'done' as const),
        late,
      ]);
      clearTimeout(timer);
      if (first === 'answered' || responder.acknowledged) return;
      if (first === 'done') {
        await responder.replyEphemeral({ content: 'draftgate had nothing to do for this interaction.' });
        return;
      }
      deps.logger.warn(
        { interaction: payload.id },
        'discord handler did not answer within 2 s; deferring for it',
      );
      await responder.deferEphemeral();
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function sendJson(res: ServerResponse, value: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}
