/** `draftgate start`: runs the server until SIGTERM/SIGINT, then drains in-flight work, closes Redis and exits 0. */
import type { CliCommand } from '../cli-command.js';
import { CliError } from '../cli-command.js';
import { describeError } from '../describe-error.js';

const command: CliCommand = {
  name: 'start',
  summary: 'run draftgate (the sandbox when no Slack/Discord credentials are set)',
  define: (cmd) => cmd.option('--config <file>', 'configuration file'),
  async run(context, { options }) {
    const config = context.loadConfig(options.config as string | undefined);
    const { runServer } = await import('../run-server.js');
    try {
      return await runServer(context, config);
    } catch (error) {
      const { RedisUnreachableError } = await import('../../store/connect-redis.js');
      if (error instanceof RedisUnreachableError) throw new CliError(error.message, 1);
      throw new CliError(describeError(error), 1);
    }
  },
};
export default command;
