/** The openai agent against a fake OpenAI-compatible server on loopback: success and every failure it must type. */
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAiAgent, type OpenAiAgentOptions } from '../../src/agents/openai-agent.js';
import { DEFAULT_SYSTEM_PROMPT } from '../../src/agents/prompt.js';
import type { AgentRequest } from '../../src/core/ports.js';
import { completion, type FakeOpenAi, startFakeOpenAi } from '../support/fake-openai.js';

const API_KEY = 'sk-test-fake-key-0123456789';
const request: AgentRequest = {
  draftId: 'd1',
  question: 'Why does the payments job fail at night?',
  context: 'alice: it started after the deploy on Monday',
  requester: 'U123',
  target: { platform: 'slack', workspace: 'T1', channel: 'C1', thread: '1700000000.000100' },
};

let fake: FakeOpenAi;
const agent = (overrides: Partial<OpenAiAgentOptions> = {}): OpenAiAgent =>
  new OpenAiAgent({
    baseUrl: fake.baseUrl,
    apiKey: API_KEY,
    model: 'gpt-test',
    maxTokens: 300,
    timeoutMs: 5_000,
    ...overrides,
  });
const never = (): AbortSignal => new AbortController().signal;

beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

interface SentBody {
  model: string;
  max_tokens: number;
  messages: { role: string; content: string }[];
}

describe('OpenAiAgent', () => {
  it('posts a chat completion and returns the answer', async () => {
    fake.script({ json: completion('  Check the cron timezone.  ') });
    const result = await agent().draft(request, never());
    expect(result).toEqual({ ok: true, text: 'Check the cron timezone.' });
    expect(fake.requests).toHaveLength(1);
    const [sent] = fake.requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    const body = sent?.body as SentBody;
    expect(body.model).toBe('gpt-test');
    expect(body.max_tokens).toBe(300);
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(body.messages[0]?.content).toBe(DEFAULT_SYSTEM_PROMPT);
    expect(body.messages[0]?.content).toContain('DRAFT');
    expect(body.messages[1]?.content).toContain(request.question);
    expect(body.messages[1]?.content).toContain('it started after the deploy on Monday');
  });

  it('uses the configured system prompt, a base URL with a trailing slash, and no key when none is set', async () => {
    fake.script({ json: completion('ok') });
    const keyless = new OpenAiAgent({
      baseUrl: `${fake.baseUrl}/`,
      model: 'gpt-test',
      maxTokens: 300,
      timeoutMs: 5_000,
      systemPrompt: 'Answer like a pirate.',
    });
    const result = await keyless.draft(request, never());
    expect(result.ok).toBe(true);
    expect(fake.requests[0]?.path).toBe('/v1/chat/completions');
    expect(fake.requests[0]?.headers.authorization).toBeUndefined();
    expect(sentBody(0).messages[0]?.content).toBe('Answer like a pirate.');
  });

  it('sends the previous draft and the feedback for a regenerate', async () => {
    fake.script({ json: completion('shorter answer') });
    const result = await agent().draft(
      { ...request, previous: { text: 'A long first draft.', feedback: 'shorter' } },
      never(),
    );
    expect(result).toEqual({ ok: true, text: 'shorter answer' });
    const { messages } = sentBody(0);
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[2]?.content).toBe('A long first draft.');
    expect(messages[3]?.content).toContain('shorter');
  });

  it('accepts content given as text parts', async () => {
    fake.script({
      json: completion([
        { type: 'text', text: 'part one, ' },
        { type: 'text', text: 'part two' },
      ]),
    });
    expect(await agent().draft(request, never())).toEqual({ ok: true, text: 'part one, part two' });
  });

  it('times out', async () => {
    fake.script({ delayMs: 10_000, json: completion('too late') });
    const result = await agent({ timeoutMs: 200 }).draft(request, never());
    expect(result).toMatchObject({ ok: false, code: 'timeout' });
  });

  it("reports the caller's timeout as a timeout and a shutdown as aborted", async () => {
    fake.script({ delayMs: 10_000 }, { delayMs: 10_000 });
    expect(await agent().draft(request, AbortSignal.timeout(150))).toMatchObject({
      ok: false,
      code: 'timeout',
    });
    const shutdown = new AbortController();
    const pending = agent().draft(request, shutdown.signal);
    await fake.received(2);
    shutdown.abort();
    expect(await pending).toMatchObject({ ok: false, code: 'aborted' });
  });

  it('reports HTTP 500 with a body excerpt and never the API key', async () => {
    fake.script({
      status: 500,
      json: { error: { message: `upstream overloaded (key ${API_KEY} rejected)`, type: 'server_error' } },
    });
    const result = await agent().draft(request, never());
    expect(result).toMatchObject({ ok: false, code: 'http' });
    if (result.ok) return;
    expect(result.reason).toContain('HTTP 500');
    expect(result.reason).toContain('upstream overloaded');
    expect(result.reason).not.toContain(API_KEY);
  });

  it('points at the key on HTTP 401', async () => {
    fake.script({ status: 401, raw: 'Unauthorized' });
    const result = await agent().draft(request, never());
    expect(result).toMatchObject({ ok: false, code: 'http' });
    expect(result.ok ? '' : result.reason).toContain('OPENAI_API_KEY');
  });

  it('reports malformed JSON', async () => {
    fake.script({ raw: '{"choices": [{"message": ' });
    const result = await agent().draft(request, never());
    expect(result).toMatchObject({ ok: false, code: 'bad_output' });
    expect(result.ok ? '' : result.reason).toContain('malformed JSON');
  });

  it('reports an empty answer and a response without choices', async () => {
    fake.script({ json: completion('   ') }, { json: completion(null) }, { json: { choices: [] } });
    expect(await agent().draft(request, never())).toMatchObject({ ok: false, code: 'empty' });
    expect(await agent().draft(request, never())).toMatchObject({ ok: false, code: 'empty' });
    expect(await agent().draft(request, never())).toMatchObject({ ok: false, code: 'bad_output' });
  });

  it('reports refusals', async () => {
    fake.script(
      { json: completion(null, { refusal: "I can't help with that." }) },
      { json: completion('', { finish_reason: 'content_filter' }) },
    );
    const refused = await agent().draft(request, never());
    expect(refused).toMatchObject({ ok: false, code: 'refused' });
    expect(refused.ok ? '' : refused.reason).toContain("I can't help with that.");
    expect(await agent().draft(request, never())).toMatchObject({ ok: false, code: 'refused' });
  });

  it('refuses a response body larger than its cap', async () => {
    fake.script({ raw: `{"choices":[{"message":{"content":"${'y'.repeat(3 * 1024 * 1024)}"}}]}` });
    const result = await agent().draft(request, never());
    expect(result).toMatchObject({ ok: false, code: 'bad_output' });
    expect(result.ok ? '' : result.reason).toContain('more than');
  });

  it('reports an endpoint that cannot be reached', async () => {
    const port = await closedPort();
    const result = await agent({ baseUrl: `http://127.0.0.1:${port}/v1` }).draft(request, never());
    expect(result).toMatchObject({ ok: false, code: 'http' });
    expect(result.ok ? '' : result.reason).toContain('could not reach');
  });
});

function sentBody(index: number): SentBody {
  const sent = fake.requests[index];
  if (!sent) throw new Error(`the fake received no request #${index}`);
  return sent.body as SentBody;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
