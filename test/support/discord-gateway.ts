/**
 * Feeds the gateway path without a websocket: sets up what READY and GUILD_CREATE would (the client user, the
 * application, the guild and its channels in cache), then hands raw INTERACTION_CREATE / MESSAGE_CREATE
 * dispatches to discord.js's own actions, which build the Interaction / Message objects and emit the events.
 * These are discord.js internals (`client.actions`, `guilds._add`), hence the casts.
 */
import { type Client, ClientApplication, ClientUser } from 'discord.js';
import type { FakeUser } from './fake-discord-api.js';

interface ClientInternals {
  user: ClientUser | null;
  application: ClientApplication | null;
  users: { cache: Map<string, unknown> };
  guilds: { _add(data: unknown): unknown };
  actions: {
    InteractionCreate: { handle(data: unknown): void };
    MessageCreate: { handle(data: unknown): unknown };
  };
}

function internals(client: Client): ClientInternals {
  return client as unknown as ClientInternals;
}

/** What READY (and GUILD_CREATE for `guild`) would have set up. */
export function primeGatewayClient(client: Client, bot: FakeUser, guild?: unknown): void {
  const c = internals(client);
  const UserCtor = ClientUser as unknown as new (client: Client, data: unknown) => ClientUser;
  const AppCtor = ClientApplication as unknown as new (client: Client, data: unknown) => ClientApplication;
  c.user = new UserCtor(client, bot);
  c.users.cache.set(bot.id, c.user);
  c.application = new AppCtor(client, { id: bot.id, flags: 0 });
  if (guild) c.guilds._add(guild);
}

export function dispatchInteraction(client: Client, raw: unknown): void {
  internals(client).actions.InteractionCreate.handle(raw);
}

export function dispatchMessageCreate(client: Client, raw: unknown): void {
  internals(client).actions.MessageCreate.handle(raw);
}
