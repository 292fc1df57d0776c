/** createAgent picks the provider from config, and a misconfiguration says what to set. */

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../src/agents/create-agent.js';
import { agentSchema } from '../../src/config/schema.js';
import type { AgentRequest } from '../../src/core/ports.js';
import { completion, type FakeOpenAi, startFakeOpenAi } from '../support/fake-openai.js';

const SCRIPT = fileURLToPath(new URL('../support/agent-command-fixture.mjs', import.meta.url));
const request: AgentRequest = {
  draftId: 'd1',
  question: 'Is the deploy done?',
  requester: 'U1',
  target: { platform: 'slack', workspace: 'T1', channel: 'C1' },
};
const env = { PATH: process.env.PATH, SLACK_BOT_TOKEN: 'xoxb-secret', AGENT_SETTING: 'from-env' };

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake.close();
});

describe('createAgent', () => {
  it('defaults to the demo agent', async () => {
    const agent = createAgent(agentSchema.parse({}), { env });
    expect(agent.name).toBe('demo');
    expect(await agent.draft(request, new AbortController().signal)).toMatchObject({ ok: true });
  });

  it('builds the openai agent from config, with its timeout and system prompt', async () => {
    fake.script({ json: completion('Yes, it finished at 10:02.') });
    const config = agentSchema.parse({
      provider: 'openai',
      timeout: '5s',
      system_prompt: 'Be brief.',
      openai: { base_url: fake.baseUrl, api_key: 'sk-test', model: 'local-model', max_tokens: 50 },
    });
    const agent = createAgent(config, { env });
    expect(agent.name).toBe('openai');
    expect(await agent.draft(request, new AbortController().signal)).toEqual({
      ok: true,
      text: 'Yes, it finished at 10:02.',
    });
    const body = fake.requests.at(-1)?.body as {
      model: string;
      max_tokens: number;
      messages: { content: string }[];
    };
    expect(body.model).toBe('local-model');
    expect(body.max_tokens).toBe(50);
    expect(body.messages[0]?.content).toBe('Be brief.');
  });

  it('builds the command agent without passing on draftgate credentials', async () => {
    const config = agentSchema.parse({
      provider: 'command',
      command: { argv: [process.execPath, SCRIPT, 'env'] },
    });
    const agent = createAgent(config, { env });
    expect(agent.name).toBe('command');
    expect(await agent.draft(request, new AbortController().signal)).toEqual({
      ok: true,
      text: 'slack=absent redis=absent custom=from-env',
    });
  });

  it('tells the operator what to set when openai has no base URL', () => {
    expect(() => createAgent(agentSchema.parse({ provider: 'openai' }), { env })).toThrow(/OPENAI_BASE_URL/);
  });

  it('accepts an openai endpoint without a key (local models)', () => {
    const config = agentSchema.parse({
      provider: 'openai',
      openai: { base_url: 'http://127.0.0.1:11434/v1' },
    });
    expect(createAgent(config, { env }).name).toBe('openai');
  });

  it('tells the operator what to set when command has no argv', () => {
    expect(() => createAgent(agentSchema.parse({ provider: 'command' }), { env })).toThrow(
      /agent\.command\.argv/,
    );
  });
});
