/**
 * The Web API calls every flow makes (conversations.open, chat.postMessage, chat.update), and the private replies
 * through an interaction's `response_url`, posted as JSON over keep-alive agents. The WebClient spends ~1 ms of CPU
 * per call on work draftgate does not need (form-encoding, debug strings built whether or not they are logged, a
 * queue, a retry wrapper, WHATWG fetch), and Bolt's `respond` goes through WHATWG fetch too; a direct POST costs
 * about a fifth of that (docs/dependencies.md). Every other call stays on the WebClient.
 *
 * Failures come back as @slack/web-api's own error classes, so callers classify them exactly as WebClient errors:
 * `ok: false` → WebAPIPlatformError, 429 → WebAPIRateLimitedError, another status → WebAPIHTTPError, no answer
 * (refused, reset, timed out) → WebAPIRequestError. Like draftgate's WebClient, it never retries: a retried
 * chat.postMessage can post twice.
 */
import http from 'node:http';
import https from 'node:https';
import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';

export interface WebApiPostOptions {
  token: string;
  /** The Web API base, ending in `/api/` (normalizeApiUrl). */
  apiUrl: string;
  /** Per-call timeout (ms), from sending the request to the whole answer. */
  timeoutMs: number;
  logger: Logger;
}

export interface WebApiPost {
  postMessage(args: webApi.ChatPostMessageArguments): Promise<webApi.ChatPostMessageResponse>;
  update(args: webApi.ChatUpdateArguments): Promise<webApi.ChatUpdateResponse>;
  openConversation(args: webApi.ConversationsOpenArguments): Promise<webApi.ConversationsOpenResponse>;
  /** Posts a message to an interaction's `response_url` (what Bolt's `respond` does); throws unless Slack says 200. */
  respond(responseUrl: string, message: object): Promise<void>;
}

type Answer = webApi.WebAPICallResult;

export function createWebApiPost(options: WebApiPostOptions): WebApiPost {
  const base = new URL(options.apiUrl);
  // WebClient's default concurrency (maxRequestConcurrency) is 100 requests at once. Node unrefs idle keep-alive
  // sockets, so they never hold a stopping process open.
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 100 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 100 }),
  };
  const json = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'draftgate (node:http)' };
  const withToken = { ...json, authorization: `Bearer ${options.token}` };

  /** One POST of a JSON body; resolves with the status, headers and body text, or rejects with a request error. */
  function exchange(
    url: URL,
    headers: Record<string, string>,
    body: string,
    what: string,
  ): Promise<Exchange> {
    const secure = url.protocol === 'https:';
    const send = secure ? https.request : http.request;
    return new Promise<Exchange>((resolve, reject) => {
      const req = send(
        url,
        {
          method: 'POST',
          agent: secure ? agents['https:'] : agents['http:'],
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => fail(new webApi.WebAPIRequestError(error)));
          res.on('end', () => {
            clearTimeout(timer);
            resolve({ res, text: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        req.destroy();
        reject(error);
      };
      const timer = setTimeout(
        () =>
          fail(new webApi.WebAPIRequestError(new Error(`${what} timed out after ${options.timeoutMs} ms`))),
        options.timeoutMs,
      );
      req.on('error', (error) => fail(new webApi.WebAPIRequestError(error)));
      req.end(body);
    });
  }

  async function call<R extends Answer>(method: string, args: object): Promise<R> {
    const { res, text } = await exchange(new URL(method, base), withToken, JSON.stringify(args), method);
    return answer(method, res, text, options.logger) as R;
  }

  return {
    postMessage: (args) => call('chat.postMessage', args),
    update: (args) => call('chat.update', args),
    openConversation: (args) => call('conversations.open', args),
    async respond(responseUrl, message) {
      const { res } = await exchange(new URL(responseUrl), json, JSON.stringify(message), 'response_url');
      if (res.statusCode !== 200) {
        throw new Error(`Slack refused the response_url post: ${res.statusCode} ${res.statusMessage ?? ''}`);
      }
    },
  };
}

interface Exchange {
  res: http.IncomingMessage;
  text: string;
}

/** The parsed answer, or the error the WebClient would throw for it. */
function answer(method: string, res: http.IncomingMessage, text: string, logger: Logger): Answer {
  const status = res.statusCode ?? 0;
  if (status === 429) {
    const seconds = Number.parseInt(String(res.headers['retry-after'] ?? ''), 10);
    if (Number.isNaN(seconds)) throw new Error(`Slack answered ${method} with 429 and no valid Retry-After`);
    throw new webApi.WebAPIRateLimitedError(seconds);
  }
  if (status !== 200) {
    throw new webApi.WebAPIHTTPError(status, res.statusMessage ?? '', flatHeaders(res.headers), text);
  }
  let result: Answer & { error?: string };
  try {
    result = JSON.parse(text) as Answer;
  } catch {
    // What the WebClient makes of a body that is not JSON.
    result = { ok: false, error: text };
  }
  for (const warning of result.response_metadata?.warnings ?? []) {
    logger.warn({ method, warning }, 'Slack answered with a warning');
  }
  if (!result.ok) throw new webApi.WebAPIPlatformError({ ...result, error: result.error ?? 'unknown_error' });
  return result;
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
