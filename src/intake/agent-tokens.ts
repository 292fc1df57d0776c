import { createHash, timingSafeEqual } from 'node:crypto';
import type { IntakeConfig } from '../config/schema.js';

/**
 * Finds the intake agent whose token this is. Tokens are configured as sha256 hashes and compared in constant
 * time; every configured agent is compared, so timing does not reveal which one matched.
 */
export function agentForToken(config: IntakeConfig, bearer: string | undefined): string | undefined {
  if (!bearer) return undefined;
  const presented = createHash('sha256').update(bearer).digest();
  let found: string | undefined;
  for (const agent of config.agents) {
    const expected = Buffer.from(agent.token_sha256, 'hex');
    if (expected.length === presented.length && timingSafeEqual(expected, presented) && found === undefined) {
      found = agent.name;
    }
  }
  return found;
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
