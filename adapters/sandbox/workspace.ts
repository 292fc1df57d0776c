/**
 * The sandbox's tiny chat workspace, in memory: one forum channel with threads, and a DM per user where
 * draftgate's review cards and notes arrive. It knows nothing about drafts' rules; it only stores what it is told.
 */
import type { Clock } from '../../src/core/ports.js';
import type { CardView } from './render-card.js';
import type { SandboxSeed, SandboxUser } from './seed.js';

export interface ChannelMessage {
  id: string;
  channel: string;
  /** The thread root's id; absent for a top-level post. */
  thread?: string;
  author: string;
  authorName: string;
  text: string;
  at: number;
  /** Set on replies that draftgate published. */
  published?: {
    draftId: string;
    agent: string;
    approvedBy: string[];
    attribution: string;
    /** "Alice asked: …", when the reply is not in the question's thread. */
    asked?: string;
  };
}

export type DmItem =
  | { id: string; user: string; kind: 'card'; at: number; card: CardView }
  | {
      id: string;
      user: string;
      kind: 'note';
      at: number;
      text: string;
      /** An expiry reminder's Extend button: the draft and the version it was sent for. */
      extend?: { draftId: string; version: number };
    };

export type WorkspaceChange =
  | { scope: 'channel'; channel: string; message: string }
  | { scope: 'dm'; user: string; item: string };

export type ChangeListener = (change: WorkspaceChange) => void;

export class SandboxWorkspace {
  readonly workspace: string;
  readonly channel: SandboxSeed['channel'];
  private readonly users = new Map<string, SandboxUser>();
  private readonly messages: ChannelMessage[] = [];
  private readonly dms = new Map<string, DmItem[]>();
  private readonly listeners = new Set<ChangeListener>();
  private sequence = 0;

  constructor(
    seed: SandboxSeed,
    private readonly clock: Clock,
  ) {
    this.workspace = seed.workspace;
    this.channel = seed.channel;
    for (const user of seed.users) this.users.set(user.id, user);
    const now = clock.now();
    for (const post of seed.posts) {
      const root = this.post(
        { channel: seed.channel.id, author: post.author, text: post.text },
        now - post.minutesAgo * 60_000,
      );
      for (const reply of post.replies ?? []) {
        this.post(
          { channel: seed.channel.id, author: reply.author, text: reply.text, thread: root.id },
          now - reply.minutesAgo * 60_000,
        );
      }
    }
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  listUsers(): SandboxUser[] {
    return [...this.users.values()];
  }

  user(id: string): SandboxUser | undefined {
    return this.users.get(id);
  }

  displayName(id: string): string {
    return this.users.get(id)?.name ?? id;
  }

  listMessages(): ChannelMessage[] {
    return [...this.messages];
  }

  message(id: string): ChannelMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }

  /** The thread a message belongs to: its root, then the replies in order. */
  thread(rootId: string): ChannelMessage[] {
    return this.messages.filter((m) => m.id === rootId || m.thread === rootId);
  }

  post(
    input: Omit<ChannelMessage, 'id' | 'at' | 'authorName'> & { authorName?: string },
    at = this.clock.now(),
  ): ChannelMessage {
    const message: ChannelMessage = {
      ...input,
      id: this.nextId('m'),
      authorName: input.authorName ?? this.displayName(input.author),
      at,
    };
    this.messages.push(message);
    this.emit({ scope: 'channel', channel: message.channel, message: message.id });
    return message;
  }

  deleteMessage(id: string): boolean {
    const index = this.messages.findIndex((m) => m.id === id);
    if (index < 0) return false;
    const [removed] = this.messages.splice(index, 1);
    if (removed) this.emit({ scope: 'channel', channel: removed.channel, message: removed.id });
    return true;
  }

  listDm(user: string): DmItem[] {
    return [...(this.dms.get(user) ?? [])];
  }

  addCard(user: string, card: CardView): DmItem {
    return this.addDmItem({ id: this.nextId('d'), user, kind: 'card', at: this.clock.now(), card });
  }

  addNote(user: string, text: string, extend?: { draftId: string; version: number }): DmItem {
    const at = this.clock.now();
    return this.addDmItem({ id: this.nextId('d'), user, kind: 'note', at, text, ...(extend && { extend }) });
  }

  /** Replaces a card in place. False when the user has no such card. */
  updateCard(user: string, itemId: string, card: CardView): boolean {
    const items = this.dms.get(user);
    const index = items?.findIndex((item) => item.id === itemId) ?? -1;
    const existing = items?.[index];
    if (!items || !existing || existing.kind !== 'card') return false;
    items[index] = { ...existing, card };
    this.emit({ scope: 'dm', user, item: itemId });
    return true;
  }

  private addDmItem(item: DmItem): DmItem {
    const items = this.dms.get(item.user) ?? [];
    items.push(item);
    this.dms.set(item.user, items);
    this.emit({ scope: 'dm', user: item.user, item: item.id });
    return item;
  }

  private nextId(kind: string): string {
    this.sequence += 1;
    return `${kind}${this.sequence.toString().padStart(5, '0')}`;
  }

  private emit(change: WorkspaceChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A broken listener (a closed event stream) must not stop the others.
      }
    }
  }
}
