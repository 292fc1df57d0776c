/**
 * Where the sandbox may listen. It lets anyone act as anyone, so it listens on loopback unless the operator sets
 * `sandbox.allow_remote: true`, and then it says so loudly at start-up.
 */
import type { Logger } from 'pino';

export function isLoopbackAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(?:\.\d{1,3}){3}$/.test(bare);
}

/** The problem to report when the sandbox would listen on `host` without permission; undefined when it may. */
export function sandboxExposureProblem(host: string, allowRemote: boolean): string | undefined {
  if (isLoopbackAddress(host) || allowRemote) return undefined;
  return `server.host: the sandbox lets anyone act as anyone, so it listens only on 127.0.0.1 (got HOST=${host}). Unset HOST, configure Slack or Discord, or set sandbox.allow_remote: true if you really mean to expose it (put access control in front of it).`;
}

export function warnRemoteSandbox(logger: Logger, host: string): void {
  if (isLoopbackAddress(host)) return;
  logger.warn(
    { host, setting: 'sandbox.allow_remote' },
    `WARNING: the sandbox is served on ${host}, beyond this machine (sandbox.allow_remote: true). Anyone who can reach it can act as any sandbox user and approve drafts. Put access control in front of it, and add its public name to sandbox.allowed_hosts.`,
  );
}
