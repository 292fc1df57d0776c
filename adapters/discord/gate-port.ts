/** The part of the Gate (src/core/gate.ts) that the Discord adapter uses. */
import type { Gate } from '../../src/core/gate/index.js';

export type { QuarantineInput } from '../../src/core/gate-types.js';

export type DiscordGate = Pick<
  Gate,
  | 'request'
  | 'approve'
  | 'edit'
  | 'regenerate'
  | 'discard'
  | 'extend'
  | 'retract'
  | 'get'
  | 'cardFor'
  | 'editorFor'
  | 'quarantine'
  | 'pending'
  | 'reopen'
  | 'policy'
>;
