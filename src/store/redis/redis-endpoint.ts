/**
 * Where Redis is and how to reach it: a standalone URL, a Cluster seed node, or Redis Sentinel (a list of
 * sentinels and a master name, or one `redis+sentinel://` URL). Passwords come from the environment
 * (REDIS_PASSWORD, REDIS_SENTINEL_PASSWORD) through the configuration.
 */

export interface SentinelAddress {
  host: string;
  port: number;
}

export type RedisEndpoint =
  | { kind: 'standalone'; url: string; password?: string | undefined }
  | { kind: 'cluster'; url: string; password?: string | undefined }
  | {
      kind: 'sentinel';
      sentinels: SentinelAddress[];
      name: string;
      db: number;
      tls: boolean;
      password?: string | undefined;
      sentinelPassword?: string | undefined;
    };

/** The `redis.*` settings that say where Redis is (a subset of the configuration, so that tests can pass them). */
export interface RedisEndpointSettings {
  url?: string | undefined;
  cluster?: boolean | undefined;
  sentinels?: readonly string[] | undefined;
  sentinel_name?: string | undefined;
  password?: string | undefined;
  sentinel_password?: string | undefined;
}

export function parseSentinelAddress(text: string): SentinelAddress {
  const match = /^\[?([^\s\]]+?)\]?:(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[2]);
  if (!match?.[1] || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`"${text}" is not a sentinel address: write host:port, e.g. 10.0.0.5:26379`);
  }
  return { host: match[1], port };
}

/**
 * Parses `redis+sentinel://[:password@]host:port[,host:port...]/<master name>[/<db>]` (`rediss+sentinel://` for
 * TLS). The password in the URL is the master's; REDIS_SENTINEL_PASSWORD, if set, is the sentinels'.
 */
export function parseSentinelUrl(url: string): Extract<RedisEndpoint, { kind: 'sentinel' }> {
  const match = /^(rediss?)\+sentinel:\/\/(?:([^@/]*)@)?([^/]+)\/([^/?#]+)(?:\/(\d+))?\/?$/.exec(url);
  if (!match?.[3] || !match[4]) {
    throw new Error(
      'a redis+sentinel:// URL names the sentinels and the master: redis+sentinel://host:26379,host:26379/mymaster',
    );
  }
  const auth = match[2];
  const password = auth ? decodeURIComponent(auth.slice(auth.indexOf(':') + 1)) : undefined;
  return {
    kind: 'sentinel',
    sentinels: match[3].split(',').map(parseSentinelAddress),
    name: decodeURIComponent(match[4]),
    db: match[5] ? Number(match[5]) : 0,
    tls: match[1] === 'rediss',
    ...(password ? { password } : {}),
  };
}

/** The endpoint the settings describe, or undefined when no Redis is configured (the in-memory store). */
export function redisEndpoint(settings: RedisEndpointSettings): RedisEndpoint | undefined {
  const password = settings.password;
  if (settings.url?.includes('+sentinel://')) {
    const parsed = parseSentinelUrl(settings.url);
    return {
      ...parsed,
      password: password ?? parsed.password,
      sentinelPassword: settings.sentinel_password,
    };
  }
  if (settings.sentinels && settings.sentinels.length > 0) {
    if (!settings.sentinel_name) throw new Error('redis.sentinels needs redis.sentinel_name');
    return {
      kind: 'sentinel',
      sentinels: settings.sentinels.map(parseSentinelAddress),
      name: settings.sentinel_name,
      db: 0,
      tls: false,
      password,
      sentinelPassword: settings.sentinel_password,
    };
  }
  if (!settings.url) return undefined;
  return { kind: settings.cluster ? 'cluster' : 'standalone', url: settings.url, password };
}

/** A one-line description for logs (never the password). */
export function describeEndpoint(endpoint: RedisEndpoint): string {
  if (endpoint.kind === 'sentinel') {
    const list = endpoint.sentinels.map((s) => `${s.host}:${s.port}`).join(',');
    return `Redis Sentinel master "${endpoint.name}" via ${list}`;
  }
  const where = endpoint.url.replace(/\/\/[^@/]*@/, '//');
  return endpoint.kind === 'cluster' ? `Redis Cluster (seed ${where})` : `Redis at ${where}`;
}
