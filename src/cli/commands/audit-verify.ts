/** `draftgate audit verify [--checkpoints FILE] [--public-key KEY] [--archive FILE...]`: walk the chain. */
import { auditVerify } from '../audit-verify-command.js';
import type { CliCommand } from '../cli-command.js';
import { withAuditLog } from '../open-audit-log.js';

const command: CliCommand = {
  name: 'audit verify',
  summary: 'walk the hash chain (archives + live), match signed checkpoints; exit 1 naming what is wrong',
  define: (cmd) =>
    cmd
      .option(
        '--checkpoints <file>',
        'signed checkpoints kept outside Redis (JSON lines, audit.checkpoint_file)',
      )
      .option('--public-key <key>', 'the public key printed by `audit keygen` (or a file holding it)')
      .option(
        '--archive <file>',
        'an archive written by `audit archive`; repeat for several',
        (value: string, previous: string[] = []) => [...previous, value],
      )
      .option('--config <file>', 'configuration file'),
  async run(context, { options }) {
    const config = context.loadConfig(options.config as string | undefined);
    return await withAuditLog(config, (audit) =>
      auditVerify(context.io, audit, {
        stream: `${config.redis.prefix}:audit`,
        checkpoints: options.checkpoints as string | undefined,
        publicKey: options.publicKey as string | undefined,
        archives: (options.archive as string[] | undefined) ?? [],
      }),
    );
  },
};
export default command;
