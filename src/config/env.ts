/**
 * The one place that reads process.env. Everything else receives an `Env` (injected), so tests pass their own.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

export function processEnv(): Env {
  return process.env;
}

/**
 * Loads a `.env` file into process.env with Node's own `process.loadEnvFile` (Node 20.12+): `.env` in the working
 * directory, or the file named by DRAFTGATE_ENV_FILE (set it empty to load none). Variables already set in the
 * environment win over the file. Returns the file loaded, if any.
 */
export function loadDotEnv(cwd: string): string | undefined {
  const named = process.env.DRAFTGATE_ENV_FILE;
  if (named === '') return undefined;
  const file = resolve(cwd, named ?? '.env');
  if (!existsSync(file)) {
    if (named !== undefined) throw new Error(`DRAFTGATE_ENV_FILE names ${file}, which does not exist`);
    return undefined;
  }
  process.loadEnvFile(file);
  return file;
}
