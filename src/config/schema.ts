/**
 * The configuration schema. The YAML file (DRAFTGATE_CONFIG) and the environment are merged, then validated here.
 * Every key is documented in config/draftgate.example.yaml; a test keeps the two in step.
 */
import { z } from 'zod';
import type { PolicySettings, RiskSettings } from '../core/settings.js';
import { agentSchema } from './agent-schema.js';
import { auditSchema } from './audit-schema.js';
import { duration } from './duration.js';
import { discordSchema, sandboxSchema, slackSchema } from './platform-schemas.js';
import { riskSchema } from './risk-schema.js';

export { agentSchema, discordSchema, riskSchema, sandboxSchema, slackSchema };

const id = z.string().min(1);

/** Who: user ids and user groups (Slack) or role ids (Discord). */
const principals = z
  .object({
    users: z.array(id).default([]).meta({ description: 'Platform user ids.' }),
    roles: z.array(id).default([]).meta({
      description:
        'Slack user group ids (S…, read with usergroups:read) or Discord role ids; a failed lookup refuses (fail closed).',
    }),
  })
  .strict();

const requestRule = z
  .object({
    /** Channel ids or name patterns (`#eng-*`); `*` matches every channel. */
    channels: z
      .array(id)
      .min(1)
      .meta({ description: 'Channel ids or name patterns (`#eng-*`); `*` matches every channel.' }),
    users: z.array(id).default([]).meta({
      description: 'Platform user ids who may ask in these channels; with no users and no roles, anyone may.',
    }),
    roles: z
      .array(id)
      .default([])
      .meta({ description: 'Slack user group ids or Discord role ids who may ask in these channels.' }),
  })
  .strict();

export const policySchema = z
  .object({
    requesters: z.array(requestRule).default([]).meta({
      description: 'Who may request a draft, per channel. Empty: anyone, anywhere (except denied_channels).',
    }),
    denied_channels: z
      .array(id)
      .default([])
      .meta({ description: 'Channel ids or name patterns where requests are always refused.' }),
    approvers: z
      .object({
        requester: z
          .boolean()
          .default(true)
          .meta({ description: 'The person who asked may approve their own draft.' }),
        users: z.array(id).default([]).meta({ description: 'Other user ids who may decide on any draft.' }),
        roles: z
          .array(id)
          .default([])
          .meta({ description: 'Slack user group ids or Discord role ids who may decide on any draft.' }),
      })
      .strict()
      .default({ requester: true, users: [], roles: [] })
      .meta({ description: 'Who may approve, edit, regenerate or discard a draft.' }),
    second_approval: z
      .object({
        mode: z
          .enum(['never', 'always', 'on_risk'])
          .default('never')
          .meta({ description: 'never, always, or on_risk (when a confirm-severity finding stands).' }),
        approvers: principals
          .default({ users: [], roles: [] })
          .meta({ description: 'Who may give the second approval; empty: anyone else.' }),
      })
      .strict()
      .default({ mode: 'never', approvers: { users: [], roles: [] } })
      .meta({ description: 'When a second, different person must approve before publishing.' }),
    draft_ttl: duration
      .default(24 * 3_600_000)
      .meta({ description: 'An undecided draft expires after this (expiry never publishes).' }),
    retract_window: duration
      .default(15 * 60_000)
      .meta({ description: 'How long a published reply can be retracted from the DM.' }),
    publish_lease: duration.default(60_000).meta({
      description: 'A publish not confirmed within this becomes publish_unknown and is reconciled.',
    }),
    reconcile_grace: duration.default(10_000).meta({
      description: 'How long a publish_unknown draft waits before draftgate looks for its message.',
    }),
    expiry_warning: duration.default(3_600_000).meta({
      description:
        'How long before a draft expires the requester gets one private reminder with an Extend button; 0 turns reminders off.',
    }),
    max_extensions: z.number().int().min(0).default(1).meta({
      description: 'How many times a draft can be extended (Extend), each time by draft_ttl; 0: never.',
    }),
  })
  .strict();

const rateLimit = z
  .object({
    points: z.number().int().positive().meta({ description: 'Requests allowed per window.' }),
    duration: duration.meta({ description: 'The window.' }),
  })
  .strict();

