/** Bolt's log calls reach pino as one message, and only at levels pino logs (the parts are not even joined else). */
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { boltLogger } from '../../adapters/slack/bolt-logger.js';

function capture(level: string) {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as { level: number; msg: string });
      done();
    },
  });
  return { lines, logger: pino({ level }, sink) };
}

describe('boltLogger', () => {
  it('joins Bolt’s parts into one message at the levels pino logs', async () => {
    const { lines, logger } = capture('debug');
    const bolt = boltLogger(logger);
    bolt.debug('listener', 3, new Error('went wrong'));
    bolt.warn('slow ack');
    await new Promise((done) => setImmediate(done));
    expect(lines.map(({ level, msg }) => [level, msg])).toEqual([
      [20, 'listener 3 went wrong'],
      [40, 'slow ack'],
    ]);
  });

  it('does not touch the parts of a call below pino’s level', async () => {
    const { lines, logger } = capture('info');
    const bolt = boltLogger(logger);
    const part = {
      toString(): string {
        throw new Error('a part of a debug call was stringified at level info');
      },
    };
    bolt.debug('middleware', part);
    bolt.info('started');
    await new Promise((done) => setImmediate(done));
    expect(lines.map(({ msg }) => msg)).toEqual(['started']);
  });
});
