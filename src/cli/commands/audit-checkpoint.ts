/** `draftgate audit checkpoint`: sign the chain head now (with DRAFTGATE_AUDIT_KEY). */
import { createCheckpointer } from '../../audit/create-checkpoints.js';
import { auditCheckpoint } from '../audit-key-commands.js';
import type { CliCommand } from '../cli-command.js';
import { withAuditLog } from '../open-audit-log.js';
import { quietLogger } from '../quiet-logger.js';

const command: CliCommand = {
  name: 'audit checkpoint',
  summary: 'sign the chain head now; append it to the stream and to audit.checkpoint_file / the webhook',
  define: (cmd) => cmd.option('--config <file>', 'configuration file'),
  async run(context, { options }) {
    const config = context.loadConfig(options.config as string | undefined);
    return await withAuditLog(config, (audit) =>
      auditCheckpoint(
        context.io,
        createCheckpointer({
          config: config.audit,
          stream: `${config.redis.prefix}:audit`,
          audit,
          logger: quietLogger(),
          clock: { now: () => Date.now() },
        }),
      ),
    );
  },
};
export default command;
