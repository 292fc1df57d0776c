/**
 * What `config check` warns about: settings that are valid but probably not what the operator meant. Problems that
 * would stop start-up are errors instead (the schema's, and `errors` here).
 */
import { isLoopbackAddress, sandboxExposureProblem } from '../../adapters/sandbox/exposure.js';
import { BOT_SCOPES, CHANNEL_NAME_SCOPES } from '../../adapters/slack/manifest.js';
import { discordConfigured, slackConfigured } from '../app.js';
import { nameRules } from '../config/name-rules.js';
import type { Config } from '../config/schema.js';

export interface ConfigReview {
  warnings: string[];
  errors: string[];
}

export function reviewConfig(
  config: Config,
  /** The bot scopes of the manifest `draftgate slack manifest` generates (a parameter so tests can vary it). */
  manifestScopes: readonly string[] = BOT_SCOPES,
): ConfigReview {
  const warnings: string[] = [];
  const errors: string[] = [];
  const second = config.policy.second_approval;
  if (second.mode !== 'never' && second.approvers.users.length === 0 && second.approvers.roles.length === 0) {
    warnings.push(
      `policy.second_approval.mode is "${second.mode}" but policy.second_approval.approvers lists nobody: anyone other than the first approver may give the second approval. List your reviewers' ids under approvers.users or approvers.roles.`,
    );
  }
  if (!slackConfigured(config) && !discordConfigured(config)) {
    const host = config.server.host ?? '127.0.0.1';
    const problem = sandboxExposureProblem(host, config.sandbox.allow_remote);
    if (problem) errors.push(problem);
    else if (!isLoopbackAddress(host)) {
      warnings.push(
        `the sandbox will listen on ${host}, beyond this machine (sandbox.allow_remote: true): anyone who can reach it can act as any sandbox user and approve drafts. Put access control in front of it, or unset HOST.`,
      );
    }
  }
  const rules = nameRules(config);
  const missing = CHANNEL_NAME_SCOPES.filter((scope) => !manifestScopes.includes(scope));
  if (rules.length > 0 && missing.length > 0) {
    warnings.push(
      `${rules.join(', ')} ${rules.length === 1 ? 'uses a channel name' : 'use channel names'}, which on Slack needs the ${missing.join(' and ')} scope${missing.length === 1 ? '' : 's'}; the generated Slack manifest lacks ${missing.length === 1 ? 'it' : 'them'}, so these rules will refuse every request they cannot name. Add the scope${missing.length === 1 ? '' : 's'} to the app and reinstall it, or use channel ids.`,
    );
  }
  return { warnings, errors };
}
