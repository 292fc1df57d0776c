// The page's state: who is acting, whose DM is shown, the last server snapshot, and display names.

export const view = {
  acting: 'alice',
  inbox: 'alice',
  data: null,
  /** Server time minus local time, for countdowns. */
  skew: 0,
  /** The card whose dialog is open. */
  dialogCard: null,
  /** The draft whose timeline the audit pane shows, or null for every event. */
  timelineDraft: null,
};

export function serverNow() {
  return Date.now() + view.skew;
}

/** A person's display name, never a raw id: users by name, agents and draftgate itself in words. */
export function userName(id) {
  if (id === 'system') return 'draftgate';
  if (typeof id === 'string' && id.startsWith('agent:')) return `the ${id.slice('agent:'.length)} agent`;
  const user = view.data?.users.find((u) => u.id === id);
  return user ? user.name : id;
}

export function possessive(name) {
  return name.endsWith('s') ? `${name}’` : `${name}’s`;
}
