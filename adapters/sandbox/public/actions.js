// Every action goes to the Gate through the sandbox API, as the acting user; the dialogs (confirm, edit,
// regenerate) open only when the Gate allows.
import { renderFinding } from './card.js';
import { byId, postJson, randomId, setStatus } from './dom.js';
import { userName, view } from './state.js';

/** Confirmations fade after a few seconds so that they do not push the cards down; refusals stay. */
function clearLater(node) {
  const text = node.textContent;
  setTimeout(() => {
    if (node.textContent === text && node.classList.contains('ok')) setStatus(node, '');
  }, 6000);
}

export function createActions({ refresh, showInbox }) {
  const status = () => byId('action-status');

  async function act(path, body, okText) {
    setStatus(status(), '');
    const result = await postJson(path, { user: view.acting, ...body });
    if (result.ok) {
      setStatus(status(), result.message || okText, true);
      clearLater(status());
    } else setStatus(status(), result.message || 'draftgate refused this action.', false);
    refresh();
    return result;
  }

  function closeDialog(id) {
    byId(id).close();
    view.dialogCard = null;
  }

  const actions = {
    async requestDraft(message) {
      const result = await act(
        '/sandbox/api/request',
        { message: message.id, requestId: randomId() },
        `Asked the agent for a reply to ${message.authorName}. The draft will arrive privately in ${userName(view.acting)}'s DM.`,
      );
      if (result.ok && view.inbox !== view.acting) showInbox(view.acting);
    },

    approve(card) {
      const confirm = card.actions.approve?.confirm;
      if (!confirm) {
        act(
          '/sandbox/api/approve',
          { draftId: card.draftId, version: card.version, confirmed: false },
          'Approved.',
        );
        return;
      }
      if (card.recipient !== view.acting) {
        // The Gate refuses before any confirmation matters: show its answer instead of a dialog.
        act(
          '/sandbox/api/approve',
          { draftId: card.draftId, version: card.version, confirmed: false },
          'Approved.',
        );
        return;
      }
      view.dialogCard = card;
      byId('confirm-title').textContent = confirm.title;
      byId('confirm-consequence').textContent = card.consequence || '';
      byId('confirm-findings').replaceChildren(
        ...(card.findingGroups || confirm.findings).map(renderFinding),
      );
      byId('confirm-dialog').showModal();
      byId('confirm-cancel').focus();
    },

    async edit(card) {
      // Ask the Gate first (editorFor): only someone who may edit this draft sees an editor.
      setStatus(status(), '');
      const editor = await postJson('/sandbox/api/editor', {
        user: view.acting,
        draftId: card.draftId,
        version: card.version,
      });
      if (!editor.ok) {
        setStatus(status(), editor.message || 'draftgate refused to open the editor.', false);
        return;
      }
      view.dialogCard = card;
      byId('edit-text').value = editor.text;
      byId('edit-dialog').showModal();
      byId('edit-text').focus();
    },

    regenerate(card) {
      if (card.recipient !== view.acting) {
        act(
          '/sandbox/api/regenerate',
          { draftId: card.draftId, version: card.version, feedback: '' },
          'Asked the agent again.',
        );
        return;
      }
      view.dialogCard = card;
      byId('regenerate-feedback').value = '';
      byId('regenerate-dialog').showModal();
      byId('regenerate-feedback').focus();
    },

    discard(card) {
      act(
        '/sandbox/api/discard',
        { draftId: card.draftId, version: card.version },
        'Discarded. Nothing was posted.',
      );
    },

    extend(target) {
      act('/sandbox/api/extend', { draftId: target.draftId, version: target.version }, 'Extended.');
    },

    retract(card) {
      act(
        '/sandbox/api/retract',
        { draftId: card.draftId },
        'Retracted: the reply was removed from the channel.',
      );
    },

    async copyId(draftId) {
      try {
        await navigator.clipboard.writeText(draftId);
        setStatus(status(), `Copied the draft id ${draftId}.`, true);
      } catch {
        setStatus(status(), `Draft id: ${draftId} (select it to copy).`, true);
      }
    },
  };

  function wireDialogs() {
    byId('confirm-publish').addEventListener('click', () => {
      const card = view.dialogCard;
      closeDialog('confirm-dialog');
      if (card)
        act(
          '/sandbox/api/approve',
          { draftId: card.draftId, version: card.version, confirmed: true },
          'Approved.',
        );
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
      if (card)
        act(
          '/sandbox/api/regenerate',
          { draftId: card.draftId, version: card.version, feedback },
          'Asked the agent again.',
        );
    });
    byId('regenerate-cancel').addEventListener('click', () => closeDialog('regenerate-dialog'));
  }

  return { actions, wireDialogs };
}
