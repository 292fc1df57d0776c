/** pino JSON logs with secrets redacted; pretty output only when asked for (development). */
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

export function createLogger(options: {
  level: string;
  pretty: boolean;
  destination?: DestinationStream;
}): Logger {
  const base = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError, error: serializeError },
    base: { service: 'draftgate' },
  };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty)
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true } } });
  return pino(base);
}
