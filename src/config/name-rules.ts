/** Where the configuration matches channels by name (`#eng-*`): on Slack, those rules need channel-reading scopes. */
import { isNamePattern } from '../core/channel-rules.js';
import type { Config } from './schema.js';

/** The config keys holding `#name` channel patterns, e.g. `policy.requesters[0].channels`. */
export function nameRules(config: Config): string[] {
  const keys: string[] = [];
  config.policy.requesters.forEach((rule, index) => {
    if (rule.channels.some(isNamePattern)) keys.push(`policy.requesters[${index}].channels`);
  });
  if (config.policy.denied_channels.some(isNamePattern)) keys.push('policy.denied_channels');
  config.intake.agents.forEach((agent, index) => {
    if (agent.channels?.some(isNamePattern)) keys.push(`intake.agents[${index}].channels`);
  });
  return keys;
}
