/**
 * A Bolt Receiver mounted on draftgate's one HTTP server as the route `POST /slack/events`.
 * It verifies the signature itself (both clock directions), answers ssl_check and url_verification, and hands
 * everything else to Bolt, answering the HTTP request with whatever the listener's ack() gives. Listeners keep
 * running after the ack (the agent runs there); stop() waits for them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type App, HTTPResponseAck, type Receiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Clock } from '../../src/core/ports.js';
import { BodyTooLargeError, readBody } from '../../src/server/read-body.js';
import type { Route } from '../../src/server/route.js';
import { boltLogger } from './bolt-logger.js';
import { isSslCheck, MalformedBodyError, type ParsedDelivery, parseDelivery } from './parse-body.js';
import { verifySlackSignature } from './verify-signature.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface RouteReceiverOptions {
  signingSecret: string;
  logger: Logger;
  clock: Clock;
  /** Largest accepted body (view submissions carry whole modals). */
  bodyLimit?: number;
  /** How long Bolt waits for a listener's ack() before answering 404 (Slack gives up after 3 s). */
  unhandledRequestTimeoutMs?: number;
}

export class RouteReceiver implements Receiver {
  private app: App | undefined;
  private accepting = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly bodyLimit: number;
  /** Bolt's logger for each delivery's ack: one for all of them. */
  private readonly ackLogger: ReturnType<typeof boltLogger>;

  constructor(private readonly options: RouteReceiverOptions) {
    this.bodyLimit = options.bodyLimit ?? 2 * 1024 * 1024;
    this.ackLogger = boltLogger(options.logger);
  }

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {
    this.accepting = true;
  }

  async stop(): Promise<void> {
    this.accepting = false;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Resolves when every delivery accepted so far has finished (tests and graceful shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  route(): Route {
    return { method: 'POST', path: SLACK_EVENTS_PATH, handle: (req, res) => this.handle(req, res) };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { logger } = this.options;
    const app = this.app;
    if (app === undefined || !this.accepting) {
      reply(res, 503, 'draftgate is starting or stopping; Slack retries events on its own.');
      return;
    }
    let rawBody: Buffer;
    try {
      rawBody = await readBody(req, this.bodyLimit);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        reply(res, 413, error.message);
        return;
      }
      throw error;
    }
    const contentType = header(req, 'content-type');
    if (isSslCheck(contentType, rawBody)) {
      reply(res, 200, '');
      return;
    }
    const check = verifySlackSignature(
      this.options.signingSecret,
      {
        signature: header(req, 'x-slack-signature'),
        timestamp: header(req, 'x-slack-request-timestamp'),
        rawBody,
      },
      this.options.clock.now(),
    );
    if (!check.ok) {
      logger.warn(
        { reason: check.reason },
        'refused a Slack request: check that slack.signing_secret (SLACK_SIGNING_SECRET) matches the app, and that this host clock is right',
      );
      reply(res, 401, 'invalid Slack request signature');
      return;
    }
    let parsed: ParsedDelivery;
    try {
      parsed = parseDelivery(contentType, rawBody);
    } catch (error) {
      if (error instanceof MalformedBodyError) {
        reply(res, 400, error.message);
        return;
      }
      throw error;
    }
    if (parsed.kind === 'ssl_check') {
      reply(res, 200, '');
      return;
    }
    if (parsed.kind === 'url_verification') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ challenge: parsed.challenge }));
      return;
    }

    const ackArgs = {
      logger: this.ackLogger,
      processBeforeResponse: false,
      httpRequest: req,
      httpRequestBody: parsed.body,
      httpResponse: res,
      ...(this.options.unhandledRequestTimeoutMs !== undefined
        ? { unhandledRequestTimeoutMillis: this.options.unhandledRequestTimeoutMs }
        : {}),
    };
    const ack = new HTTPResponseAck(ackArgs);
    const retryNum = retryNumber(header(req, 'x-slack-retry-num'));
    const retryReason = header(req, 'x-slack-retry-reason');
    const responded = new Promise<void>((resolve) => {
      res.once('finish', resolve);
      res.once('close', resolve);
    });
    const work = app
      .processEvent({
        body: parsed.body,
        ack: ack.bind(),
        ...(retryNum !== undefined ? { retryNum } : {}),
        ...(retryReason !== undefined ? { retryReason } : {}),
        customProperties: {},
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'a Slack delivery failed before it was acknowledged');
        if (!res.headersSent) reply(res, 500, 'internal error');
      });
    this.track(work);
    await Promise.race([responded, work]);
    if (!res.headersSent) await responded;
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function retryNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,6}$/.test(value)) return undefined;
  return Number(value);
}

function reply(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
