/**
 * A bounded retry budget around store operations. During a failover Redis answers MOVED, ASK, TRYAGAIN,
 * CLUSTERDOWN, READONLY or LOADING, or the connection to the failed master is lost; each of these is retried,
 * after a topology refresh, until the budget is spent. Then the operation fails closed with the last error, and
 * the Gate tells the person to try again. Retried operations must be safe to repeat: draftgate's scripts carry an
 * operation id, so a script that did run before its reply was lost answers "done" instead of acting twice.
 */

/** Error replies that mean "not here or not now" during a failover or a resharding. */
const TRANSIENT_REPLY = /^(?:MOVED|ASK|TRYAGAIN|CLUSTERDOWN|READONLY|LOADING|MASTERDOWN)\b/;
/** A script that wrote on a master demoted to replica fails with READONLY inside the script error. */
const READONLY_IN_SCRIPT = /-?READONLY You can't write against a read only replica/;
/** ioredis' and Node's words for a connection that is gone, not yet back, or timed out. */
const CONNECTION_TROUBLE = [
  'Connection is closed',
  "Stream isn't writeable",
  "Cluster isn't ready",
  'Too many Cluster redirections',
  'Failed to refresh slots cache',
  'All sentinels are unreachable',
  'Reached the max retries per request limit',
  'Command timed out',
  'Command aborted due to connection close',
  'None of startup nodes is available',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
];

/** True for errors that a failover produces and that a later attempt can succeed past. */
export function isTransientRedisError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ReplicationTimeoutError') return false;
  const message = error.message;
  if (TRANSIENT_REPLY.test(message) || READONLY_IN_SCRIPT.test(message)) return true;
  if (CONNECTION_TROUBLE.some((words) => message.includes(words))) return true;
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' && CONNECTION_TROUBLE.includes(code);
}

/** The store did not answer within the retry budget: the operation did not happen (or is recognized on retry). */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  readonly code = 'STORE_UNAVAILABLE';
  constructor(budgetMs: number, last: unknown) {
    super(
      `Redis did not answer within the retry budget of ${budgetMs} ms (last error: ${
        last instanceof Error ? last.message : String(last)
      }); check that Redis (or its sentinels or cluster) is up and that a master is elected`,
      { cause: last },
    );
  }
}

export interface RetryBudgetOptions {
  budgetMs: number;
  /** Called before each retry with the error that caused it: refresh the topology (Cluster slots, reconnect). */
  refresh?: (error: Error) => Promise<void> | void;
  /** Called once per retry, for logs and metrics. */
  onRetry?: (error: Error, attempt: number) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const FIRST_DELAY_MS = 25;
const MAX_DELAY_MS = 400;

export class RetryBudget {
  readonly budgetMs: number;
  readonly #options: RetryBudgetOptions;

  constructor(options: RetryBudgetOptions) {
    this.budgetMs = options.budgetMs;
    this.#options = options;
  }

  /** Runs `op`, retrying transient failures with a growing delay until the budget is spent. */
  async run<T>(op: () => Promise<T>): Promise<T> {
    const now = this.#options.now ?? Date.now;
    const sleep = this.#options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
    const started = now();
    let delay = FIRST_DELAY_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        return await op();
      } catch (error) {
        if (!isTransientRedisError(error)) throw error;
        const left = this.budgetMs - (now() - started);
        if (left <= 0) throw new StoreUnavailableError(this.budgetMs, error);
        this.#options.onRetry?.(error as Error, attempt);
        try {
          await this.#options.refresh?.(error as Error);
        } catch {
          // A refresh that fails (the cluster is still electing) is retried with the operation.
        }
        await sleep(Math.min(delay, Math.max(1, left)));
        delay = Math.min(delay * 2, MAX_DELAY_MS);
      }
    }
  }
}
