/**
 * The configuration schema. The YAML file (DRAFTGATE_CONFIG) and the environment are merged, then validated here.
 * Every key is documented in config/draftgate.example.yaml; a test keeps the two in step.
 */
import { z } from 'zod';
import type { PolicySettings, RiskSettings } from '../core/settings.js';
import { auditSchema } from './audit-schema.js';
import { duration } from './duration.js';

const id = z.string().min(1);
const severity = z.enum(['block', 'confirm', 'note']);

/** Who: user ids and user groups (Slack) or role ids (Discord). */
const principals = z
  .object({
    users: z.array(id).default([]),
    roles: z.array(id).default([]),
  })
  .strict();

const requestRule = z
  .object({
    /** Channel ids or name patterns (`#eng-*`); `*` matches every channel. */
    channels: z.array(id).min(1),
    users: z.array(id).default([]),
    roles: z.array(id).default([]),
  })
  .strict();

export const policySchema = z
  .object({
    requesters: z.array(requestRule).default([]),
    denied_channels: z.array(id).default([]),
    approvers: z
      .object({
        requester: z.boolean().default(true),
        users: z.array(id).default([]),
        roles: z.array(id).default([]),
      })
      .strict()
      .default({ requester: true, users: [], roles: [] }),
    second_approval: z
      .object({
        mode: z.enum(['never', 'always', 'on_risk']).default('never'),
        approvers: principals.default({ users: [], roles: [] }),
      })
      .strict()
      .default({ mode: 'never', approvers: { users: [], roles: [] } }),
    draft_ttl: duration.default(24 * 3_600_000),
    retract_window: duration.default(15 * 60_000),
    publish_lease: duration.default(60_000),
    reconcile_grace: duration.default(10_000),
  })
  .strict();

export const agentSchema = z
  .object({
    provider: z.enum(['demo', 'openai', 'command']).default('demo'),
    timeout: duration.default(60_000),
    system_prompt: z.string().min(1).optional(),
    openai: z
      .object({
        base_url: z.url().optional(),
        api_key: z.string().min(1).optional(),
        model: z.string().min(1).default('gpt-4o-mini'),
        max_tokens: z.number().int().positive().default(1200),
      })
      .strict()
      .default({ model: 'gpt-4o-mini', max_tokens: 1200 }),
    command: z
      .object({
        argv: z.array(z.string().min(1)).min(1),
        cwd: z.string().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const riskSchema = z
  .object({
    rules: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'lowercase letters, digits, ".", "_" or "-"'),
            pattern: z.string().min(1),
            flags: z
              .string()
              .regex(/^[imsu]*$/)
              .default('i'),
            severity,
            explanation: z.string().min(1),
          })
          .strict(),
      )
      .default([]),
    severity_overrides: z.record(z.string(), severity).default({}),
    judge: z
      .object({
        enabled: z.boolean().default(false),
        base_url: z.url().optional(),
        api_key: z.string().min(1).optional(),
        model: z.string().min(1).optional(),
        timeout: duration.default(8_000),
      })
      .strict()
      .default({ enabled: false, timeout: 8_000 })
      .meta({
        description:
          "Optional second opinion from a model (off by default): it may add findings or raise a severity, never lower one. Uses agent.openai's endpoint, key and model unless set here.",
      }),
  })
  .strict();

const rateLimit = z
  .object({
    points: z.number().int().positive(),
    duration: duration,
  })
  .strict();

export const intakeSchema = z
  .object({
    agents: z
      .array(
        z
          .object({
            name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, "_" or "-"'),
            /** sha256 hex of the agent's bearer token; the token itself is never stored. */
            token_sha256: z
              .string()
              .regex(/^[a-f0-9]{64}$/, '64 lowercase hex characters (sha256 of the token)'),
            /** Channel ids or name patterns (`#eng-*`) this agent may draft for; absent: wherever policy allows. */
            channels: z.array(id).min(1).optional(),
            /** Gets a signed POST when a draft of this agent is published, discarded, expired, retracted or sent back to regenerate. Its secret: DRAFTGATE_CALLBACK_SECRET_<NAME>. */
            callback_url: z.url({ protocol: /^https?$/ }).optional(),
          })
          .strict(),
      )
      .default([]),
    rate_limit: rateLimit.default({ points: 60, duration: 60_000 }),
    body_limit: z
      .number()
      .int()
      .positive()
      .default(64 * 1024),
  })
  .strict();

