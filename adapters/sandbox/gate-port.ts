/** The part of the Gate that the sandbox drives: the same calls every platform adapter makes. */
import type { Gate } from '../../src/core/gate/index.js';

export type SandboxGate = Pick<
  Gate,
  | 'request'
  | 'approve'
  | 'edit'
  | 'regenerate'
  | 'discard'
  | 'extend'
  | 'retract'
  | 'get'
  | 'editorFor'
  | 'pending'
>;
