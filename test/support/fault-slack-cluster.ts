/**
 * N real draftgate processes in Slack HTTP mode sharing one private redis-server and one fake Slack Web API (behind
 * a HoldingSlackProxy, so that a test can hold a publish's answer back). Helpers send signed slash commands and
 * button clicks to a chosen process, read review cards back from the fake, and read the audit stream from Redis.
 */
import { connect } from 'node:net';
import type { AuditEntry } from '../../src/core/audit-event.js';
import type { Draft } from '../../src/core/draft.js';
import { systemClock } from '../../src/core/ports.js';
import { createStores, type Stores } from '../../src/store/create-store.js';
import { type RedisServerHandle, startRedisServer } from '../../testkit/redis-server.js';
import { blockAction, SlackSender, slashCommand } from '../../testkit/slack-requests.js';
import { DraftgateProcess, echoAgentConfig, eventually, writeConfigFile } from './draftgate-process.js';
import { type FakeMessage, FakeSlackApi } from './fake-slack-api.js';
import { HoldingSlackProxy } from './fault-slack-proxy.js';

export const CLUSTER_SIGNING_SECRET = 'fault-signing-secret-0123456789';
export const CHANNEL = 'C0FAULTS';

export interface ClusterOptions {
  /** Extra configuration merged into the YAML file (policy, sweep_interval, ...). */
  config: Record<string, unknown>;
  prefix: string;
}

export class SlackCluster {
  readonly processes: DraftgateProcess[] = [];
  #configFile: { path: string; remove(): void } | undefined;

  private constructor(
    readonly redis: RedisServerHandle,
    readonly fake: FakeSlackApi,
    readonly proxy: HoldingSlackProxy,
    readonly stores: Stores,
    readonly prefix: string,
  ) {}

