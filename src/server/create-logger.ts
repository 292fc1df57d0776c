/** pino JSON logs with secrets redacted; pretty output only when asked for (development). */
import { createRequire } from 'node:module';
import { type DestinationStream, type Logger, pino } from 'pino';

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

/** Whether pino-pretty (a dev dependency, absent from production installs) can be loaded. */
export function prettyInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

export function createLogger(options: {
  level: string;
  pretty: boolean;
  destination?: DestinationStream;
  /** Replaces the pino-pretty lookup (tests). */
  prettyAvailable?: () => boolean;
}): Logger {
  const base = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'draftgate' },
  };
  const pretty = options.pretty && (options.prettyAvailable ?? prettyInstalled)();
  let logger: Logger;
  if (options.destination) logger = pino(base, options.destination);
  else if (pretty)
    logger = pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true } } });
  else logger = pino(base);
  if (options.pretty && !pretty) {
    logger.warn(
      'log.pretty is set but pino-pretty is not installed (a dev dependency); logging JSON. Install pino-pretty or unset log.pretty',
    );
  }
  return logger;
}
