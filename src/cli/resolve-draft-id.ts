/**
 * Draft ids are 20 hex characters; the UI shows the first 8. Every command that takes a draft id accepts any unique
 * prefix of one, found among the draft ids in the audit log.
 */
import type { AuditLog } from '../core/ports.js';
import { CliError } from './cli-command.js';

const FULL_ID_LENGTH = 20;

export async function resolveDraftId(audit: AuditLog, given: string): Promise<string> {
  const prefix = given.trim().toLowerCase();
  if (prefix.length === 0) throw new CliError('give a draft id (or the first characters of one)', 64);
  const matches = new Set<string>();
  for await (const entry of audit.walk()) {
    if (entry.draft_id.startsWith(prefix)) matches.add(entry.draft_id);
    if (prefix.length >= FULL_ID_LENGTH && matches.size > 0) break;
  }
  const [only, ...others] = [...matches];
  if (only !== undefined && others.length === 0) return only;
  if (only === undefined) {
    throw new CliError(`no draft id in the audit log starts with ${given}: check the id on the review card`);
  }
  const listed = [...matches].slice(0, 5).join(', ');
  throw new CliError(
    `draft id ${given} is ambiguous (${matches.size} drafts start with it: ${listed}${matches.size > 5 ? ', …' : ''}): give more characters`,
    64,
  );
}
