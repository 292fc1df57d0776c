/** `draftgate audit forward [--webhook URL]`: ship the audit log to a SIEM through a consumer group. */
import { hostname } from 'node:os';
import type { Cluster, Redis } from 'ioredis';
import { runForwarder, streamSink, webhookBatchSink } from '../../audit/forwarder.js';
import { RedisAuditConsumer } from '../../store/redis/audit-consumer.js';
import { type CliCommand, CliError } from '../cli-command.js';
import { line } from '../io.js';
import { withAuditLog } from '../open-audit-log.js';

const command: CliCommand = {
  name: 'audit forward',
  summary: 'ship audit entries as JSON lines (stdout or a webhook) through a consumer group; at-least-once',
  define: (cmd) =>
    cmd
      .option('--webhook <url>', 'POST each batch as NDJSON to this URL (default: JSON lines on stdout)')
      .option('--group <name>', 'consumer group (one per destination)', 'draftgate-forward')
      .option(
        '--consumer <name>',
        'this forwarder’s name in the group (keep it stable across restarts)',
        hostname(),
      )
      .option('--batch <n>', 'entries per batch', '100')
      .option(
        '--claim-idle <ms>',
        'take over entries another forwarder left unacknowledged this long',
        '60000',
      )
      .option('--config <file>', 'configuration file'),
  async run(context, { options }) {
    const config = context.loadConfig(options.config as string | undefined);
    const batch = Number(options.batch);
    const claimIdleMs = Number(options.claimIdle);
    if (!Number.isInteger(batch) || batch < 1)
      throw new CliError('--batch takes a positive whole number', 64);
    if (!Number.isInteger(claimIdleMs) || claimIdleMs < 0)
      throw new CliError('--claim-idle takes milliseconds', 64);
    const webhook = options.webhook as string | undefined;
    const controller = new AbortController();
    context.onSignal(() => controller.abort());
    return await withAuditLog(config, async (_audit, redis) => {
      if (!redis) throw new CliError('audit forward needs Redis', 2);
      // The blocking read holds its connection: give it one of its own.
      const reader: Redis | Cluster =
        'isCluster' in redis && redis.isCluster
          ? (redis as Cluster).duplicate()
          : (redis as Redis).duplicate();
      reader.on('error', () => {});
      try {
        // The duplicate inherits lazyConnect and enableOfflineQueue: false, so it must connect first.
        if (reader.status === 'wait') await reader.connect();
        const source = new RedisAuditConsumer({
          redis: reader,
          stream: `${config.redis.prefix}:audit`,
          group: options.group as string,
          consumer: options.consumer as string,
          claimIdleMs,
        });
        await runForwarder({
          source,
          sink: webhook ? webhookBatchSink(webhook) : streamSink(context.io.stdout),
          batch,
          blockMs: 2000,
          signal: controller.signal,
          retry: { minMs: 500, maxMs: 30_000 },
          onRetry: (error, delayMs) =>
            line(
              context.io.stderr,
              `draftgate: forwarding failed (${error instanceof Error ? error.message : String(error)}); retrying in ${delayMs} ms, nothing is acknowledged until delivered`,
            ),
        });
        return 0;
      } finally {
        reader.disconnect();
      }
    });
  },
};
export default command;
