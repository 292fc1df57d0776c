/**
 * An agent behind any OpenAI-compatible chat-completions endpoint (OpenAI, Azure, Ollama, vLLM, LiteLLM):
 * `POST {baseUrl}/chat/completions`. Never throws; every failure is a typed result with a reason the requester sees.
 */
import type { Agent, AgentRequest, AgentResult } from '../core/ports.js';
import { deadline } from './deadline.js';
import { buildMessages, DEFAULT_SYSTEM_PROMPT } from './prompt.js';

export interface OpenAiAgentOptions {
  /** The API base, e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`. */
  baseUrl: string;
  /** Absent for local endpoints that need no key. */
  apiKey?: string;
  model: string;
  maxTokens: number;
  timeoutMs: number;
  systemPrompt?: string;
  name?: string;
  fetch?: typeof globalThis.fetch;
}

const EXCERPT = 200;
/** Cap on a response body: a chat completion for one forum reply is a few KB. */
const MAX_BODY = 2 * 1024 * 1024;

export class OpenAiAgent implements Agent {
  readonly name: string;
  readonly #o: OpenAiAgentOptions;
  readonly #url: string;
  readonly #fetch: typeof globalThis.fetch;

  constructor(options: OpenAiAgentOptions) {
    this.#o = options;
    this.name = options.name ?? 'openai';
    this.#url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  async draft(request: AgentRequest, signal: AbortSignal): Promise<AgentResult> {
    const limit = deadline(signal, this.#o.timeoutMs);
    const what = `the model endpoint (${this.#origin()})`;
    try {
      const response = await this.#fetch(this.#url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(this.#o.apiKey ? { authorization: `Bearer ${this.#o.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: this.#o.model,
          messages: buildMessages(request, this.#o.systemPrompt ?? DEFAULT_SYSTEM_PROMPT),
          max_tokens: this.#o.maxTokens,
        }),
        signal: limit.signal,
      });
      const body = await readCapped(response, MAX_BODY);
      if (body === undefined) {
        return { ok: false, code: 'bad_output', reason: `${what} sent more than ${MAX_BODY} bytes` };
      }
      if (!response.ok) return { ok: false, code: 'http', reason: this.#httpReason(response.status, body) };
      return parseCompletion(body, what);
    } catch (error) {
      if (limit.signal.aborted) return limit.failure(what);
      return { ok: false, code: 'http', reason: `could not reach ${what}: ${this.#scrub(describe(error))}` };
    } finally {
      limit.dispose();
    }
  }

  #origin(): string {
    try {
      return new URL(this.#url).host;
    } catch {
      return 'unknown host';
    }
  }

  #httpReason(status: number, body: string): string {
    let detail = body;
    try {
      const parsed: unknown = JSON.parse(body);
      const message = errorMessage(parsed);
      if (message) detail = message;
    } catch {
      // Not JSON: the raw body excerpt is the best detail there is.
    }
    const excerpt = this.#scrub(detail).replace(/\s+/g, ' ').trim().slice(0, EXCERPT);
    const hint =
      status === 401 || status === 403
        ? ' (check OPENAI_API_KEY)'
        : status === 404
          ? ' (check OPENAI_BASE_URL, which should end in /v1, and OPENAI_MODEL)'
          : '';
    return `HTTP ${status} from ${this.#origin()}${hint}${excerpt ? `: ${excerpt}` : ''}`;
  }

  /** The API key never appears in a reason, even when an endpoint echoes it back. */
  #scrub(text: string): string {
    const key = this.#o.apiKey;
    return key && key.length >= 4 ? text.split(key).join('[api key]') : text;
  }
}

function parseCompletion(body: string, what: string): AgentResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return {
      ok: false,
      code: 'bad_output',
      reason: `${what} answered with malformed JSON: ${excerptOf(body)}`,
    };
  }
  const choice = firstChoice(parsed);
  if (!choice) {
    const message = errorMessage(parsed);
    return {
      ok: false,
      code: 'bad_output',
      reason: message ? `${what} returned an error: ${excerptOf(message)}` : `${what} returned no choices`,
    };
  }
  const refusal = choice.message?.refusal;
  if (typeof refusal === 'string' && refusal.trim()) {
    return { ok: false, code: 'refused', reason: `the model refused: ${excerptOf(refusal)}` };
  }
  if (choice.finish_reason === 'content_filter') {
    return { ok: false, code: 'refused', reason: "the model's content filter stopped the answer" };
  }
  const text = contentText(choice.message?.content).trim();
  if (!text) return { ok: false, code: 'empty', reason: 'the model returned an empty answer' };
  return { ok: true, text };
}

interface Choice {
  finish_reason?: unknown;
  message?: { content?: unknown; refusal?: unknown };
}

function firstChoice(parsed: unknown): Choice | undefined {
  if (!isObject(parsed) || !Array.isArray(parsed.choices)) return undefined;
  const choice: unknown = parsed.choices[0];
  if (!isObject(choice)) return undefined;
  const message = isObject(choice.message) ? choice.message : undefined;
  return { finish_reason: choice.finish_reason, ...(message ? { message } : {}) };
}

/** `content` is a string, or (some servers) an array of `{ type: 'text', text }` parts. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => (isObject(part) && typeof part.text === 'string' ? part.text : ''))
    .join('');
}

function errorMessage(parsed: unknown): string | undefined {
  if (!isObject(parsed)) return undefined;
  const error = parsed.error;
  if (typeof error === 'string') return error;
  if (isObject(error) && typeof error.message === 'string') return error.message;
  return typeof parsed.message === 'string' ? parsed.message : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT)}…` : flat;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code ? `${code} (${cause.message})` : cause.message;
  }
  return error.message;
}

/** Reads the body, or undefined when it is larger than `max` bytes. */
async function readCapped(response: Response, max: number): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
