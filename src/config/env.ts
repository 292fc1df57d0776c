/**
 * The one place that reads process.env. Everything else receives an `Env` (injected), so tests pass their own.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export function processEnv(): Env {
  return process.env;
}
