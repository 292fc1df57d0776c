/** The part of the Gate that the Slack listeners use. */
import type { Gate } from '../../src/core/gate/index.js';

export type SlackGate = Pick<
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
  | 'pending'
  | 'reopen'
  | 'policy'
>;
