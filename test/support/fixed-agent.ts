import type { Agent, AgentRequest, AgentResult } from '../../src/core/ports.js';

/** An agent whose answers the test scripts. Records every request. */
export class FixedAgent implements Agent {
  readonly name = 'fixed';
  readonly requests: AgentRequest[] = [];
  constructor(public answer: (request: AgentRequest) => AgentResult) {}
  async draft(request: AgentRequest): Promise<AgentResult> {
    this.requests.push(request);
    return this.answer(request);
  }
}

export const answers = (text: string) => new FixedAgent(() => ({ ok: true, text }));
