/** Audit events for tests and benchmarks that write to the log directly: a `denied` event unless overridden. */
import type { AuditEventInput } from '../src/core/audit-event.js';

export function auditEvent(overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    type: 'denied',
    draft_id: 'd0',
    version: 1,
    actor: 'U1',
    platform: 'slack',
    workspace: 'T1',
    channel: 'C1',
    at: new Date().toISOString(),
    text_sha256: '',
    detail: { reason: 'not_requester' },
    ...overrides,
  };
}
