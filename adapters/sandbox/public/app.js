// The draftgate sandbox page: loads the state, renders the panes, and re-renders on every change event.
import { createActions } from './actions.js';
import { refreshAudit, wireAuditDrawer } from './audit.js';
import { renderChannel } from './channel.js';
import { renderDm } from './dm.js';
import { byId, el, postJson, randomId, setStatus } from './dom.js';
import { userName, view } from './state.js';

let refreshTimer = null;
function scheduleRefresh() {
  if (refreshTimer !== null) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    refresh().catch(() => undefined);
  }, 30);
}

function showInbox(user) {
  view.inbox = user;
  byId('inbox').value = user;
  scheduleRefresh();
}

const { actions, wireDialogs } = createActions({ refresh: scheduleRefresh, showInbox });
let drawer = null;

function showTimeline(draftId) {
  view.timelineDraft = draftId;
  if (draftId && window.matchMedia('(max-width: 1100px)').matches) drawer?.open();
  refreshAudit(showTimeline);
}

const cardHandlers = { ...actions, showTimeline, showInbox };

async function refresh() {
  const res = await fetch(`/sandbox/api/state?inbox=${encodeURIComponent(view.inbox)}`);
  if (!res.ok) return;
  const data = await res.json();
  view.skew = data.now - Date.now();
  const first = view.data === null;
  view.data = data;
  if (first) fillUserSelects();
  renderChannel(actions.requestDraft);
  renderDm(cardHandlers);
  await refreshAudit(showTimeline);
}

function fillUserSelects() {
  const acting = byId('acting-as');
  const inbox = byId('inbox');
  acting.replaceChildren(
    ...view.data.users.map((u) => el('option', { value: u.id, text: `${u.name} (${u.title})` })),
  );
  inbox.replaceChildren(...view.data.users.map((u) => el('option', { value: u.id, text: u.name })));
  acting.value = view.acting;
  inbox.value = view.inbox;
}

function wireComposer() {
  const form = byId('composer');
  const input = byId('composer-input');
  const status = byId('composer-status');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || !view.data) return;
    setStatus(status, '');
    const result = await postJson('/sandbox/api/command', {
      user: view.acting,
      channel: view.data.channel.id,
      text,
      requestId: randomId(),
    });
    if (!result.ok) {
      setStatus(status, result.message || 'draftgate refused this.', false);
      scheduleRefresh();
      return;
    }
    input.value = '';
    if (result.kind === 'help') setStatus(status, result.message, true);
    else if (result.kind === 'message') setStatus(status, '', true);
    else {
      setStatus(
        status,
        result.message || `Drafting. The review card will arrive privately in ${userName(view.acting)}'s DM.`,
        true,
      );
      showInbox(view.acting);
    }
    scheduleRefresh();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
}

function wireSwitches() {
  byId('acting-as').addEventListener('change', (event) => {
    view.acting = event.target.value;
    setStatus(byId('action-status'), '');
    showInbox(view.acting);
  });
  byId('inbox').addEventListener('change', (event) => showInbox(event.target.value));
}

function connectEvents() {
  const live = byId('live-status');
  const source = new EventSource('/sandbox/api/events');
  source.addEventListener('open', () => {
    live.textContent = 'Live';
    live.classList.add('on');
    scheduleRefresh();
  });
  source.addEventListener('change', scheduleRefresh);
  source.addEventListener('error', () => {
    live.textContent = 'Reconnecting…';
    live.classList.remove('on');
  });
}

function start() {
  const params = new URLSearchParams(location.search);
  if (params.get('as')) view.acting = params.get('as');
  view.inbox = params.get('inbox') || view.acting;
  const timeline = /^#timeline-([a-z0-9]+)$/.exec(location.hash);
  if (timeline) view.timelineDraft = timeline[1];
  wireDialogs();
  wireComposer();
  wireSwitches();
  drawer = wireAuditDrawer();
  connectEvents();
  // A minute-by-minute re-render keeps "expires in" and the retract button honest.
  setInterval(() => {
    if (view.data) renderDm(cardHandlers);
  }, 60_000);
  refresh().catch(() => undefined);
}

start();
