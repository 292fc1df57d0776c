/**
 * Slack deliveries for the benchmark: the tests' builders (testkit/slack-requests.ts), addressed to the bench
 * workspace and its own response URLs, and signed at send time (`v0=` HMAC-SHA256 of `v0:<timestamp>:<body>`).
 */
import { ACTION, BLOCK, INPUT, VIEW } from '../../adapters/slack/action-ids.js';
import * as testPayloads from '../../testkit/slack-requests.js';
import { type Delivery, sign } from '../../testkit/slack-requests.js';
import { BENCH_TEAM } from './bench-slack-api.js';

export type { Delivery };

export function signedHeaders(
  secret: string,
  delivery: Delivery,
  nowMs = Date.now(),
): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    'content-type': delivery.contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': sign(secret, timestamp, delivery.body),
  };
}

/** `/draftgate <text>` from the bench workspace. */
export function slashCommand(input: {
  text: string;
  user: string;
  channel: string;
  responseUrl: string;
}): Delivery {
  return testPayloads.slashCommand({ ...input, team: BENCH_TEAM, channelName: 'eng-help' });
}

/** A button click on a review card in the bench workspace. */
export function blockAction(input: Omit<testPayloads.BlockActionInput, 'fake' | 'team'>): Delivery {
  return testPayloads.blockAction({ ...input, team: BENCH_TEAM });
}

/** The Edit modal's submission: private_metadata `draftId:version` and the edited text. */
export function editSubmission(input: { user: string; privateMetadata: string; text: string }): Delivery {
  return testPayloads.viewSubmission({
    team: BENCH_TEAM,
    callbackId: VIEW.edit,
    privateMetadata: input.privateMetadata,
    user: input.user,
    values: { [BLOCK.editText]: { [INPUT.editText]: input.text } },
  });
}

/** The approve button's value on a rendered review card (the `blocks` form field of chat.postMessage). */
export function approveValue(blocksJson: string | null): string | undefined {
  if (!blocksJson) return undefined;
  const blocks = JSON.parse(blocksJson) as {
    type?: string;
    elements?: { action_id?: string; value?: string }[];
  }[];
  for (const block of blocks) {
    if (block.type !== 'actions') continue;
    for (const element of block.elements ?? []) {
      if (element.action_id === ACTION.approve) return element.value;
    }
  }
  return undefined;
}
