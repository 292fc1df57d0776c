/**
 * Interaction and message payloads in Discord's documented formats (INTERACTION_CREATE / MESSAGE_CREATE `d`, and
 * the body of an HTTP interactions request), plus ed25519 request signing with a test key pair.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

export const APP_ID = '900000000000000001';
export const GUILD_ID = '700000000000000001';
export const CHANNEL_ID = '710000000000000001';

let counter = 0;
/** A snowflake that also works as an interaction id (unique per call). */
export function snowflake(): string {
  counter += 1;
  return String(((BigInt(Date.now()) - 1_420_070_400_000n) << 22n) + BigInt(counter % 4096));
}

export interface TestUser {
  id: string;
  username: string;
  roles?: string[];
}

function apiUser(user: TestUser) {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.username,
    avatar: null,
    public_flags: 0,
  };
}

/** The guild member object Discord sends with an interaction in a guild. */
export function member(user: TestUser) {
  return {
    user: apiUser(user),
    roles: user.roles ?? [],
    permissions: '2248473465835073',
    joined_at: '2025-01-01T00:00:00.000000+00:00',
    deaf: false,
    mute: false,
    flags: 0,
    nick: null,
    avatar: null,
    premium_since: null,
    pending: false,
    communication_disabled_until: null,
  };
}

/** `name: null` leaves the name out, as a partial channel object may. */
function guildChannel(id: string, name: string | null = 'eng-help') {
  return {
    id,
    type: 0,
    guild_id: GUILD_ID,
    ...(name !== null ? { name } : {}),
    position: 0,
    permission_overwrites: [],
    parent_id: null,
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
    permissions: '2248473465835073',
  };
}

function common(token: string) {
  return {
    id: snowflake(),
    application_id: APP_ID,
    token,
    version: 1,
    app_permissions: '2248473465835073',
    locale: 'en-US',
    entitlements: [],
    attachment_size_limit: 10_485_760,
  };
}

/** `/draftgate question:<text>` in a guild channel. */
export function slashCommand(
  user: TestUser,
  question: string,
  options: { channel?: string; name?: string; channelName?: string | null } = {},
) {
  const channel = options.channel ?? CHANNEL_ID;
  return {
    ...common(`tok-slash-${snowflake()}`),
    type: 2,
    data: {
      id: '800000000000000001',
      name: options.name ?? 'draftgate',
      type: 1,
      options: [{ name: 'question', type: 3, value: question }],
    },
    guild_id: GUILD_ID,
    guild_locale: 'en-US',
    channel: guildChannel(channel, options.channelName),
    channel_id: channel,
    member: member(user),
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 0,
  };
}

/** The "Draft AI reply" message command on `target`. */
export function messageCommand(
  user: TestUser,
  target: { id: string; content: string; author: TestUser; channel?: string; channelName?: string | null },
  name = 'Draft AI reply',
) {
  const channel = target.channel ?? CHANNEL_ID;
  return {
    ...common(`tok-ctx-${snowflake()}`),
    type: 2,
    data: {
      id: '800000000000000002',
      name,
      type: 3,
      target_id: target.id,
      resolved: {
        messages: {
          [target.id]: {
            id: target.id,
            channel_id: channel,
            type: 0,
            content: target.content,
            author: apiUser(target.author),
            timestamp: '2026-01-01T00:00:00.000000+00:00',
            edited_timestamp: null,
            tts: false,
            mention_everyone: false,
            mentions: [],
            mention_roles: [],
            attachments: [],
            embeds: [],
            pinned: false,
            flags: 0,
            components: [],
          },
        },
      },
    },
    guild_id: GUILD_ID,
    guild_locale: 'en-US',
    channel: guildChannel(channel, target.channelName),
    channel_id: channel,
    member: member(user),
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 0,
  };
}

export interface CardMessageRef {
  id: string;
  channel_id: string;
  content?: string;
  components?: unknown[];
  flags?: number;
}

/** A click on a button of `message` (a DM card, or an ephemeral message when `ephemeral`). In DMs: `user`, no member. */
export function buttonClick(user: TestUser, message: CardMessageRef, customId: string) {
  return {
    ...common(`tok-btn-${snowflake()}`),
    type: 3,
    data: { custom_id: customId, component_type: 2 },
    channel: {
      id: message.channel_id,
      type: 1,
      last_message_id: null,
      flags: 0,
      recipients: [apiUser(user)],
    },
    channel_id: message.channel_id,
    user: apiUser(user),
    message: {
      id: message.id,
      channel_id: message.channel_id,
      type: 0,
      content: message.content ?? '',
      author: {
        id: APP_ID,
        username: 'draftgate',
        discriminator: '0',
        global_name: 'draftgate',
        avatar: null,
        bot: true,
      },
      timestamp: '2026-01-01T00:00:00.000000+00:00',
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      flags: message.flags ?? 0,
      components: message.components ?? [],
    },
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 1,
  };
}

