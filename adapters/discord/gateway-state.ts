/**
 * The gateway connection's state for `/readyz`, read from discord.js's shards: connected when every shard is
 * Ready; otherwise the state of the first shard that is not (e.g. `resuming`, `reconnecting`, `identifying`).
 */
import { type Client, Status } from 'discord.js';
import type { TransportStatus } from '../../src/server/platform-adapter.js';

export function gatewayState(client: Client): TransportStatus {
  const shards = [...client.ws.shards.values()];
  const waiting = shards.find((shard) => shard.status !== Status.Ready);
  const status = shards.length === 0 ? client.ws.status : (waiting?.status ?? Status.Ready);
  return {
    transport: 'gateway',
    state: (Status[status] ?? String(status)).toLowerCase(),
    connected: shards.length > 0 && waiting === undefined,
  };
}
