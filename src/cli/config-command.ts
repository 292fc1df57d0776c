import { ConfigError, loadConfig } from '../config/load-config.js';
import { type CliIo, line } from './io.js';

/** `draftgate config check [file]`: validates without starting anything. Exit 0 valid, 2 invalid. */
export async function configCheck(io: CliIo, file: string | undefined): Promise<number> {
  try {
    const { config, file: used } = loadConfig({ file, env: io.env, cwd: io.cwd });
    // Risk rules and the agent are validated when built (regexes compile, overrides name real rules).
    const { asConfigProblem } = await import('../app.js');
    const { createRiskReviewer } = await import('../core/risk/risk-reviewer.js');
    const { createAgent } = await import('../agents/create-agent.js');
    asConfigProblem(() => createRiskReviewer(config.risk));
    asConfigProblem(() => createAgent(config.agent, { env: io.env }));
    line(io.stdout, `ok: ${used ?? '(no file: defaults and environment)'} is valid`);
    line(
      io.stdout,
      `  store: ${config.redis.url || config.redis.sentinels ? 'redis' : 'memory'}; agent: ${config.agent.provider}; second approval: ${config.policy.second_approval.mode}`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) return printConfigError(io, error);
    throw error;
  }
}

/** One line per problem, naming the key path; exit code 2. */
export function printConfigError(io: CliIo, error: ConfigError): number {
  line(io.stderr, `draftgate: invalid configuration${error.file ? ` in ${error.file}` : ''}`);
  for (const problem of error.problems) line(io.stderr, `  ${problem}`);
  return 2;
}
