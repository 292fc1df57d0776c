/** The `draftgate` command: one entry, one small function per subcommand. */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { configCheck, printConfigError } from './config-command.js';
// Subcommands are imported when used, so that `config check` does not load the platform SDKs.
import { type CliIo, line } from './io.js';

const USAGE = `usage: draftgate <command>

  start                                   run draftgate (the sandbox when no Slack/Discord credentials are set)
  config check [file]                     validate a configuration file without starting anything
  audit tail [--follow] [-n N]            print the last N audit events (JSON lines), and follow new ones
  audit show <draft-id>                   a draft's timeline: agent original, edits, published text
  audit export [--since T] [--until T]    audit events as JSON lines (T: ISO-8601 or epoch ms)
  audit verify                            walk the hash chain; exit 1 naming the first bad entry
  check-text [--config F]                 risk-review text from stdin; exit 1 if a finding blocks publishing
  slack manifest [--socket] [--url URL]   print a least-privilege Slack app manifest
  discord register [--guild ID]           register the slash and context-menu commands
  --version                               print draftgate's version

Every command reads the configuration from --config, DRAFTGATE_CONFIG or config/draftgate.yaml, plus the environment.`;

export async function main(io: CliIo, onSignal: (handler: () => void) => void): Promise<number> {
  const [command, sub, ...rest] = io.argv;
  const configFlag = (args: readonly string[]) =>
    parseArgs({
      args: [...args],
      options: { config: { type: 'string' } },
      allowPositionals: true,
      strict: false,
    }).values.config as string | undefined;
  try {
    switch (command) {
      case 'start': {
        const { config } = loadConfig({ file: configFlag([sub ?? '', ...rest]), env: io.env, cwd: io.cwd });
        const { startCommand } = await import('./start-command.js');
        return await startCommand(io, config, onSignal);
      }
      case 'config':
        if (sub !== 'check') break;
        return await configCheck(io, rest.find((arg) => !arg.startsWith('-')) ?? configFlag(rest));
      case 'check-text': {
        const args = [sub ?? '', ...rest].filter(Boolean);
        const { config } = loadConfig({ file: configFlag(args), env: io.env, cwd: io.cwd });
        const { checkText } = await import('./check-text.js');
        return await checkText({ stdin: io.stdin, stdout: io.stdout }, config.risk);
      }
      case 'audit':
        return await auditCommand(io, sub, rest, onSignal, configFlag(rest));
      case 'slack': {
        if (sub !== 'manifest') break;
        const { slackManifestCommand } = await import('./slack-command.js');
        return await slackManifestCommand(io, rest);
      }
      case 'discord': {
        if (sub !== 'register') break;
        const { discordRegisterCommand } = await import('./discord-command.js');
        return await discordRegisterCommand(io, rest, configFlag(rest));
      }
      case 'version':
      case '--version':
      case '-v': {
        const { packageVersion } = await import('../version.js');
        line(io.stdout, packageVersion());
        return 0;
      }
      case 'help':
      case '--help':
      case '-h':
        line(io.stdout, USAGE);
        return 0;
      default:
        break;
    }
    line(io.stderr, USAGE);
    return 64;
  } catch (error) {
    if (error instanceof ConfigError) return printConfigError(io, error);
    line(io.stderr, `draftgate: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function auditCommand(
  io: CliIo,
  sub: string | undefined,
  rest: string[],
  onSignal: (handler: () => void) => void,
  file: string | undefined,
): Promise<number> {
  const { config } = loadConfig({ file, env: io.env, cwd: io.cwd });
  if (!config.redis.url) {
    line(
      io.stderr,
      'draftgate: the audit commands read the audit log in Redis: set REDIS_URL (the in-memory store lives only inside a running process)',
    );
    return 2;
  }
  const { createStores } = await import('../store/create-store.js');
  const { auditExport, auditShow, auditTail, auditVerify } = await import('./audit-command.js');
  const stores = createStores({
    redisUrl: config.redis.url,
    cluster: config.redis.cluster,
    prefix: config.redis.prefix,
    keepFinishedMs: config.redis.keep_finished_drafts,
    clock: { now: () => Date.now() },
  });
  await stores.redis?.connect();
  const controller = new AbortController();
  onSignal(() => controller.abort());
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: {
        follow: { type: 'boolean', short: 'f' },
        n: { type: 'string', short: 'n' },
        since: { type: 'string' },
        until: { type: 'string' },
        config: { type: 'string' },
      },
      allowPositionals: true,
    });
    switch (sub) {
      case 'tail':
        return await auditTail(io, stores.audit, {
          count: Number(values.n ?? '20'),
          follow: values.follow === true,
          signal: controller.signal,
        });
      case 'show': {
        const id = positionals[0];
        if (!id) throw new Error('audit show needs a draft id');
        return await auditShow(io, stores.audit, id);
      }
      case 'export':
        return await auditExport(io, stores.audit, { since: values.since, until: values.until });
      case 'verify':
        return await auditVerify(io, stores.audit);
      default:
        line(io.stderr, USAGE);
        return 64;
    }
  } finally {
    await stores.drafts.close();
  }
}
