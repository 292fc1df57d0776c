/** `draftgate audit export [--since T] [--until T]`: audit events as JSON lines, for a SIEM or a spreadsheet. */
import { jsonLine, parseTime } from '../audit-format.js';
import type { CliCommand } from '../cli-command.js';
import { line } from '../io.js';
import { withAuditLog } from '../open-audit-log.js';

const command: CliCommand = {
  name: 'audit export',
  summary: 'audit events as JSON lines (T: ISO-8601 or epoch ms)',
  define: (cmd) =>
    cmd
      .option('--since <time>', 'from this time (ISO-8601 or epoch ms)')
      .option('--until <time>', 'up to this time (ISO-8601 or epoch ms)')
      .option('--config <file>', 'configuration file'),
  async run(context, { options }) {
    const since = parseTime(options.since, 'since');
    const until = parseTime(options.until, 'until');
    const config = context.loadConfig(options.config as string | undefined);
    return await withAuditLog(config, async (audit) => {
      const entries = await audit.range({
        ...(since !== undefined ? { since } : {}),
        ...(until !== undefined ? { until } : {}),
      });
      for (const entry of entries) line(context.io.stdout, jsonLine(entry));
      return 0;
    });
  },
};
export default command;
