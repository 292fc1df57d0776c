/**
 * The settings the core needs, declared by the core. The config schema (src/config/schema.ts) is written to
 * produce exactly these shapes and checks that it does at compile time; the core never imports the schema.
 */
import type { Severity } from './draft.js';

/** Who: user ids and user groups (Slack) or role ids (Discord). */
export interface PrincipalSettings {
  readonly users: readonly string[];
  readonly roles: readonly string[];
}

/** Who may ask where: channel ids or name patterns (`#eng-*`, `*`), and the people or roles allowed there. */
export interface RequestRuleSettings extends PrincipalSettings {
  readonly channels: readonly string[];
}

export type SecondApprovalMode = 'never' | 'always' | 'on_risk';

/** `policy.*`: who may request, decide and approve, and the draft's deadlines (ms). */
export interface PolicySettings {
  readonly requesters: readonly RequestRuleSettings[];
  readonly denied_channels: readonly string[];
  readonly approvers: PrincipalSettings & { readonly requester: boolean };
  readonly second_approval: { readonly mode: SecondApprovalMode; readonly approvers: PrincipalSettings };
  readonly draft_ttl: number;
  readonly retract_window: number;
  readonly publish_lease: number;
  readonly reconcile_grace: number;
  /** How long before expiry the requester gets one private reminder with Extend (ms); 0: no reminder. */
  readonly expiry_warning: number;
  /** How many times a draft's expiry can be extended, each time by `draft_ttl`. */
  readonly max_extensions: number;
}

/** One operator-defined risk rule (`risk.rules[]`). */
export interface CustomRuleSettings {
  readonly id: string;
  readonly pattern: string;
  readonly flags: string;
  readonly severity: Severity;
  readonly explanation: string;
}

/** `risk.*`: extra rules and severity overrides (by rule id or category). */
export interface RiskSettings {
  readonly rules: readonly CustomRuleSettings[];
  readonly severity_overrides: Readonly<Record<string, Severity>>;
}
