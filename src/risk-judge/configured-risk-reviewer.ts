/**
 * The risk reviewer the configuration asks for: the rules, and with `risk.judge.enabled` the model's second opinion
 * running beside them (its endpoint, key and model default to `agent.openai`'s).
 */
import type { Config } from '../config/schema.js';
import type { RiskReviewer } from '../core/ports.js';
import { withJudge } from '../core/risk/judge.js';
import { createRiskReviewer } from '../core/risk/risk-reviewer.js';
import { createOpenAiJudge } from './openai-judge.js';

export function createConfiguredRiskReviewer(
  config: Pick<Config, 'risk' | 'agent'>,
  fetch?: typeof globalThis.fetch,
): RiskReviewer {
  const rules = createRiskReviewer(config.risk);
  const judge = config.risk.judge;
  if (!judge.enabled) return rules;
  const baseUrl = judge.base_url ?? config.agent.openai.base_url;
  if (!baseUrl) {
    throw new Error(
      'risk.judge is enabled but no endpoint is configured: set risk.judge.base_url or OPENAI_BASE_URL (agent.openai.base_url).',
    );
  }
  const apiKey = judge.api_key ?? config.agent.openai.api_key;
  return withJudge(
    rules,
    createOpenAiJudge({
      baseUrl,
      model: judge.model ?? config.agent.openai.model,
      ...(apiKey !== undefined && { apiKey }),
      ...(fetch !== undefined && { fetch }),
    }),
    judge.timeout,
  );
}
