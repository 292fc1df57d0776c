/** The part of the Gate that the sandbox drives: the same calls every platform adapter makes. */
import type { Draft } from '../../src/core/draft.js';
import type {
  ApproveInput,
  DecisionInput,
  EditInput,
  GateResult,
  RegenerateInput,
  RequestInput,
  RetractInput,
} from '../../src/core/gate-types.js';

export interface SandboxGate {
  request(input: RequestInput): Promise<GateResult>;
  approve(input: ApproveInput): Promise<GateResult>;
  edit(input: EditInput): Promise<GateResult>;
  regenerate(input: RegenerateInput): Promise<GateResult>;
  discard(input: DecisionInput): Promise<GateResult>;
  retract(input: RetractInput): Promise<GateResult>;
  get(id: string): Promise<Draft | undefined>;
}
