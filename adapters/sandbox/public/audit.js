// The audit pane: the real hash-chained log in plain words, newest first, or one draft's timeline. On a narrow
// screen it is a drawer opened from the header.
import { byId, el, syncList } from './dom.js';
import { auditDetail, auditSentence } from './labels.js';
import { userName, view } from './state.js';

function renderEntry(entry, onTimeline) {
  const detail = auditDetail(entry);
  return el(
    'li',
    { class: `audit-entry ${entry.type}` },
    el('span', {
      class: `event-type ${entry.type}`,
      'data-type': entry.type,
      text: auditSentence(entry, userName(entry.actor)),
    }),
    detail ? el('div', { class: 'audit-detail', text: detail }) : null,
    el(
      'div',
      { class: 'audit-meta' },
      'draft ',
      el('a', {
        href: `#timeline-${entry.draftId}`,
        class: 'draft-id',
        text: entry.draftId.slice(0, 8),
        title: `Only the events of draft ${entry.draftId}`,
        onClick: (event) => {
          event.preventDefault();
          onTimeline(entry.draftId);
        },
      }),
      ` v${entry.version} · `,
      el('time', { datetime: entry.at, text: new Date(entry.at).toLocaleTimeString() }),
      ' · ',
      el('span', { class: 'hash', title: `hash ${entry.hash}`, text: `#${entry.hash.slice(0, 12)}` }),
    ),
  );
}

function renderFilter(onTimeline) {
  const filter = byId('audit-filter');
  if (!view.timelineDraft) {
    filter.hidden = true;
    return;
  }
  filter.hidden = false;
  filter.replaceChildren(
    'Timeline of draft ',
    el('code', { class: 'full-id', text: view.timelineDraft }),
    ' ',
    el('button', {
      type: 'button',
      class: 'link-button',
      text: 'Show all events',
      onClick: () => onTimeline(null),
    }),
  );
}

export async function refreshAudit(onTimeline) {
  const list = byId('audit');
  renderFilter(onTimeline);
  try {
    const res = await fetch('/sandbox/api/audit?limit=200');
    const json = await res.json();
    if (!res.ok) {
      list.replaceChildren(el('li', { text: json.message || 'The audit log is not available.' }));
      return;
    }
    const entries = view.timelineDraft
      ? json.entries.filter((entry) => entry.draftId === view.timelineDraft)
      : json.entries.slice(0, 60);
    byId('audit-count').textContent = String(json.entries.length);
    syncList(
      list,
      entries,
      (entry) => entry.id,
      (entry) => renderEntry(entry, onTimeline),
    );
  } catch {
    // The next change event or action refreshes it again.
  }
}

export function wireAuditDrawer() {
  const toggle = byId('audit-toggle');
  const pane = byId('audit-pane');
  const setOpen = (open) => {
    pane.classList.toggle('open', open);
    toggle.setAttribute('aria-expanded', String(open));
    if (open) byId('audit-title').focus();
  };
  toggle.addEventListener('click', () => setOpen(!pane.classList.contains('open')));
  byId('audit-close').addEventListener('click', () => {
    setOpen(false);
    toggle.focus();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && pane.classList.contains('open')) setOpen(false);
  });
  return { open: () => setOpen(true) };
}
