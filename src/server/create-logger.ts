/** pino logs with secrets redacted: JSON for machines, readable lines for a person at a terminal. */
import { createRequire } from 'node:module';
import { type DestinationStream, type Logger, pino } from 'pino';
import { serializeError } from './log-errors.js';

export const REDACT_PATHS = [
  'token',
  'botToken',
  'bot_token',
  'signing_secret',
  'signingSecret',
  'app_token',
  'api_key',
  'apiKey',
  'authorization',
  '*.token',
  '*.bot_token',
  '*.signing_secret',
  '*.app_token',
  '*.api_key',
  '*.authorization',
  'req.headers.authorization',
  'req.headers["x-slack-signature"]',
  'headers.authorization',
  'config.slack.bot_token',
  'config.slack.signing_secret',
  'config.slack.app_token',
  'config.discord.token',
  'config.agent.openai.api_key',
];

export interface LoggerOptions {
  level: string;
  /** Readable lines (pino-pretty) instead of JSON: for a person at a terminal. Falls back to JSON when absent. */
  pretty: boolean;
  /** Colours in readable lines (a terminal). */
  colorize?: boolean;
  /** Where lines go (default stdout). Writes are synchronous, so nothing is lost when the process exits. */
  destination?: DestinationStream | NodeJS.WritableStream;
  /** Replaces the pino-pretty lookup (tests). */
  loadPretty?: () => PrettyFactory | undefined;
}

export function createLogger(options: LoggerOptions): Logger {
  const base = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError, error: serializeError },
    base: { service: 'draftgate' },
    // "level":"info", not "level":30: log pipelines and people read names, not pino's numbers.
    formatters: { level: (label: string) => ({ level: label }) },
  };
  const destination = options.destination ?? pino.destination({ dest: 1, sync: true });
  if (options.pretty) {
    const pretty = (options.loadPretty ?? loadPinoPretty)();
    if (pretty) {
      return pino(
        base,
        pretty({
          colorize: options.colorize ?? false,
          destination,
          sync: true,
          // Fields that only repeat the message are for machines; people read the message.
          ignore: 'pid,hostname,service,store,prefix,agent,url,modes',
          translateTime: 'SYS:HH:MM:ss',
        }),
      );
    }
  }
  const logger = pino(base, destination as DestinationStream);
  if (options.pretty) {
    logger.warn(
      'log.pretty is set but pino-pretty (a dev dependency) is not installed: logging JSON. Install pino-pretty or unset log.pretty',
    );
  }
  return logger;
}

export type PrettyFactory = (options: Record<string, unknown>) => DestinationStream;

/** pino-pretty is a development dependency: a production install logs JSON. */
function loadPinoPretty(): PrettyFactory | undefined {
  try {
    return createRequire(import.meta.url)('pino-pretty') as PrettyFactory;
  } catch {
    return undefined;
  }
}
