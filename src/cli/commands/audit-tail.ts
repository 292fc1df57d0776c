/** `draftgate audit tail [-n N] [--follow]`: the last N audit events as JSON lines, then new ones as they come. */
import { jsonLine, parseCount } from '../audit-format.js';
import type { CliCommand } from '../cli-command.js';
import { line } from '../io.js';
import { withAuditLog } from '../open-audit-log.js';

const command: CliCommand = {
  name: 'audit tail',
  summary: 'print the last N audit events (JSON lines), and follow new ones',
  define: (cmd) =>
    cmd
      .option('-n, --lines <n>', 'how many recent events to print', '20')
      .option('-f, --follow', 'keep printing new events until Ctrl-C')
      .option('--config <file>', 'configuration file'),
  async run(context, { options }) {
    const count = parseCount(options.lines, 'lines');
    const config = context.loadConfig(options.config as string | undefined);
    const controller = new AbortController();
    context.onSignal(() => controller.abort());
    return await withAuditLog(config, async (audit) => {
      const all = await audit.range({});
      const recent = count === 0 ? [] : all.slice(-count);
      for (const entry of recent) line(context.io.stdout, jsonLine(entry));
      let last = all.at(-1)?.id ?? '0-0';
      while (options.follow === true && !controller.signal.aborted) {
        for (const entry of await audit.follow(last, 1000)) {
          line(context.io.stdout, jsonLine(entry));
          last = entry.id;
        }
      }
      return 0;
    });
  },
};
export default command;
