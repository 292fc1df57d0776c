/**
 * Loads the YAML file, merges the environment over it (secrets and deployment settings under their conventional
 * names), and validates the result. Problems come back as one line each, naming the key path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { Env } from './env.js';
import { type Config, configSchema } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'config/draftgate.yaml';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly file: string | undefined,
    readonly problems: string[],
  ) {
    super(
      `invalid configuration${file ? ` in ${file}` : ''}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

/** Environment variable → config key path. */
export const ENV_KEYS: Readonly<Record<string, readonly string[]>> = {
  SLACK_BOT_TOKEN: ['slack', 'bot_token'],
  SLACK_SIGNING_SECRET: ['slack', 'signing_secret'],
  SLACK_APP_TOKEN: ['slack', 'app_token'],
  SLACK_API_URL: ['slack', 'api_url'],
  DISCORD_TOKEN: ['discord', 'token'],
  DRAFTGATE_AUDIT_KEY: ['audit', 'key'],
  DISCORD_APPLICATION_ID: ['discord', 'application_id'],
  DISCORD_PUBLIC_KEY: ['discord', 'public_key'],
  DISCORD_API_URL: ['discord', 'api_url'],
  REDIS_URL: ['redis', 'url'],
  REDIS_PASSWORD: ['redis', 'password'],
  REDIS_SENTINEL_PASSWORD: ['redis', 'sentinel_password'],
  PORT: ['server', 'port'],
  HOST: ['server', 'host'],
  OPENAI_BASE_URL: ['agent', 'openai', 'base_url'],
  OPENAI_API_KEY: ['agent', 'openai', 'api_key'],
  OPENAI_MODEL: ['agent', 'openai', 'model'],
  DRAFTGATE_AGENT: ['agent', 'provider'],
  LOG_LEVEL: ['log', 'level'],
};

/** Environment values safe to echo back in an error (never a token or a URL that may carry a password). */
const SHOWN_ENV_VALUES = new Set(['PORT', 'HOST', 'DRAFTGATE_AGENT', 'LOG_LEVEL']);

export interface LoadedConfig {
  config: Config;
  /** The file read, if any. */
  file: string | undefined;
}

/** Which file to read: an explicit path, else DRAFTGATE_CONFIG, else config/draftgate.yaml if present. */
export function resolveConfigFile(explicit: string | undefined, env: Env, cwd: string): string | undefined {
  if (explicit) return explicit;
  if (env.DRAFTGATE_CONFIG) return env.DRAFTGATE_CONFIG;
  const fallback = `${cwd}/${DEFAULT_CONFIG_FILE}`;
  return existsSync(fallback) ? fallback : undefined;
}

export function loadConfig(options: { file?: string | undefined; env: Env; cwd?: string }): LoadedConfig {
  const file = resolveConfigFile(options.file, options.env, options.cwd ?? process.cwd());
  let raw: unknown = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(file, [
        `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      ]);
    }
    try {
      raw = parseYaml(text) ?? {};
    } catch (error) {
      throw new ConfigError(file, yamlProblem(error, text));
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new ConfigError(file, ['(root): expected a mapping of keys such as "policy:" and "agent:"']);
    }
  }
  const merged = mergeEnv(raw as Record<string, unknown>, options.env);
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.flatMap((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map(
          (key) =>
            `${[...issue.path, key].join('.')}: unknown key (check its spelling against config/draftgate.example.yaml)`,
        );
      }
      const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
      const fromEnv = Object.entries(ENV_KEYS).find(([, keyPath]) => keyPath.join('.') === path)?.[0];
      const value = fromEnv ? options.env[fromEnv] : undefined;
      const source =
        fromEnv && value !== undefined
          ? ` (from ${fromEnv}${SHOWN_ENV_VALUES.has(fromEnv) ? `=${JSON.stringify(value)}` : ''})`
          : '';
      return [`${path}${source}: ${issue.message}`];
    });
    throw new ConfigError(file, problems);
  }
  return { config: result.data, file };
}

function mergeEnv(raw: Record<string, unknown>, env: Env): Record<string, unknown> {
  const out = structuredClone(raw);
  for (const [name, path] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    let node: Record<string, unknown> = out;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    const last = path.at(-1);
    if (last !== undefined) node[last] = value;
  }
  return out;
}

/** "not valid YAML at line L, column C: reason", then a code frame: the lines around it and a caret. */
function yamlProblem(error: unknown, text: string): string[] {
  const reason =
    error instanceof Error
      ? (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')
      : String(error);
  if (!(error instanceof YAMLParseError) || !error.linePos) return [`not valid YAML: ${reason}`];
  const { line, col } = error.linePos[0];
  const lines = text.split('\n');
  const width = String(Math.min(line + 1, lines.length)).length;
  const frame: string[] = [];
  for (let number = Math.max(1, line - 2); number <= Math.min(lines.length, line + 1); number++) {
    frame.push(
      `${number === line ? '>' : ' '} ${String(number).padStart(width)} | ${lines[number - 1] ?? ''}`,
    );
    if (number === line) frame.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, col - 1))}^`);
  }
  return [`not valid YAML at line ${line}, column ${col}: ${reason}`, ...frame];
}
