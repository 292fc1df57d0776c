/** `draftgate audit archive --before T --out FILE.jsonl.gz`: retention behind a signed checkpoint. */
import { createCheckpointer } from '../../audit/create-checkpoints.js';
import { parseAuditPrivateKey } from '../../core/audit-checkpoint.js';
import { undeliveredBy } from '../../store/redis/audit-consumer.js';
import { auditArchive } from '../audit-archive-command.js';
import { NO_KEY } from '../audit-key-commands.js';
import { type CliCommand, CliError } from '../cli-command.js';
import { withAuditLog } from '../open-audit-log.js';
import { quietLogger } from '../quiet-logger.js';

const command: CliCommand = {
  name: 'audit archive',
  summary:
    'write entries older than T to FILE.jsonl.gz, then trim them from the stream behind a signed checkpoint',
  define: (cmd) =>
    cmd
      .requiredOption(
        '--before <time>',
        'archive entries older than this (ISO-8601, epoch ms, or an age: 90d)',
      )
      .requiredOption('--out <file>', 'the archive to write (FILE.jsonl.gz); keep it off the Redis host')
      .option('--config <file>', 'configuration file'),
  async run(context, { options }) {
    const config = context.loadConfig(options.config as string | undefined);
    if (!config.audit.key) throw new CliError(NO_KEY.replace(/^draftgate: /, ''), 2);
    const key = parseAuditPrivateKey(config.audit.key);
    return await withAuditLog(config, async (audit, redis) => {
      const stream = `${config.redis.prefix}:audit`;
      const clock = { now: () => Date.now() };
      const checkpointer = createCheckpointer({
        config: config.audit,
        stream,
        audit,
        logger: quietLogger(),
        clock,
      });
      if (!checkpointer) throw new CliError(NO_KEY.replace(/^draftgate: /, ''), 2);
      return await auditArchive(context.io, {
        audit,
        stream,
        key,
        clock,
        checkpointer,
        ...(redis ? { undelivered: (lastId: string) => undeliveredBy(redis, stream, lastId) } : {}),
        before: options.before as string | undefined,
        out: options.out as string | undefined,
      });
    });
  },
};
export default command;
