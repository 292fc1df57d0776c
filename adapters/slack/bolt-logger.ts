/** Bolt and the WebClient log through this: their messages go to draftgate's pino logger. */
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from 'pino';

export function boltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = toBoltLevel(logger.level);
  const join = (parts: unknown[]): string =>
    parts
      .map((part) => (part instanceof Error ? part.message : typeof part === 'string' ? part : String(part)))
      .join(' ');
  // Bolt passes arbitrary values; they are flattened to one message string, only when the level is logged: Bolt
  // logs at debug several times per delivery, and joining those parts for nothing showed in the profile.
  const at =
    (name: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]) => {
      if (logger.isLevelEnabled(name)) logger[name](join(parts));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

function toBoltLevel(level: string): LogLevel {
  if (level === 'debug' || level === 'trace') return LogLevel.DEBUG;
  if (level === 'info') return LogLevel.INFO;
  if (level === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}
