/**
 * How many replicas the master that holds draftgate's keys has online (INFO replication), for /readyz: with
 * `redis.wait_replicas` set, fewer than that many means every approval would fail closed.
 */
import { Cluster, type Redis } from 'ioredis';

export interface ReplicaStatus {
  /** Replicas in state `online` on the master that holds draftgate's keys. */
  connected: number;
  /** `redis.wait_replicas`. */
  required: number;
}

export function onlineReplicas(info: string): number {
  return info.split(/\r?\n/).filter((line) => /^slave\d+:.*\bstate=online\b/.test(line)).length;
}

/** The node that owns `key`'s slot on a Cluster (the one whose replicas the WAITs count). */
async function masterOf(cluster: Cluster, key: string): Promise<Redis> {
  const slot = Number(await cluster.cluster('KEYSLOT', key));
  const nodeKey = cluster.slots[slot]?.[0];
  const node = cluster.nodes('master').find((n) => `${n.options.host}:${n.options.port}` === nodeKey);
  if (!node) throw new Error(`no known master for slot ${slot} (the cluster is failing over)`);
  return node;
}

export async function replicaStatus(
  client: Redis | Cluster,
  key: string,
  required: number,
): Promise<ReplicaStatus> {
  const master = client instanceof Cluster ? await masterOf(client, key) : client;
  const info = await master.info('replication');
  return { connected: onlineReplicas(info), required };
}
