// One review card in a DM: the draft first, then what Approve will do, the buttons, and the findings.
import { el, richText, snippet, timeOf } from './dom.js';
import { SEVERITY_LABELS, STATE_LABELS } from './labels.js';
import { possessive, serverNow, userName, view } from './state.js';

export function renderFinding(finding) {
  return el(
    'li',
    { class: `finding ${finding.severity}`, 'data-rule': finding.rule },
    el('span', { class: 'severity', text: SEVERITY_LABELS[finding.severity] || finding.severity }),
    el('strong', { text: finding.title || finding.rule }),
    finding.count > 1 ? ` (×${finding.count})` : '',
    `: ${finding.explanation}`,
    ...(finding.excerpts || (finding.excerpt ? [finding.excerpt] : [])).map((excerpt) =>
      el('code', { text: excerpt }),
    ),
  );
}

function hoursLeft(ms) {
  const minutes = Math.max(0, Math.round((ms - serverNow()) / 60_000));
  return minutes >= 90 ? `${Math.round(minutes / 60)} h` : `${minutes} min`;
}

/** Whether the acting user is this card's recipient; if not, the Gate will refuse every click. */
export function actingOwns(card) {
  return card.recipient === view.acting;
}

function button(card, { label, aria, focus, onClick, className }) {
  const refused = !actingOwns(card);
  const owner = userName(card.recipient);
  return el('button', {
    type: 'button',
    class: [className, refused ? 'will-refuse' : ''].filter(Boolean).join(' ') || undefined,
    text: label,
    title: refused
      ? `${userName(view.acting)} is not ${owner}: draftgate will refuse this and record it`
      : undefined,
    'aria-label': refused ? `${aria} (will be refused: this is ${possessive(owner)} card)` : aria,
    'data-focus': focus,
    onClick,
  });
}

function idLine(card, handlers) {
  const short = card.draftId.slice(0, 8);
  return el(
    'p',
    { class: 'meta' },
    el('span', { class: `state-badge ${card.state}`, text: STATE_LABELS[card.state] || card.state }),
    ' · draft ',
    el('a', {
      href: `#timeline-${card.draftId}`,
      class: 'draft-id',
      title: `Show the audit timeline of draft ${card.draftId}`,
      text: short,
      onClick: (event) => {
        event.preventDefault();
        handlers.showTimeline(card.draftId);
      },
    }),
    ' ',
    el('button', {
      type: 'button',
      class: 'copy-id link-button',
      text: 'Copy id',
      'aria-label': `Copy the full draft id ${card.draftId}`,
      'data-focus': 'copy-id',
      onClick: () => handlers.copyId(card.draftId),
    }),
    ` · v${card.version} · asked by ${userName(card.requester)} · ${card.agent} agent`,
    card.expiresAt && card.state === 'pending' ? ` · expires in ${hoursLeft(card.expiresAt)}` : '',
  );
}