export const intakeSchema = z
  .object({
    agents: z
      .array(
        z
          .object({
            name: z
              .string()
              .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, "_" or "-"')
              .meta({ description: "The agent's name (audit actor agent:<name>)." }),
            /** sha256 hex of the agent's bearer token; the token itself is never stored. */
            token_sha256: z
              .string()
              .regex(/^[a-f0-9]{64}$/, '64 lowercase hex characters (sha256 of the token)')
              .meta({
                description: "sha256 hex of the agent's bearer token; the token itself is never stored.",
              }),
            /** Channel ids or name patterns (`#eng-*`) this agent may draft for; absent: wherever policy allows. */
            channels: z.array(id).min(1).optional().meta({
              description:
                'Channel ids or name patterns this agent may draft for; absent: wherever policy allows.',
            }),
            /** Gets a signed POST when a draft of this agent is published, discarded, expired, retracted or sent back to regenerate. Its secret: DRAFTGATE_CALLBACK_SECRET_<NAME>. */
            callback_url: z
              .url({ protocol: /^https?$/ })
              .optional()
              .meta({
                description:
                  'Gets a signed POST when a draft of this agent is published, discarded, expired, retracted or sent back to regenerate. Its secret: env DRAFTGATE_CALLBACK_SECRET_<NAME>.',
              }),
          })
          .strict(),
      )
      .default([])
      .meta({ description: 'External agents that submit drafts with POST /v1/drafts.' }),
    rate_limit: rateLimit
      .default({ points: 60, duration: 60_000 })
      .meta({ description: 'Drafts per agent and window.' }),
    body_limit: z
      .number()
      .int()
      .positive()
      .default(64 * 1024)
      .meta({ description: 'Largest request body in bytes; larger bodies get 413.' }),
  })
  .strict();

