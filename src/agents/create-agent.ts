/** Picks and configures the agent provider from `agent` config. Misconfiguration stops start-up with what to set. */
import type { AgentConfig } from '../config/schema.js';
import type { Agent } from '../core/ports.js';
import { childEnvironment } from './child-env.js';
import { CommandAgent } from './command-agent.js';
import { DemoAgent } from './demo-agent.js';
import { OpenAiAgent } from './openai-agent.js';

export interface AgentDeps {
  /**
   * draftgate's environment, passed on to a command agent minus draftgate's own credentials (SLACK_*, DISCORD_*,
   * REDIS_*, DRAFTGATE_*). Only the config loader reads process.env; the app hands it over here.
   */
  env: Readonly<Record<string, string | undefined>>;
  fetch?: typeof globalThis.fetch;
  /** Command agent: time between SIGTERM and SIGKILL after a timeout. */
  killGraceMs?: number;
}

export function createAgent(config: AgentConfig, deps: AgentDeps): Agent {
  switch (config.provider) {
    case 'demo':
      return new DemoAgent();
    case 'openai': {
      const { base_url: baseUrl, api_key: apiKey, model, max_tokens: maxTokens } = config.openai;
      if (!baseUrl) {
        throw new Error(
          'The openai agent needs the endpoint: set OPENAI_BASE_URL (or agent.openai.base_url), e.g. https://api.openai.com/v1 or http://localhost:11434/v1 for Ollama. Set OPENAI_API_KEY too unless the endpoint needs no key.',
        );
      }
      return new OpenAiAgent({
        baseUrl,
        model,
        maxTokens,
        timeoutMs: config.timeout,
        ...(apiKey ? { apiKey } : {}),
        ...(config.system_prompt ? { systemPrompt: config.system_prompt } : {}),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
    }
    case 'command': {
      const argv = config.command?.argv;
      if (!argv || argv.length === 0) {
        throw new Error(
          'The command agent needs a program: set agent.command.argv in the config file, e.g. argv: ["python3", "agents/reply.py"] (and agent.command.cwd if it needs a working directory).',
        );
      }
      return new CommandAgent({
        argv,
        env: childEnvironment(deps.env),
        timeoutMs: config.timeout,
        ...(config.command?.cwd ? { cwd: config.command.cwd } : {}),
        ...(deps.killGraceMs !== undefined ? { killGraceMs: deps.killGraceMs } : {}),
      });
    }
  }
}
