/**
 * Runs the server until SIGTERM/SIGINT, then drains in-flight work and closes the store. Returns the exit code.
 * Log lines go synchronously to stdout, so the last ones ("stopped") are written before the process exits.
 */
import { createApp } from '../app.js';
import type { Config } from '../config/schema.js';
import { createLogger } from '../server/create-logger.js';
import { describeEndpoint, redisEndpoint } from '../store/redis/redis-endpoint.js';
import type { CliContext } from './cli-command.js';
import { line } from './io.js';
import { packageVersion } from './version.js';

export async function runServer(context: CliContext, config: Config): Promise<number> {
  const { io, onSignal } = context;
  // A person at a terminal gets readable lines, starting with where to go; anything else gets JSON lines.
  const terminal = (io.stdout as { isTTY?: boolean }).isTTY === true;
  const logger = createLogger({
    level: config.log.level,
    pretty: terminal || config.log.pretty || io.env.NODE_ENV === 'development',
    colorize: terminal,
    destination: io.stdout,
  });
  const app = await createApp({ config, env: io.env, logger, version: packageVersion() });
  let url: string;
  try {
    ({ url } = await app.start());
  } catch (error) {
    await app.stop().catch(() => {});
    throw error;
  }
  const sandbox = app.modes.includes('sandbox');
  if (terminal) line(io.stdout, sandbox ? `Open ${url}` : `Listening on ${url} (${app.modes.join(' + ')})`);
  const endpoint = redisEndpoint(config.redis);
  logger.info(
    endpoint ? { store: 'redis', prefix: config.redis.prefix } : { store: 'memory' },
    endpoint
      ? `store: ${describeEndpoint(endpoint)} (audit stream ${config.redis.prefix}:audit)`
      : 'store: memory (no REDIS_URL): drafts and the audit log live in this process only and are lost on restart',
  );
  logger.info(
    { agent: config.agent.provider },
    config.agent.provider === 'demo'
      ? 'agent: demo (offline canned replies, labelled as such; set DRAFTGATE_AGENT=openai or command for a real agent)'
      : `agent: ${config.agent.provider}`,
  );

  logger.info(
    { url, modes: app.modes },
    sandbox
      ? `draftgate sandbox: open ${url} in a browser (no Slack or Discord credentials configured)`
      : `draftgate ${app.modes.join(' + ')} listening on ${url}`,
  );

  return await new Promise<number>((resolve) => {
    let stopping = false;
    onSignal(() => {
      if (stopping) {
        logger.warn('second signal: exiting without waiting for in-flight work');
        resolve(1);
        return;
      }
      stopping = true;
      logger.info('shutting down: draining in-flight work, then closing the store');
      app.stop().then(
        () => {
          logger.info('stopped');
          resolve(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          resolve(1);
        },
      );
    });
  });
}
