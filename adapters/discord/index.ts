/**
 * The Discord adapter: discord.js 14 over the gateway (`DISCORD_TOKEN`), or the HTTP interactions endpoint
 * (`DISCORD_PUBLIC_KEY`) with a REST-only client. Both transports feed one handler; publishing, DMs and
 * follow-ups go through discord.js's REST client, created with `retries: 0` (see DiscordChat.publish).
 */
import { type BaseInteraction, Client, Events, GatewayIntentBits, type Message, Routes } from 'discord.js';
import type { Logger } from 'pino';
import type { DiscordConfig } from '../../src/config/schema.js';
import { type Clock, systemClock } from '../../src/core/ports.js';
import type { PlatformAdapter } from '../../src/server/platform-adapter.js';
import type { Route } from '../../src/server/route.js';
import { DiscordChat } from './chat.js';
import { checkDiscordToken } from './check-token.js';
import type { DiscordGate } from './gate-port.js';
import { gatewayState } from './gateway-state.js';
import { inboundFromGateway } from './inbound-from-gateway.js';
import { DiscordInteractionHandler } from './interaction-handler.js';
import { InteractionResponder } from './interaction-responder.js';
import { createInteractionsRoute } from './interactions-route.js';
import { createQuarantineListener } from './quarantine.js';

export interface DiscordAdapterDeps {
  config: DiscordConfig;
  gate: DiscordGate;
  logger: Logger;
  clock?: Clock;
  /** REST request timeout (ms). A publish that times out is retried once with its nonce, then publish_unknown. */
  restTimeoutMs?: number;
}

export interface DiscordAdapter extends PlatformAdapter {
  readonly chat: DiscordChat;
  /** The discord.js client (REST-only in `http` mode: never logged in). */
  readonly client: Client;
  readonly mode: 'gateway' | 'http';
}

export function discordMode(config: DiscordConfig): 'gateway' | 'http' {
  return config.mode ?? (config.public_key ? 'http' : 'gateway');
}

export function discordIntents(config: DiscordConfig): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds];
  // Quarantine reads agent bots' messages; Message Content is privileged and must be enabled in the portal.
  if (config.quarantine.enabled)
    intents.push(GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent);
  return intents;
}

export function createDiscordAdapter(deps: DiscordAdapterDeps): DiscordAdapter {
  const { config } = deps;
  const logger = deps.logger.child({ adapter: 'discord' });
  const clock = deps.clock ?? systemClock;
  const mode = discordMode(config);
  const token = config.token;
  if (!token) {
    throw new Error(
      'Discord needs DISCORD_TOKEN (discord.token): draftgate sends review DMs and publishes with the bot token',
    );
  }
  if (mode === 'http' && !config.public_key) {
    throw new Error(
      'discord.mode is "http" but DISCORD_PUBLIC_KEY (discord.public_key) is not set: copy it from the Developer Portal',
    );
  }
  if (config.quarantine.enabled && mode !== 'gateway') {
    logger.warn('discord.quarantine needs gateway mode (it watches messages); it is off in http mode');
  }

  const client = new Client({
    intents: discordIntents(config),
    rest: {
      ...(config.api_url ? { api: config.api_url } : {}),
      retries: 0,
      ...(deps.restTimeoutMs ? { timeout: deps.restTimeoutMs } : {}),
    },
  });
  client.rest.setToken(token);
  const rest = client.rest;
  const chat = new DiscordChat({ rest, clock, logger, botUserId: () => client.user?.id });
  const handler = new DiscordInteractionHandler({ gate: deps.gate, rest, config, logger, clock });

  const inFlight = new Set<Promise<void>>();
  let accepting = true;
  const track = (work: Promise<void>): void => {
    const settled = work.catch((error: unknown) => logger.error({ err: error }, 'discord work failed'));
    inFlight.add(settled);
    void settled.finally(() => inFlight.delete(settled));
  };

  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord.js client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord.js warning'));
  client.on(Events.InteractionCreate, (interaction: BaseInteraction) => {
    const responder = new InteractionResponder(rest, interaction, async (response) => {
      await rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
        body: response,
        auth: false,
      });
    });
    if (!accepting) {
      track(responder.replyEphemeral({ content: 'draftgate is restarting; try again in a moment.' }));
      return;
    }
    track(handler.handle(inboundFromGateway(interaction), responder));
  });
  if (config.quarantine.enabled && mode === 'gateway') {
    const quarantine = createQuarantineListener({ gate: deps.gate, rest, config: config.quarantine, logger });
    client.on(Events.MessageCreate, (message: Message) => {
      if (accepting) track(quarantine(message));
    });
  }

  const routes: Route[] = config.public_key
    ? [
        createInteractionsRoute({
          publicKey: config.public_key,
          applicationId: config.application_id,
          handler,
          rest,
          clock,
          logger,
          track,
          accepting: () => accepting,
        }),
      ]
    : [];

  return {
    name: 'discord',
    chat,
    client,
    mode,
    routes: () => routes,
    ...(mode === 'gateway' ? { transport: () => gatewayState(client) } : {}),
    async start() {
      await checkDiscordToken(rest, logger);
      if (mode === 'gateway') {
        await client.login(token);
        logger.info({ user: client.user?.id }, 'discord gateway connected');
      } else {
        logger.info('discord HTTP interactions endpoint at POST /discord/interactions');
      }
    },
    async stop() {
      accepting = false;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await client.destroy();
    },
  };
}