export function renderCard(item, handlers) {
  const card = item.card;
  const about = snippet(card.question, 50);
  const titleId = `card-title-${item.id}`;
  const actions = [];
  if (card.actions.approve) {
    const confirm = card.actions.approve.confirm;
    const label = card.approveLabel || (confirm ? 'Review & approve…' : 'Approve');
    actions.push(
      button(card, {
        label,
        aria: `Approve and publish the draft about: ${about}${confirm ? ' (asks for confirmation first)' : ''}`,
        focus: 'approve',
        onClick: () => handlers.approve(card),
        className:
          (card.approveStyle || (confirm ? 'warning' : 'primary')) === 'warning' ? 'warning' : 'primary',
      }),
    );
  }
  if (card.actions.retry) {
    // Retry after a refused publish is an approval again (same endpoint, same checks).
    const retry = card.actions.retry;
    actions.push(
      button(card, {
        label: retry.confirm ? 'Retry…' : 'Retry',
        aria: `Retry publishing the draft about: ${about}${retry.confirm ? ' (asks for confirmation first)' : ''}`,
        focus: 'retry',
        onClick: () => handlers.approve({ ...card, actions: { ...card.actions, approve: retry } }),
        className: retry.confirm ? 'warning' : 'primary',
      }),
    );
  }
  if (card.actions.edit) {
    actions.push(
      button(card, {
        label: 'Edit',
        aria: `Edit the draft about: ${about}`,
        focus: 'edit',
        onClick: () => handlers.edit(card),
      }),
    );
  }
  if (card.actions.regenerate) {
    actions.push(
      button(card, {
        label: 'Regenerate',
        aria: `Ask the agent to regenerate the draft about: ${about}`,
        focus: 'regenerate',
        onClick: () => handlers.regenerate(card),
      }),
    );
  }
  if (card.actions.discard) {
    actions.push(
      button(card, {
        label: 'Discard',
        aria: `Discard the draft about: ${about}`,
        focus: 'discard',
        onClick: () => handlers.discard(card),
      }),
    );
  }
  const retractUntil = card.actions.retractUntil;
  if (retractUntil && retractUntil > serverNow()) {
    actions.push(
      button(card, {
        label: `Retract (until ${timeOf(retractUntil)})`,
        aria: `Retract the published reply about: ${about}`,
        focus: 'retract',
        onClick: () => handlers.retract(card),
      }),
    );
  }
  const findings = card.findingGroups || card.findings;
  const findingsSection = findings.length
    ? el(
        'details',
        { class: 'findings-section', open: card.state === 'pending' ? true : undefined },
        el('summary', { text: `Risk findings (${findings.length})` }),
        el('ul', { class: 'findings' }, ...findings.map(renderFinding)),
      )
    : null;
  const changes = card.changes
    ? el(
        'details',
        { class: 'changes' },
        el('summary', { text: `What changed since v${card.changes.fromVersion}` }),
        el(
          'pre',
          { class: 'diff' },
          ...card.changes.lines.map((line) =>
            el('span', {
              class: `diff-${line.kind}`,
              text: `${line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '− ' : '  '}${line.text}\n`,
            }),
          ),
        ),
      )
    : null;
  return el(
    'li',
    {},
    el(
      'article',
      {
        class: `card${actingOwns(card) ? '' : ' not-yours'}`,
        'data-draft-id': card.draftId,
        'data-state': card.state,
        'data-role': card.role,
        'aria-labelledby': titleId,
      },
      el('h3', { id: titleId, text: card.headline }),
      idLine(card, handlers),
      el(
        'blockquote',
        {},
        `${userName(card.requester)} asked: `,
        card.target.message
          ? el('a', { href: `#${card.target.message}`, text: card.question })
          : card.question,
      ),
      card.notice ? el('p', { class: 'notice', role: 'note', text: card.notice }) : null,
      el(
        'div',
        { class: 'draft-text', 'aria-label': 'Draft text' },
        card.text ? richText(card.text) : '(no text yet)',
      ),
      card.riskSummary
        ? el('p', {
            class: `findings-summary ${card.findings.some((f) => f.severity === 'block') ? 'block' : 'confirm'}`,
            text: card.riskSummary,
          })
        : null,
      card.consequence && (card.actions.approve || card.actions.retry)
        ? el('p', { class: 'consequence', text: card.consequence })
        : null,
      actions.length && !actingOwns(card)
        ? el('p', {
            class: 'refusal-hint',
            text: `${userName(view.acting)} can’t use these buttons: this is ${possessive(userName(card.recipient))} card, so draftgate refuses and records the click.`,
          })
        : null,
      actions.length
        ? el('div', { class: 'card-actions', role: 'group', 'aria-label': 'Review actions' }, ...actions)
        : null,
      card.actions.approveUnavailable
        ? el('p', { class: 'unavailable', text: `Approve unavailable: ${card.actions.approveUnavailable}` })
        : null,
      findingsSection,
      changes,
    ),
  );
}
