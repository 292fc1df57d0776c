/**
 * An agent's callback endpoint on 127.0.0.1: checks each POST's signature the way docs/intake.md tells receivers to,
 * records it, and answers 500 for the first `failFirst` requests (or while `down` is set), 200 afterwards.
 * `unique()` is what a receiver keeps after dropping repeats by delivery id.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  deliveryId: string;
  event: string;
  body: Record<string, unknown>;
  signatureValid: boolean;
  answered: number;
}

export class CallbackReceiver {
  readonly received: ReceivedCallback[] = [];
  down = false;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(secret: string, options: { failFirst?: number } = {}): Promise<CallbackReceiver> {
    let failures = options.failFirst ?? 0;
    let receiver: CallbackReceiver | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const timestamp = String(req.headers['x-draftgate-request-timestamp'] ?? '');
        const signature = String(req.headers['x-draftgate-signature'] ?? '');
        const expected = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${raw}`).digest('hex')}`;
        const signatureValid =
          signature.length === expected.length &&
          timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
        let status = 200;
        if (receiver?.down) status = 503;
        else if (failures > 0) {
          failures -= 1;
          status = 500;
        }
        receiver?.received.push({
          deliveryId: String(req.headers['x-draftgate-delivery-id'] ?? ''),
          event: String(req.headers['x-draftgate-event'] ?? ''),
          body: JSON.parse(raw) as Record<string, unknown>,
          signatureValid,
          answered: status,
        });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    receiver = new CallbackReceiver(server, `http://127.0.0.1:${port}/hooks/draftgate`);
    return receiver;
  }

  /** The accepted deliveries, once each (a receiver drops repeats by delivery id). */
  unique(): ReceivedCallback[] {
    const seen = new Map<string, ReceivedCallback>();
    for (const callback of this.received)
      if (callback.answered === 200 && !seen.has(callback.deliveryId))
        seen.set(callback.deliveryId, callback);
    return [...seen.values()];
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