  static async start(options: ClusterOptions): Promise<SlackCluster> {
    const redis = await startRedisServer();
    const fake = await FakeSlackApi.start();
    const proxy = await HoldingSlackProxy.start(fake.url);
    const stores = createStores({
      redisUrl: redis.url,
      prefix: options.prefix,
      keepFinishedMs: 3_600_000,
      clock: systemClock,
    });
    await stores.redis?.connect();
    const cluster = new SlackCluster(redis, fake, proxy, stores, options.prefix);
    cluster.#configFile = writeConfigFile({
      redis: { prefix: options.prefix },
      // info: the process logs the URL it listens on, which is how the helper knows it is up.
      log: { level: 'info' },
      agent: echoAgentConfig(),
      rate_limits: { requests_per_user: { points: 1000, duration: '1m' } },
      ...options.config,
    });
    return cluster;
  }

  /** The environment of every process (and of the `draftgate audit` CLI). */
  env(): Record<string, string> {
    if (!this.#configFile) throw new Error('the cluster is closed');
    return {
      REDIS_URL: this.redis.url,
      DRAFTGATE_CONFIG: this.#configFile.path,
      SLACK_BOT_TOKEN: 'xoxb-fault-tests',
      SLACK_SIGNING_SECRET: CLUSTER_SIGNING_SECRET,
      SLACK_API_URL: this.proxy.apiUrl,
    };
  }

  /** Starts one more process on the shared Redis and fake Slack. */
  /**
   * Starts `count` replicas (`replica-1`…) side by side. allSettled: should one fail to start, the others are
   * already in the cluster when the test's afterAll closes it.
   */
  async startReplicas(count: number): Promise<DraftgateProcess[]> {
    const names = Array.from({ length: count }, (_, i) => `replica-${i + 1}`);
    const started = await Promise.allSettled(names.map((name) => this.startProcess(name)));
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    return [...this.processes];
  }

  /** The replica for the i-th request, round robin, as a load balancer would spread them. */
  replica(i: number): DraftgateProcess {
    const replica = this.processes[i % this.processes.length];
    if (!replica) throw new Error('no replicas started');
    return replica;
  }

  async startProcess(name: string): Promise<DraftgateProcess> {
    const started = await DraftgateProcess.start({ name, env: this.env() });
    this.processes.push(started);
    return started;
  }

  sender(to: DraftgateProcess): SlackSender {
    return new SlackSender(`${to.url}/slack/events`, CLUSTER_SIGNING_SECRET);
  }

  /** A signed slash command to `to`; resolves with the review card that reached the requester's DM. */
  async request(
    to: DraftgateProcess,
    user: string,
    question: string,
  ): Promise<{ card: FakeMessage; id: string }> {
    const reply = await this.sender(to).send(
      slashCommand({ fake: this.fake, text: question, user, channel: CHANNEL }),
    );
    if (reply.status !== 200)
      throw new Error(`${to.name} answered the slash command ${reply.status}: ${reply.text}`);
    const card = await eventually(
      () =>
        this.fake.messages.find(
          (m) => m.channel === `D${user}` && JSON.stringify(m.blocks).includes(question),
        ),
      10_000,
      () => `no review card for "${question}"\n${this.diagnostics()}`,
    );
    const id = draftIdOnCard(card);
    return { card, id };
  }

  /** A signed click on a card button, sent to `to`. */
  async click(
    to: DraftgateProcess,
    user: string,
    actionId: string,
    card: FakeMessage,
  ): Promise<{ status: number; responseId: string }> {
    const delivery = blockAction({
      fake: this.fake,
      actionId,
      value: buttonValue(card, actionId),
      user,
      channel: card.channel,
      messageTs: card.ts,
    });
    const reply = await this.sender(to).send(delivery);
    return { status: reply.status, responseId: delivery.responseId };
  }

  async draft(id: string): Promise<Draft | undefined> {
    return await this.stores.drafts.get(id);
  }

  async audit(draftId: string): Promise<AuditEntry[]> {
    return await this.stores.audit.range({ draftId });
  }

  /** Waits until the draft is in `state`. */
  async waitForState(id: string, state: string, timeoutMs: number): Promise<Draft> {
    return await eventually(
      async () => {
        const draft = await this.draft(id);
        return draft?.state === state ? draft : undefined;
      },
      timeoutMs,
      () => `draft ${id} never became ${state}\n${this.diagnostics()}`,
    );
  }

  /** chat.update calls on a card, in order. */
  updatesOf(card: FakeMessage): FakeMessage['history'] {
    return this.fake
      .callsTo('chat.update')
      .filter((call) => call.params.channel === card.channel && call.params.ts === card.ts)
      .map((call) => call.params.blocks as unknown[]);
  }

  /** Posts in the target channel (not DMs) whose metadata names `draftId`. */
  postsOf(draftId: string): number {
    return this.fake
      .publicPosts()
      .filter(
        (call) =>
          call.params.channel === CHANNEL &&
          (call.params.metadata as { event_payload?: { draft_id?: unknown } } | undefined)?.event_payload
            ?.draft_id === draftId,
      ).length;
  }

  /**
   * Watches Redis with MONITOR (a raw connection) for up to `timeoutMs` and returns the client addresses that ran a
   * script on `key` (EVAL/EVALSHA naming it), stopping early once `enough` distinct clients did.
   */
  async scriptCallers(key: string, enough: number, timeoutMs: number): Promise<Set<string>> {
    const callers = new Set<string>();
    const socket = connect(this.redis.port, '127.0.0.1');
    let buffered = '';
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        socket.destroy();
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      socket.on('error', done);
      socket.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\r\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const match = /^\+[\d.]+ \[\d+ ([^\]]+)\] "(?:eval|evalsha)" (.*)$/i.exec(line);
          if (match?.[1] && match[1] !== 'lua' && match[2]?.includes(`"${key}"`)) callers.add(match[1]);
        }
        if (callers.size >= enough) done();
      });
      socket.write('MONITOR\r\n');
    });
    return callers;
  }

  /** Warnings and errors of every process, for failure messages. */
  diagnostics(): string {
    return this.processes.flatMap((p) => p.problems()).join('\n');
  }

  async close(): Promise<void> {
    // The proxy first: held answers end at once, so that no process waits for them while it drains.
    await this.proxy.close();
    await Promise.all(this.processes.map((p) => p.stop(3_000)));
    await this.fake.close();
    await this.stores.drafts.close().catch(() => {});
    await this.redis.stop();
    this.#configFile?.remove();
    this.#configFile = undefined;
  }
}

interface Block {
  type: string;
  text?: { text: string };
  elements?: { action_id?: string; value?: string }[];
}

export function headlineOf(blocks: unknown[] | undefined): string {
  return ((blocks ?? []) as Block[])[0]?.text?.text ?? '';
}

function buttonValue(card: FakeMessage, actionId: string): string {
  const value = ((card.blocks ?? []) as Block[])
    .flatMap((block) => block.elements ?? [])
    .find((element) => element.action_id === actionId)?.value;
  if (!value) throw new Error(`the card has no ${actionId} button`);
  return value;
}

function draftIdOnCard(card: FakeMessage): string {
  const value = ((card.blocks ?? []) as Block[])
    .flatMap((block) => block.elements ?? [])
    .find((element) => element.value)?.value;
  const id = value?.split(':')[0];
  if (!id) throw new Error('no draft id on the card');
  return id;
}
