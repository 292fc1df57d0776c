// The draftgate sandbox page. Plain browser JavaScript, no build step. Every text from the server is rendered with
// textContent, never as HTML: drafts are AI output and must not be able to inject markup.

(() => {
  const STATE_LABELS = {
    drafting: 'Drafting…',
    pending: 'Waiting for review',
    awaiting_second_approval: 'Waiting for a second approver',
    publishing: 'Publishing…',
    published: 'Published',
    retracted: 'Retracted',
    discarded: 'Discarded',
    expired: 'Expired',
    failed: 'Failed',
    publish_unknown: 'Publish outcome unknown',
  };
  const SEVERITY_LABELS = { block: 'Blocks publishing', confirm: 'Needs confirmation', note: 'Note' };

  const view = {
    acting: 'alice',
    inbox: 'alice',
    data: null,
    /** Server time minus local time, for the retract countdown. */
    skew: 0,
    /** The card whose dialog is open. */
    dialogCard: null,
  };

  const byId = (id) => document.getElementById(id);

  /** Creates an element; `props` sets attributes (and `text` sets textContent), children are nodes or strings. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'onClick') node.addEventListener('click', value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child === undefined || child === null || child === false) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  function randomId() {
    if (globalThis.crypto && typeof globalThis.crypto.randomUUID === 'function') return crypto.randomUUID();
    return Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  }

  function timeOf(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function snippet(text, max = 60) {
    const flat = String(text).replace(/\s+/g, ' ').trim();
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  }

  /**
   * Chat-style formatting without HTML: ``` fences become code blocks and `backticks` inline code. Every piece is a
   * text node, so nothing in the text can become markup.
   */
  function richText(text) {
    const fragment = document.createDocumentFragment();
    const parts = String(text).split('```');
    parts.forEach((part, index) => {
      if (index % 2 === 1 && index < parts.length - 1) {
        const code = part.replace(/^[A-Za-z0-9_+-]*\n/, '').replace(/\n$/, '');
        fragment.append(el('pre', { class: 'code-block' }, el('code', { text: code })));
        return;
      }
      // Text after a code block starts on its own line anyway.
      const rest = index > 0 && index % 2 === 0 ? part.replace(/^\n/, '') : part;
      const plain = index % 2 === 1 ? `\`\`\`${rest}` : rest;
      plain.split('`').forEach((piece, i, pieces) => {
        if (i % 2 === 1 && i < pieces.length - 1) fragment.append(el('code', { text: piece }));
        else fragment.append(document.createTextNode(i % 2 === 1 ? `\`${piece}` : piece));
      });
    });
    return fragment;
  }

  function userName(id) {
    const user = view.data?.users.find((u) => u.id === id);
    return user ? user.name : id;
  }

  async function postJson(path, body) {
    try {
      const res = await fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = await res.json().catch(() => ({ ok: false, message: `HTTP ${res.status}` }));
      return { status: res.status, ...json };
    } catch {
      return { ok: false, message: 'The sandbox server did not answer. Is draftgate still running?' };
    }
  }

  function setStatus(node, text, ok) {
    node.textContent = text || '';
    node.classList.toggle('ok', Boolean(ok));
    node.classList.toggle('error', !ok && Boolean(text));
  }

  // ---- keyed list rendering: only changed items are replaced, so focus and screen readers stay put ----

  function syncList(list, items, keyOf, render) {
    const existing = new Map();
    for (const child of Array.from(list.children)) existing.set(child.dataset.key, child);
    let previous = null;
    for (const item of items) {
      const key = keyOf(item);
      const version = JSON.stringify(item);
      let node = existing.get(key);
      if (!node || node.dataset.version !== version) {
        const fresh = render(item);
        fresh.dataset.key = key;
        fresh.dataset.version = version;
        if (node) {
          const focusKey = node.contains(document.activeElement)
            ? document.activeElement.dataset.focus
            : undefined;
          node.replaceWith(fresh);
          if (focusKey) fresh.querySelector(`[data-focus="${CSS.escape(focusKey)}"]`)?.focus();
        }
        node = fresh;
      }
      existing.delete(key);
      const expected = previous ? previous.nextSibling : list.firstChild;
      if (node !== expected) list.insertBefore(node, expected);
      previous = node;
    }
    for (const stale of existing.values()) stale.remove();
  }

  // ---- the channel ----

  function renderMessage(message, isRoot) {
    const head = el(
      'div',
      { class: 'msg-head' },
      el('span', { class: 'author', text: message.authorName }),
      message.published ? el('span', { class: 'attribution', text: message.published.attribution }) : null,
      el('time', { datetime: new Date(message.at).toISOString(), text: timeOf(message.at) }),
    );
    const body = el('div', { class: 'text' }, richText(message.text));
    const actions = message.published
      ? null
      : el(
          'div',
          { class: 'msg-actions' },
          el('button', {
            type: 'button',
            text: 'Draft a reply',
            'data-focus': `draft-reply:${message.id}`,
            'aria-label': `Draft a reply to ${message.authorName}: ${snippet(message.text, 80)}`,
            onClick: () => requestDraft(message),
          }),
        );
    return el(
      'article',
      { class: 'msg', id: message.id, 'aria-label': `${isRoot ? 'Post' : 'Reply'} by ${message.authorName}` },
      head,
      body,
      actions,
    );
  }

  function renderPost(post) {
    const thread = el('ol', { class: 'thread', 'aria-label': `Replies to ${post.root.authorName}` });
    for (const reply of post.replies) {
      thread.append(
        el('li', { class: `reply${reply.published ? ' published' : ''}` }, renderMessage(reply, false)),
      );
    }
    return el('li', { class: 'post' }, renderMessage(post.root, true), thread);
  }

  function renderChannel() {
    const { channel, messages } = view.data;
    byId('channel-title').textContent = `#${channel.name}`;
    byId('channel-link').textContent = `# ${channel.name}`;
    byId('channel-topic').textContent = channel.topic;
    byId('composer-input').placeholder = `Message #${channel.name}, or /draftgate <question>`;
    const posts = messages
      .filter((m) => !m.thread)
      .map((root) => ({ root, replies: messages.filter((m) => m.thread === root.id) }));
    syncList(byId('messages'), posts, (post) => post.root.id, renderPost);
  }

  // ---- the DM pane and its review cards ----

  function renderFinding(finding) {
    return el(
      'li',
      { class: `finding ${finding.severity}` },
      el('span', { class: 'severity', text: SEVERITY_LABELS[finding.severity] || finding.severity }),
      el('strong', { text: finding.rule }),
      `: ${finding.explanation}`,
      finding.excerpt ? el('code', { text: finding.excerpt }) : null,
    );
  }

  function cardButton(label, ariaLabel, focusKey, onClick, className) {
    return el('button', {
      type: 'button',
      class: className,
      text: label,
      'aria-label': ariaLabel,
      'data-focus': focusKey,
      onClick,
    });
  }

  function renderCard(item) {
    const card = item.card;
    const about = snippet(card.question, 50);
    const titleId = `card-title-${item.id}`;
    const actions = [];
    if (card.actions.approve) {
      const confirm = card.actions.approve.confirm;
      actions.push(
        cardButton(
          confirm ? 'Approve…' : 'Approve',
          `Approve and publish the draft about: ${about}${confirm ? ' (asks for confirmation first)' : ''}`,
          'approve',
          () => approve(card),
          'primary',
        ),
      );
    }
    if (card.actions.edit) {
      actions.push(cardButton('Edit', `Edit the draft about: ${about}`, 'edit', () => openEdit(card)));
    }
    if (card.actions.regenerate) {
      actions.push(
        cardButton('Regenerate', `Ask the agent to regenerate the draft about: ${about}`, 'regenerate', () =>
          openRegenerate(card),
        ),
      );
    }
    if (card.actions.discard) {
      actions.push(
        cardButton('Discard', `Discard the draft about: ${about}`, 'discard', () => discard(card)),
      );
    }
    const retractUntil = card.actions.retractUntil;
    if (retractUntil && retractUntil > Date.now() + view.skew) {
      actions.push(
        cardButton(
          `Retract (until ${timeOf(retractUntil)})`,
          `Retract the published reply about: ${about}`,
          'retract',
          () => retract(card),
        ),
      );
    }
    const findings = card.findings.length
      ? el(
          'section',
          { class: 'findings-section', 'aria-label': 'Risk findings' },
          card.riskSummary ? el('p', { class: 'risk-summary', text: card.riskSummary }) : null,
          el('h4', { text: `Risk findings (${card.findings.length})` }),
          el('ul', { class: 'findings' }, ...card.findings.map(renderFinding)),
        )
      : null;
    const where = card.target.thread ? 'in its thread' : 'in the channel';
    return el(
      'li',
      {},
      el(
        'article',
        {
          class: 'card',
          'data-draft-id': card.draftId,
          'data-state': card.state,
          'data-role': card.role,
          'aria-labelledby': titleId,
        },
        el('h3', { id: titleId, text: card.headline }),
        el('p', {
          class: 'meta',
          text: `${STATE_LABELS[card.state] || card.state} · draft ${card.draftId.slice(0, 8)} · v${card.version} · agent ${card.agent} · for ${userName(card.requester)}, ${where} of #${card.target.channelName || card.target.channel}`,
        }),
        el(
          'blockquote',
          {},
          card.target.message
            ? el('a', { href: `#${card.target.message}`, text: card.question })
            : card.question,
        ),
        card.notice ? el('p', { class: 'notice', role: 'note', text: card.notice }) : null,
        findings,
        el(
          'div',
          { class: 'draft-text', 'aria-label': 'Draft text' },
          card.text ? richText(card.text) : '(no text yet)',
        ),
        actions.length
          ? el('div', { class: 'card-actions', role: 'group', 'aria-label': 'Review actions' }, ...actions)
          : null,
        card.actions.approveUnavailable
          ? el('p', { class: 'unavailable', text: `Approve unavailable: ${card.actions.approveUnavailable}` })
          : null,
      ),
    );
  }

  function renderDm() {
    const items = [...view.data.dm].reverse();
    syncList(
      byId('dm-items'),
      items,
      (item) => item.id,
      (item) =>
        item.kind === 'card'
          ? renderCard(item)
          : el('li', {}, el('p', { class: 'note', role: 'note', text: item.text })),
    );
  }

  // ---- the audit timeline ----

  function auditSummary(entry) {
    const detail = entry.detail || {};
    if (detail.reason) return `reason: ${detail.reason}`;
    if (Array.isArray(detail.findings)) return `${detail.findings.length} finding(s)`;
    if (detail.action) return `action: ${detail.action}`;
    return '';
  }

  async function refreshAudit() {
    const list = byId('audit');
    try {
      const res = await fetch('/sandbox/api/audit?limit=60');
      const json = await res.json();
      if (!res.ok) {
        list.replaceChildren(el('li', { text: json.message || 'The audit log is not available.' }));
        return;
      }
      syncList(
        list,
        json.entries,
        (entry) => entry.id,
        (entry) =>
          el(
            'li',
            {},
            el('span', { class: `event-type ${entry.type}`, text: entry.type }),
            ` ${userName(entry.actor)} · draft ${entry.draftId.slice(0, 8)} v${entry.version} `,
            el('time', { datetime: entry.at, text: new Date(entry.at).toLocaleTimeString() }),
            auditSummary(entry) ? el('div', { text: auditSummary(entry) }) : null,
            el('div', { class: 'hash', title: `hash ${entry.hash}`, text: `#${entry.hash.slice(0, 12)}` }),
          ),
      );
    } catch {
      // The next change event or action refreshes it again.
    }
  }

  // ---- state ----

  async function refresh() {
    const res = await fetch(`/sandbox/api/state?inbox=${encodeURIComponent(view.inbox)}`);
    if (!res.ok) return;
    const data = await res.json();
    view.skew = data.now - Date.now();
    const first = view.data === null;
    view.data = data;
    if (first) fillUserSelects();
    renderChannel();
    renderDm();
    await refreshAudit();
  }

  let refreshTimer = null;
  function scheduleRefresh() {
    if (refreshTimer !== null) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      refresh().catch(() => undefined);
    }, 30);
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

  // ---- actions: every one goes to the Gate through the sandbox API, as the acting user ----

  const actionStatus = () => byId('action-status');

  async function act(path, body, okText) {
    setStatus(actionStatus(), '');
    const result = await postJson(path, { user: view.acting, ...body });
    if (result.ok) setStatus(actionStatus(), result.message || okText, true);
    else setStatus(actionStatus(), result.message || 'draftgate refused this action.', false);
    scheduleRefresh();
    return result;
  }

  async function requestDraft(message) {
    const result = await act(
      '/sandbox/api/request',
      { message: message.id, requestId: randomId() },
      `Asked the agent for a reply to ${message.authorName}. The draft will arrive privately in ${userName(view.acting)}'s DM.`,
    );
    if (result.ok && view.inbox !== view.acting) {
      view.inbox = view.acting;
      byId('inbox').value = view.inbox;
      scheduleRefresh();
    }
  }

  function approve(card) {
    const confirm = card.actions.approve?.confirm;
    if (!confirm) {
      act(
        '/sandbox/api/approve',
        { draftId: card.draftId, version: card.version, confirmed: false },
        'Approved.',
      );
      return;
    }
    view.dialogCard = card;
    byId('confirm-title').textContent = confirm.title;
    byId('confirm-findings').replaceChildren(...confirm.findings.map(renderFinding));
    byId('confirm-dialog').showModal();
    byId('confirm-cancel').focus();
  }

  function openEdit(card) {
    view.dialogCard = card;
    byId('edit-text').value = card.text;
    byId('edit-dialog').showModal();
    byId('edit-text').focus();
  }

  function openRegenerate(card) {
    view.dialogCard = card;
    byId('regenerate-feedback').value = '';
    byId('regenerate-dialog').showModal();
    byId('regenerate-feedback').focus();
  }

  function discard(card) {
    act(
      '/sandbox/api/discard',
      { draftId: card.draftId, version: card.version },
      'Discarded. Nothing was posted.',
    );
  }

  function retract(card) {
    act(
      '/sandbox/api/retract',
      { draftId: card.draftId },
      'Retracted: the reply was removed from the channel.',
    );
  }

  function closeDialog(id) {
    byId(id).close();
    view.dialogCard = null;
  }

  function wireDialogs() {
    byId('confirm-publish').addEventListener('click', () => {
      const card = view.dialogCard;
      closeDialog('confirm-dialog');
      if (card) {
        act(
          '/sandbox/api/approve',
          { draftId: card.draftId, version: card.version, confirmed: true },
          'Approved.',
        );
      }
    });
    byId('confirm-cancel').addEventListener('click', () => closeDialog('confirm-dialog'));
    byId('edit-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const card = view.dialogCard;
      const text = byId('edit-text').value;
      closeDialog('edit-dialog');
      if (card)
        act('/sandbox/api/edit', { draftId: card.draftId, version: card.version, text }, 'Edit saved.');
    });
    byId('edit-cancel').addEventListener('click', () => closeDialog('edit-dialog'));
    byId('regenerate-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const card = view.dialogCard;
      const feedback = byId('regenerate-feedback').value;
      closeDialog('regenerate-dialog');
      if (card) {
        act(
          '/sandbox/api/regenerate',
          { draftId: card.draftId, version: card.version, feedback },
          'Asked the agent again.',
        );
      }
    });
    byId('regenerate-cancel').addEventListener('click', () => closeDialog('regenerate-dialog'));
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
          result.message ||
            `Drafting. The review card will arrive privately in ${userName(view.acting)}'s DM.`,
          true,
        );
        view.inbox = view.acting;
        byId('inbox').value = view.inbox;
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
      view.inbox = view.acting;
      byId('inbox').value = view.inbox;
      setStatus(actionStatus(), '');
      scheduleRefresh();
    });
    byId('inbox').addEventListener('change', (event) => {
      view.inbox = event.target.value;
      scheduleRefresh();
    });
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
    wireDialogs();
    wireComposer();
    wireSwitches();
    connectEvents();
    refresh().catch(() => undefined);
  }

  start();
})();
