/**
 * `draftgate config check [file]`: validates the configuration without starting anything. Exit 0 valid (warnings
 * printed to stderr), 2 invalid.
 */
import { ConfigError, loadConfig } from '../../config/load-config.js';
import type { CliCommand } from '../cli-command.js';
import { line } from '../io.js';

const command: CliCommand = {
  name: 'config check',
  summary: 'validate a configuration file without starting anything',
  define: (cmd) =>
    cmd
      .argument('[file]', 'the YAML file (default: --config, DRAFTGATE_CONFIG or config/draftgate.yaml)')
      .option('--config <file>', 'configuration file'),
  async run(context, { args, options }) {
    const { io } = context;
    const { config, file: used } = loadConfig({
      file: args[0] ?? (options.config as string | undefined),
      env: io.env,
      cwd: io.cwd,
    });
    // Risk rules and the agent are validated when built (regexes compile, overrides name real rules).
    const { asConfigProblem } = await import('../../app.js');
    const { createRiskReviewer } = await import('../../core/risk/risk-reviewer.js');
    const { createAgent } = await import('../../agents/create-agent.js');
    asConfigProblem(() => createRiskReviewer(config.risk));
    asConfigProblem(() => createAgent(config.agent, { env: io.env }));
    const { reviewConfig } = await import('../config-warnings.js');
    const review = reviewConfig(config);
    if (review.errors.length > 0) throw new ConfigError(used, review.errors);
    for (const warning of review.warnings) line(io.stderr, `draftgate: warning: ${warning}`);
    line(
      io.stdout,
      `ok: ${used ?? '(no file: defaults and environment)'} is valid${review.warnings.length > 0 ? ` (with ${review.warnings.length} warning${review.warnings.length === 1 ? '' : 's'})` : ''}`,
    );
    line(
      io.stdout,
      `  store: ${config.redis.url || config.redis.sentinels ? 'redis' : 'memory'}; agent: ${config.agent.provider}; second approval: ${config.policy.second_approval.mode}`,
    );
    return 0;
  },
};
export default command;
