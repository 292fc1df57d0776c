/** The platform sections of the configuration schema: `slack`, `discord` and `sandbox`. */
import { z } from 'zod';

const id = z.string().min(1);

export const slackSchema = z
  .object({
    bot_token: z
      .string()
      .startsWith('xoxb-', 'a bot token starting with xoxb-')
      .optional()
      .meta({ description: 'Bot token (xoxb-…). Env only: SLACK_BOT_TOKEN.' }),
    signing_secret: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Verifies POST /slack/events (HTTP mode). Env only: SLACK_SIGNING_SECRET.' }),
    app_token: z
      .string()
      .startsWith('xapp-', 'an app-level token starting with xapp-')
      .optional()
      .meta({ description: 'App-level token (xapp-…): turns on Socket Mode. Env only: SLACK_APP_TOKEN.' }),
    api_url: z.url().optional().meta({
      description: 'Web API base URL, for GovSlack or a proxy (ends in /api/). Env: SLACK_API_URL.',
    }),
    command: z
      .string()
      .regex(/^\/[a-z0-9_-]+$/, 'a slash command such as /draftgate')
      .default('/draftgate')
      .meta({ description: "The slash command's name." }),
    shortcut_callback_id: z
      .string()
      .min(1)
      .default('draftgate_draft_reply')
      .meta({ description: "The message shortcut's callback id." }),
    mentions: z.boolean().default(true).meta({ description: 'Answer @draftgate mentions inside threads.' }),
  })
  .strict();

export const discordSchema = z
  .object({
    token: z.string().min(1).optional().meta({ description: 'Bot token. Env only: DISCORD_TOKEN.' }),
    application_id: z
      .string()
      .regex(/^\d+$/, 'a numeric application id')
      .optional()
      .meta({ description: 'Numeric application id. Env: DISCORD_APPLICATION_ID.' }),
    public_key: z
      .string()
      .regex(/^[a-f0-9]{64}$/i, '64 hex characters')
      .optional()
      .meta({
        description: 'Verifies POST /discord/interactions (64 hex characters). Env: DISCORD_PUBLIC_KEY.',
      }),
    api_url: z.url().optional().meta({ description: 'REST base URL, for a proxy. Env: DISCORD_API_URL.' }),
    /** `gateway` (needs token) or `http` (interactions endpoint; needs public_key). */
    mode: z.enum(['gateway', 'http']).optional().meta({
      description: 'gateway (needs the token) or http (the interactions endpoint; needs public_key).',
    }),
    command_name: z
      .string()
      .regex(/^[a-z0-9_-]{1,32}$/)
      .default('draftgate')
      .meta({
        description:
          'The slash command: /<command_name> ask question:<text>, and /<command_name> pending (the inbox).',
      }),
    context_menu_name: z
      .string()
      .min(1)
      .max(32)
      .default('Draft AI reply')
      .meta({ description: 'The message context-menu command.' }),
    quarantine: z
      .object({
        enabled: z.boolean().default(false).meta({ description: 'Turn quarantine on.' }),
        agent_bot_ids: z.array(id).default([]).meta({ description: 'Bot user ids treated as agents.' }),
        channels: z.array(id).default([]).meta({ description: 'Guarded channel ids; empty: every channel.' }),
        owner: id
          .optional()
          .meta({ description: "Who reviews when the agent's post answers nobody in particular." }),
      })
      .strict()
      .default({ enabled: false, agent_bot_ids: [], channels: [] })
      .meta({
        description: 'Gateway mode: agents that post directly get their message turned into a draft.',
      }),
  })
  .strict();

/** The sandbox lets anyone act as anyone: loopback only, unless the operator says otherwise. */
export const sandboxSchema = z
  .object({
    /** Serve the sandbox on a non-loopback address (HOST=0.0.0.0); logged as a loud warning. */
    allow_remote: z.boolean().default(false).meta({
      description:
        'Serve the sandbox on a non-loopback HOST; it lets anyone act as anyone, so it is warned loudly.',
    }),
    /** Host names (`name` or `name:port`) the sandbox answers to besides 127.0.0.1, localhost and [::1]. */
    allowed_hosts: z
      .array(z.string().regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, 'a host name, optionally with :port'))
      .default([])
      .meta({
        description:
          'Host names (name or name:port) the sandbox answers to besides 127.0.0.1, localhost and [::1].',
      }),
  })
  .strict();
