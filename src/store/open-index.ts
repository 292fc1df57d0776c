/** The open-draft indexes both stores keep (OpenIndex in src/core/ports.ts): their names, and who belongs in one. */
import type { Draft } from '../core/draft.js';
import { INBOX_STATES } from '../core/draft.js';
import type { OpenIndex } from '../core/ports.js';

/** The index's name below the store's prefix (the same layout as open-index.lua writes). */
export function openIndexName(index: OpenIndex): string {
  if (index.by === 'requester') return `requester:${index.platform}:${index.user}`;
  if (index.by === 'agent') return `agent:${index.agent}`;
  return `second:${index.platform}:${index.workspace}`;
}

/** The names of the indexes this draft belongs in now (none once it left INBOX_STATES). */
export function openIndexesOf(draft: Draft): string[] {
  if (!INBOX_STATES.includes(draft.state)) return [];
  const names = [openIndexName({ by: 'requester', platform: draft.target.platform, user: draft.requester })];
  if (draft.source === 'intake') names.push(openIndexName({ by: 'agent', agent: draft.agent }));
  if (draft.state === 'awaiting_second_approval') {
    const { platform, workspace } = draft.target;
    names.push(openIndexName({ by: 'second_approval', platform, workspace }));
  }
  return names;
}

/** Does a draft read back from an index still belong there (the index may lag a draft that expired away)? */
export function inOpenIndex(draft: Draft, index: OpenIndex): boolean {
  return openIndexesOf(draft).includes(openIndexName(index));
}
