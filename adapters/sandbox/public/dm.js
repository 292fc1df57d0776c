// The DM pane: whose DM this is (with a banner when it is not yours), the cards waiting for a decision, then the
// finished ones and draftgate's notes.

import { renderCard } from './card.js';
import { byId, el, syncList } from './dom.js';
import { IN_PROGRESS_STATES } from './labels.js';
import { possessive, userName, view } from './state.js';

function renderItem(item, handlers) {
  if (item.kind === 'card') return renderCard(item, handlers);
  const note = el('p', { class: 'note', role: 'note', text: item.text });
  if (!item.extend) return el('li', {}, note);
  // An expiry reminder: Extend keeps the draft open for another draft_ttl (policy decides how often).
  const extend = el('button', {
    type: 'button',
    text: 'Extend',
    'data-focus': `extend:${item.id}`,
    onClick: () => handlers.extend(item.extend),
  });
  return el('li', {}, note, el('div', { class: 'card-actions' }, extend));
}

function renderBanner() {
  const banner = byId('dm-banner');
  if (view.inbox === view.acting) {
    banner.hidden = true;
    banner.textContent = '';
    return;
  }
  const owner = userName(view.inbox);
  const me = userName(view.acting);
  banner.hidden = false;
  banner.replaceChildren(
    el('strong', { text: `You are looking at ${possessive(owner)} DM as ${me}.` }),
    ` On Slack or Discord only ${owner} sees these cards. ${me}’s clicks here are refused by draftgate and recorded in the audit log. `,
    el('button', {
      type: 'button',
      class: 'link-button',
      text: `Back to ${possessive(me)} DM`,
      onClick: () => handlers.showInbox(view.acting),
    }),
  );
}

let handlers = null;

export function renderDm(cardHandlers) {
  handlers = cardHandlers;
  renderBanner();
  const items = [...view.data.dm].reverse();
  // The Gate's inbox for this DM's owner (the same query as Slack's App Home and Discord's /draftgate pending),
  // plus the cards still on their way.
  const waiting = new Set(view.data.pending ?? []);
  const pending = items.filter(
    (item) =>
      item.kind === 'card' && (waiting.has(item.card.draftId) || IN_PROGRESS_STATES.has(item.card.state)),
  );
  const finished = items.filter((item) => !pending.includes(item));
  // Relative times ("expires in 23 h") and who is acting change the rendering, not just the data.
  const minute = Math.floor(Date.now() / 60_000);
  const versionOf = (item) => `${view.acting}|${minute}|${JSON.stringify(item)}`;
  syncList(
    byId('dm-pending'),
    pending,
    (item) => item.id,
    (item) => renderItem(item, handlers),
    versionOf,
  );
  syncList(
    byId('dm-finished'),
    finished,
    (item) => item.id,
    (item) => renderItem(item, handlers),
    versionOf,
  );
  byId('pending-title').textContent = `Pending (${pending.length})`;
  byId('pending-empty').hidden = pending.length > 0;
  byId('pending-empty').textContent =
    view.inbox === view.acting
      ? 'Nothing waits for your review. Use “Draft a reply” on a post, or type /draftgate and a question.'
      : `Nothing waits for ${possessive(userName(view.inbox))} review.`;
  byId('finished-title').textContent = `Finished (${finished.length})`;
  byId('finished-empty').hidden = finished.length > 0;
}
