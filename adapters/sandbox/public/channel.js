// The #eng-help channel: posts, their threads, and the "Draft a reply" button on each.
import { byId, el, richText, snippet, syncList, timeOf } from './dom.js';
import { view } from './state.js';

function renderMessage(message, isRoot, onDraft) {
  const head = el(
    'div',
    { class: 'msg-head' },
    el('span', { class: 'author', text: message.authorName }),
    message.published ? el('span', { class: 'attribution', text: message.published.attribution }) : null,
    el('time', { datetime: new Date(message.at).toISOString(), text: timeOf(message.at) }),
  );
  const asked = message.published?.asked
    ? el('blockquote', { class: 'asked', text: message.published.asked })
    : null;
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
          onClick: () => onDraft(message),
        }),
      );
  return el(
    'article',
    { class: 'msg', id: message.id, 'aria-label': `${isRoot ? 'Post' : 'Reply'} by ${message.authorName}` },
    head,
    asked,
    body,
    actions,
  );
}

function renderPost(post, onDraft) {
  const thread = el('ol', { class: 'thread', 'aria-label': `Replies to ${post.root.authorName}` });
  for (const reply of post.replies) {
    thread.append(
      el(
        'li',
        { class: `reply${reply.published ? ' published' : ''}` },
        renderMessage(reply, false, onDraft),
      ),
    );
  }
  return el('li', { class: 'post' }, renderMessage(post.root, true, onDraft), thread);
}

export function renderChannel(onDraft) {
  const { channel, messages } = view.data;
  byId('channel-title').textContent = `#${channel.name}`;
  byId('channel-link').textContent = `# ${channel.name}`;
  byId('channel-topic').textContent = channel.topic;
  byId('composer-input').placeholder = `Message #${channel.name}, or /draftgate <question>`;
  const posts = messages
    .filter((m) => !m.thread)
    .map((root) => ({ root, replies: messages.filter((m) => m.thread === root.id) }));
  syncList(
    byId('messages'),
    posts,
    (post) => post.root.id,
    (post) => renderPost(post, onDraft),
  );
}