export const configSchema = z
  .object({
    redis: z
      .object({
        url: z
          .string()
          .regex(/^rediss?(\+sentinel)?:\/\//, 'a redis://, rediss:// or redis+sentinel:// URL')
          .optional()
          .meta({ description: 'redis://, rediss:// or redis+sentinel:// URL. Env: REDIS_URL.' }),
        prefix: z
          .string()
          .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, ".", "_" or "-"')
          .default('draftgate')
          .meta({ description: 'Key prefix; the audit stream is <prefix>:audit.' }),
        keep_finished_drafts: duration.default(7 * 86_400_000).meta({
          description: 'How long decided drafts stay readable in Redis (the audit log keeps everything).',
        }),
        /** Redis Cluster: `url` is a seed node; every key shares the audit stream's slot through a hash tag. */
        cluster: z.boolean().default(false).meta({
          description: 'Redis Cluster: url names a seed node; all keys share one slot via a hash tag.',
        }),
        /** Redis Sentinel: `host:port` of each sentinel, and the name of the monitored master. */
        sentinels: z
          .array(z.string().regex(/^[^\s:]+:\d+$/, 'host:port'))
          .optional()
          .meta({ description: 'Redis Sentinel: host:port of each sentinel (instead of url).' }),
        sentinel_name: z
          .string()
          .min(1)
          .optional()
          .meta({ description: 'The name of the master the sentinels monitor.' }),
        /** Passwords for Redis and for the sentinels (REDIS_PASSWORD, REDIS_SENTINEL_PASSWORD). */
        password: z
          .string()
          .min(1)
          .optional()
          .meta({ description: 'The Redis password. Env: REDIS_PASSWORD (keep it in the environment).' }),
        sentinel_password: z
          .string()
          .min(1)
          .optional()
          .meta({ description: "The sentinels' password. Env: REDIS_SENTINEL_PASSWORD." }),
        /** Replicas that must confirm (WAIT) every transition before the user is told and before publishing. */
        wait_replicas: z.coerce.number().int().min(0).max(16).default(0).meta({
          description:
            'Replicas that must confirm (WAIT) each transition before anyone is told; 1 on Sentinel/Cluster.',
        }),
        wait_timeout: duration.default(1_000).meta({
          description: 'How long to wait for them; not confirmed in time fails closed (nothing posted).',
        }),
        /** How long a store operation is retried through a failover (MOVED, READONLY, lost connection...). */
        retry_budget: duration.default(5_000).meta({
          description: 'How long a store operation is retried through a failover before it fails closed.',
        }),
      })
      .strict()
      .refine((r) => !(r.sentinels && !r.sentinel_name), {
        message: 'redis.sentinels needs redis.sentinel_name (the master name the sentinels monitor)',
        path: ['sentinel_name'],
      })
      .refine((r) => !(r.sentinels && r.cluster), {
        message: 'choose either redis.sentinels or redis.cluster, not both',
        path: ['cluster'],
      })
      .default({
        prefix: 'draftgate',
        keep_finished_drafts: 7 * 86_400_000,
        cluster: false,
        wait_replicas: 0,
        wait_timeout: 1_000,
        retry_budget: 5_000,
      })
      .meta({
        description:
          'The durable store and the audit log. Without redis.url, everything lives in memory (one process).',
      }),
    audit: auditSchema
      .default(auditSchema.parse({}))
      .meta({ description: 'Signed checkpoints of the audit chain.' }),
    server: z
      .object({
        port: z.coerce
          .number({ error: 'expected a port number from 0 to 65535 (PORT=3000)' })
          .int({ error: 'expected a whole port number from 0 to 65535 (PORT=3000)' })
          .min(0, { error: 'expected a port number from 0 to 65535 (PORT=3000)' })
          .max(65_535, { error: 'expected a port number from 0 to 65535 (PORT=3000)' })
          .default(3000)
          .meta({ description: 'HTTP port. Env: PORT.' }),
        host: z.string().min(1).optional().meta({
          description: 'Listen address. Default: 127.0.0.1 for the sandbox, 0.0.0.0 otherwise. Env: HOST.',
        }),
      })
      .strict()
      .default({ port: 3000 })
      .meta({
        description:
          "draftgate's one HTTP server: health, metrics, intake API, /slack/events, /discord/interactions.",
      }),
    log: z
      .object({
        level: z
          .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
          .default('info')
          .meta({ description: 'fatal, error, warn, info, debug, trace or silent. Env: LOG_LEVEL.' }),
        pretty: z.boolean().default(false).meta({
          description:
            'Readable lines even when stdout is not a terminal (needs pino-pretty; JSON otherwise).',
        }),
      })
      .strict()
      .default({ level: 'info', pretty: false })
      .meta({ description: 'Logging.' }),
    policy: policySchema
      .default(policySchema.parse({}))
      .meta({ description: 'Who may request, approve and where.' }),
    agent: agentSchema.default(agentSchema.parse({})).meta({ description: 'The agent that writes drafts.' }),
    risk: riskSchema
      .default(riskSchema.parse({}))
      .meta({ description: 'The risk review of every draft before a person sees it.' }),
    intake: intakeSchema
      .default(intakeSchema.parse({}))
      .meta({ description: 'The HTTP intake API for external agents.' }),
    rate_limits: z
      .object({
        requests_per_user: rateLimit
          .default({ points: 20, duration: 60_000 })
          .meta({ description: 'Draft requests per person and window.' }),
      })
      .strict()
      .default({ requests_per_user: { points: 20, duration: 60_000 } })
      .meta({ description: 'Rate limits for people.' }),
    slack: slackSchema
      .default(slackSchema.parse({}))
      .meta({ description: 'Slack (Events API over HTTP, or Socket Mode).' }),
    discord: discordSchema
      .default(discordSchema.parse({}))
      .meta({ description: 'Discord (gateway, or HTTP interactions).' }),
    sandbox: sandboxSchema
      .default(sandboxSchema.parse({}))
      .meta({ description: 'The local web chat served when no platform is configured.' }),
    sweep_interval: duration.default(5_000).meta({
      description: 'How often expiry, lease reclaim, reconciliation and retract windows are swept.',
    }),
  })
  .strict()
  .superRefine((config, ctx) => {
    // Presets ship placeholders (REPLACE_WITH_…) where only the operator knows the value: refuse them loudly.
    for (const { path, value } of placeholders(config.policy, ['policy'])) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `replace the placeholder "${value}" with a real id from your workspace (or remove it)`,
      });
    }
    // Half-configured platforms would silently fall back to the sandbox: refuse them instead.
    const slack = config.slack;
    if ((slack.bot_token || slack.signing_secret || slack.app_token) && !slack.bot_token) {
      ctx.addIssue({
        code: 'custom',
        path: ['slack', 'bot_token'],
        message: 'set SLACK_BOT_TOKEN (xoxb-…) as well',
      });
    }
    if (slack.bot_token && !slack.signing_secret && !slack.app_token) {
      ctx.addIssue({
        code: 'custom',
        path: ['slack', 'signing_secret'],
        message: 'set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode) as well',
      });
    }
    const discord = config.discord;
    if ((discord.application_id || discord.public_key || discord.mode) && !discord.token) {
      ctx.addIssue({ code: 'custom', path: ['discord', 'token'], message: 'set DISCORD_TOKEN as well' });
    }
    if (discord.mode === 'http' && (!discord.public_key || !discord.application_id)) {
      ctx.addIssue({
        code: 'custom',
        path: ['discord', 'public_key'],
        message: 'HTTP interactions need DISCORD_PUBLIC_KEY and DISCORD_APPLICATION_ID',
      });
    }
  });

export type Config = z.output<typeof configSchema>;

/** Marks a value an operator must replace: presets use `REPLACE_WITH_<what>`. */
export const PLACEHOLDER_PREFIX = 'REPLACE_WITH_';

function placeholders(
  value: unknown,
  path: (string | number)[],
): { path: (string | number)[]; value: string }[] {
  if (typeof value === 'string') return value.startsWith(PLACEHOLDER_PREFIX) ? [{ path, value }] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => placeholders(item, [...path, index]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => placeholders(item, [...path, key]));
  }
  return [];
}
// The core declares the settings it needs (src/core/settings.ts); the schema must produce them.
policySchema satisfies z.ZodType<PolicySettings>;
riskSchema satisfies z.ZodType<RiskSettings>;
export type PolicyConfig = Config['policy'];
export type AgentConfig = Config['agent'];
export type RiskConfig = Config['risk'];
export type IntakeConfig = Config['intake'];
export type SlackConfig = Config['slack'];
export type DiscordConfig = Config['discord'];
export type SandboxConfig = Config['sandbox'];
