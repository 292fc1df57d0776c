/** The commands print what they did themselves; the library's own log lines are not wanted on the terminal. */
import { type Logger, pino } from 'pino';

export function quietLogger(): Logger {
  return pino({ level: 'silent' });
}