export const slackSchema = z
  .object({
    bot_token: z.string().startsWith('xoxb-', 'a bot token starting with xoxb-').optional(),
    signing_secret: z.string().min(1).optional(),
    app_token: z.string().startsWith('xapp-', 'an app-level token starting with xapp-').optional(),
    api_url: z.url().optional(),
    command: z
      .string()
      .regex(/^\/[a-z0-9_-]+$/, 'a slash command such as /draftgate')
      .default('/draftgate'),
    shortcut_callback_id: z.string().min(1).default('draftgate_draft_reply'),
    mentions: z.boolean().default(true),
  })
  .strict();

export const discordSchema = z
  .object({
    token: z.string().min(1).optional(),
    application_id: z.string().regex(/^\d+$/, 'a numeric application id').optional(),
    public_key: z
      .string()
      .regex(/^[a-f0-9]{64}$/i, '64 hex characters')
      .optional(),
    api_url: z.url().optional(),
    /** `gateway` (needs token) or `http` (interactions endpoint; needs public_key). */
    mode: z.enum(['gateway', 'http']).optional(),
    command_name: z
      .string()
      .regex(/^[a-z0-9_-]{1,32}$/)
      .default('draftgate'),
    context_menu_name: z.string().min(1).max(32).default('Draft AI reply'),
    quarantine: z
      .object({
        enabled: z.boolean().default(false),
        agent_bot_ids: z.array(id).default([]),
        channels: z.array(id).default([]),
        owner: id.optional(),
      })
      .strict()
      .default({ enabled: false, agent_bot_ids: [], channels: [] }),
  })
  .strict();

/** The sandbox lets anyone act as anyone: loopback only, unless the operator says otherwise. */
export const sandboxSchema = z
  .object({
    /** Serve the sandbox on a non-loopback address (HOST=0.0.0.0); logged as a loud warning. */
    allow_remote: z.boolean().default(false),
    /** Host names (`name` or `name:port`) the sandbox answers to besides 127.0.0.1, localhost and [::1]. */
    allowed_hosts: z
      .array(z.string().regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, 'a host name, optionally with :port'))
      .default([]),
  })
  .strict();

export const configSchema = z
  .object({
    redis: z
      .object({
        url: z
          .string()
          .regex(/^rediss?(\+sentinel)?:\/\//, 'a redis://, rediss:// or redis+sentinel:// URL')
          .optional(),
        prefix: z
          .string()
          .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, ".", "_" or "-"')
          .default('draftgate'),
        keep_finished_drafts: duration.default(7 * 86_400_000),
        /** Redis Cluster: `url` is a seed node; every key shares the audit stream's slot through a hash tag. */
        cluster: z.boolean().default(false),
        /** Redis Sentinel: `host:port` of each sentinel, and the name of the monitored master. */
        sentinels: z.array(z.string().regex(/^[^\s:]+:\d+$/, 'host:port')).optional(),
        sentinel_name: z.string().min(1).optional(),
        /** Passwords for Redis and for the sentinels (REDIS_PASSWORD, REDIS_SENTINEL_PASSWORD). */
        password: z.string().min(1).optional(),
        sentinel_password: z.string().min(1).optional(),
        /** Replicas that must confirm (WAIT) every transition before the user is told and before publishing. */
        wait_replicas: z.coerce.number().int().min(0).max(16).default(0),
        wait_timeout: duration.default(1_000),
        /** How long a store operation is retried through a failover (MOVED, READONLY, lost connection...). */
        retry_budget: duration.default(5_000),
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
      }),
    audit: auditSchema.default(auditSchema.parse({})),
    server: z
      .object({
        port: z.coerce
          .number({ error: 'expected a port number from 0 to 65535 (PORT=3000)' })
          .int({ error: 'expected a whole port number from 0 to 65535 (PORT=3000)' })
          .min(0, { error: 'expected a port number from 0 to 65535 (PORT=3000)' })
          .max(65_535, { error: 'expected a port number from 0 to 65535 (PORT=3000)' })
          .default(3000),
        host: z.string().min(1).optional(),
      })
      .strict()
      .default({ port: 3000 }),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
        pretty: z.boolean().default(false),
      })
      .strict()
      .default({ level: 'info', pretty: false }),
    policy: policySchema.default(policySchema.parse({})),
    agent: agentSchema.default(agentSchema.parse({})),
    risk: riskSchema.default(riskSchema.parse({})),
    intake: intakeSchema.default(intakeSchema.parse({})),
    rate_limits: z
      .object({ requests_per_user: rateLimit.default({ points: 20, duration: 60_000 }) })
      .strict()
      .default({ requests_per_user: { points: 20, duration: 60_000 } }),
    slack: slackSchema.default(slackSchema.parse({})),
    discord: discordSchema.default(discordSchema.parse({})),
    sandbox: sandboxSchema.default(sandboxSchema.parse({})),
    sweep_interval: duration.default(5_000),
  })
  .strict()
  .superRefine((config, ctx) => {
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
