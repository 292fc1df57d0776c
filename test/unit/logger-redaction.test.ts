/** Logs never carry tokens or secrets, wherever they sit in a logged object. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/server/create-logger.js';

describe('log redaction', () => {
  it('censors tokens, signing secrets, API keys and authorization headers', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ level: 'info', pretty: false, destination });
    const secret = 'xoxb-0000-SECRET-VALUE';
    logger.info({ token: secret, config: { slack: { bot_token: secret, signing_secret: secret } } }, 'a');
    logger.info({ req: { headers: { authorization: `Bearer ${secret}` } }, agent: { api_key: secret } }, 'b');
    const output = lines.join('');
    expect(lines).toHaveLength(2);
    expect(output).not.toContain('SECRET-VALUE');
    expect(output.match(/\[redacted\]/g)?.length).toBe(5);
  });
});

describe('pretty logs without pino-pretty', () => {
  it('fall back to JSON lines with one warning instead of crashing', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ level: 'info', pretty: true, destination, loadPretty: () => undefined });
    logger.info('after');
    const parsed = lines.map((line) => JSON.parse(line) as { level: string; msg: string });
    expect(parsed).toHaveLength(2);
    expect(parsed[0]?.level).toBe('warn');
    expect(parsed[0]?.msg).toMatch(/pino-pretty \(a dev dependency\) is not installed: logging JSON/);
    expect(parsed[1]?.msg).toBe('after');
  });
});
