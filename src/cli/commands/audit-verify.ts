/** `draftgate audit verify`: walks the hash chain; exit 1 naming the first bad entry. */
import { verifyChain } from '../../core/verify-chain.js';
import type { CliCommand } from '../cli-command.js';
import { line } from '../io.js';
import { withAuditLog } from '../open-audit-log.js';

const command: CliCommand = {
  name: 'audit verify',
  summary: 'walk the hash chain; exit 1 naming the first bad entry',
  define: (cmd) => cmd.option('--config <file>', 'configuration file'),
  async run(context, { options }) {
    const config = context.loadConfig(options.config as string | undefined);
    const { stdout, stderr } = context.io;
    return await withAuditLog(config, async (audit) => {
      const verdict = await verifyChain(audit.walk(), await audit.head());
      if (verdict.ok) {
        line(stdout, `ok: ${verdict.entries} entries, chain intact, head ${verdict.head}`);
        return 0;
      }
      line(
        stderr,
        `draftgate: audit chain broken at entry ${verdict.badEntry}: ${verdict.problem} (${verdict.entries} entries read)`,
      );
      return 1;
    });
  },
};
export default command;
