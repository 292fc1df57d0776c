/**
 * The environment a command agent runs with: draftgate's own environment minus draftgate's credentials. An agent may
 * draft, never post, so it must not receive the platform tokens or the Redis URL (which can carry a password).
 */
const WITHHELD = /^(?:SLACK_|DISCORD_|REDIS_|DRAFTGATE_)/i;

export function childEnvironment(env: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !WITHHELD.test(key)) out[key] = value;
  }
  return out;
}
