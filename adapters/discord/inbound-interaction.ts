/**
 * An interaction as the adapter's one handler sees it, whichever transport brought it (gateway or HTTP endpoint).
 */

interface InboundBase {
  /** Interaction id (the delivery de-duplication key). */
  id: string;
  /** Interaction token: responses and follow-ups for 15 minutes. */
  token: string;
  applicationId: string;
  userId: string;
  userName?: string;
  /** Absent in DMs. */
  guildId?: string;
  channelId?: string;
  channelName?: string;
  /** The member's role ids when the interaction came from a guild; absent in DMs. */
  roles?: string[];
}

export interface SlashInbound extends InboundBase {
  kind: 'slash';
  command: string;
  /** `ask` or `pending`; absent for the older `/draftgate question:` shape (registered before subcommands). */
  subcommand?: string;
  question: string;
}

export interface ContextMenuInbound extends InboundBase {
  kind: 'context_menu';
  command: string;
  message: { id: string; channelId: string; content: string; authorId: string };
}

export interface ButtonInbound extends InboundBase {
  kind: 'button';
  customId: string;
}

export interface ModalInbound extends InboundBase {
  kind: 'modal';
  customId: string;
  fields: Record<string, string>;
}

export interface OtherInbound extends InboundBase {
  kind: 'other';
  description: string;
}

export type InboundInteraction =
  | SlashInbound
  | ContextMenuInbound
  | ButtonInbound
  | ModalInbound
  | OtherInbound;
