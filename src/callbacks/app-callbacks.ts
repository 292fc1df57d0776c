/** Builds the agent callbacks for an app when any intake agent has a `callback_url` (they need Redis). */
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/ports.js';
import type { Stores } from '../store/create-store.js';
import { redisKeys } from '../store/redis/keys.js';
import { type Callbacks, type CallbackTuning, createCallbacks } from './create-callbacks.js';

export function appCallbacks(input: {
  config: Config;
  env: Readonly<Record<string, string | undefined>>;
  stores: Stores;
  clock: Clock;
  logger: Logger;
  tuning?: CallbackTuning | undefined;
}): Callbacks | undefined {
  const { config, stores } = input;
  if (!config.intake.agents.some((agent) => agent.callback_url)) return undefined;
  if (!stores.redis) {
    throw new Error(
      'intake.agents[].callback_url needs Redis (set REDIS_URL): the delivery queue must survive a restart',
    );
  }
  const keys = redisKeys(config.redis.prefix);
  return createCallbacks({
    agents: config.intake.agents,
    env: input.env,
    redis: stores.redis,
    drafts: stores.drafts,
    stream: keys.audit,
    keys: keys.callbacks,
    clock: input.clock,
    logger: input.logger,
    ...(input.tuning ? { tuning: input.tuning } : {}),
  });
}