/** A modal submission from a DM card's button. */
export function modalSubmit(
  user: TestUser,
  dmChannel: string,
  customId: string,
  fields: Record<string, string>,
) {
  return {
    ...common(`tok-modal-${snowflake()}`),
    type: 5,
    data: {
      custom_id: customId,
      components: Object.entries(fields).map(([id, value]) => ({
        type: 1,
        components: [{ type: 4, custom_id: id, value }],
      })),
    },
    channel: { id: dmChannel, type: 1, last_message_id: null, flags: 0, recipients: [apiUser(user)] },
    channel_id: dmChannel,
    user: apiUser(user),
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 1,
  };
}

/** MESSAGE_CREATE `d` for a message in a guild channel, optionally replying to `replyTo`. */
export function messageCreate(
  author: TestUser & { bot?: boolean },
  content: string,
  options: { channel?: string; replyTo?: { id: string; content: string; author: TestUser } } = {},
) {
  const channel = options.channel ?? CHANNEL_ID;
  const base = (id: string, who: TestUser & { bot?: boolean }, text: string) => ({
    id,
    channel_id: channel,
    guild_id: GUILD_ID,
    type: 0,
    content: text,
    author: { ...apiUser(who), ...(who.bot ? { bot: true } : {}) },
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    flags: 0,
    components: [],
  });
  const reply = options.replyTo;
  return {
    ...base(snowflake(), author, content),
    ...(reply
      ? {
          type: 19,
          message_reference: { type: 0, message_id: reply.id, channel_id: channel, guild_id: GUILD_ID },
          referenced_message: base(reply.id, reply.author, reply.content),
        }
      : {}),
    ...(author.bot
      ? {}
      : { member: { roles: author.roles ?? [], joined_at: '2025-01-01T00:00:00.000000+00:00' } }),
  };
}

/** A guild as GUILD_CREATE delivers it (enough for discord.js to cache the guild and its channel). */
export function guildCreate(channels: string[] = [CHANNEL_ID]) {
  return {
    id: GUILD_ID,
    name: 'draftgate test guild',
    icon: null,
    owner_id: '600000000000000009',
    roles: [
      {
        id: GUILD_ID,
        name: '@everyone',
        permissions: '0',
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    stickers: [],
    features: [],
    channels: channels.map((id) => guildChannel(id)),
    threads: [],
    members: [],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    member_count: 3,
    large: false,
    unavailable: false,
    joined_at: '2025-01-01T00:00:00.000000+00:00',
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    premium_tier: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    system_channel_flags: 0,
  };
}

export interface SigningKeys {
  /** 64 hex characters, as the Developer Portal shows the application's public key. */
  publicKeyHex: string;
  privateKey: KeyObject;
}

export function signingKeys(): SigningKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { publicKeyHex: der.subarray(der.length - 32).toString('hex'), privateKey };
}

/** Headers of an HTTP interaction request signed like Discord signs it. */
export function signedHeaders(keys: SigningKeys, body: string, timestamp = Math.floor(Date.now() / 1000)) {
  const ts = String(timestamp);
  const signature = sign(null, Buffer.from(ts + body), keys.privateKey).toString('hex');
  return {
    'content-type': 'application/json',
    'x-signature-ed25519': signature,
    'x-signature-timestamp': ts,
  };
}

/** `/draftgate pending` (the subcommand) in a guild channel. */
export function pendingCommand(user: TestUser, options: { channel?: string } = {}) {
  const base = slashCommand(user, '', options);
  return { ...base, data: { ...base.data, options: [{ name: 'pending', type: 1, options: [] }] } };
}

/** `/draftgate ask question:<text>` (the subcommand) in a guild channel. */
export function askCommand(user: TestUser, question: string) {
  const base = slashCommand(user, question);
  return {
    ...base,
    data: {
      ...base.data,
      options: [{ name: 'ask', type: 1, options: [{ name: 'question', type: 3, value: question }] }],
    },
  };
}

/** A click on a button of an ephemeral message in a guild channel: the member (with roles) comes along. */
export function guildButtonClick(user: TestUser, message: CardMessageRef, customId: string) {
  const click = buttonClick(user, { ...message, flags: 64 }, customId);
  const { user: _dmUser, ...rest } = click;
  return {
    ...rest,
    channel: guildChannel(message.channel_id),
    guild_id: GUILD_ID,
    guild_locale: 'en-US',
    member: member(user),
    context: 0,
  };
}
