// DOM helpers for the sandbox page. Every text from the server is rendered with textContent, never as HTML:
// drafts are AI output and must not be able to inject markup.

export const byId = (id) => document.getElementById(id);

/** Creates an element; `props` sets attributes (`text` sets textContent, `onClick` a listener); children are nodes or strings. */
export function el(tag, props, ...children) {
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

export function randomId() {
  if (globalThis.crypto && typeof globalThis.crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
}

export function timeOf(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function snippet(text, max = 60) {
  const flat = String(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Chat-style formatting without HTML: ``` fences become code blocks and `backticks` inline code. Every piece is a
 * text node, so nothing in the text can become markup.
 */
export function richText(text) {
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

export async function postJson(path, body) {
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

export function setStatus(node, text, ok) {
  node.textContent = text || '';
  node.classList.toggle('ok', Boolean(ok));
  node.classList.toggle('error', !ok && Boolean(text));
}

/** Keyed list rendering: only changed items are replaced, so focus and screen readers stay put. */
export function syncList(list, items, keyOf, render, versionOf = (item) => JSON.stringify(item)) {
  const existing = new Map();
  for (const child of Array.from(list.children)) existing.set(child.dataset.key, child);
  let previous = null;
  for (const item of items) {
    const key = keyOf(item);
    const version = versionOf(item);
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
