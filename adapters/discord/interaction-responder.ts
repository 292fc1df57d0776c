/**
 * Answers one interaction. The first response (defer, modal, ephemeral reply) goes through `sendInitial`: the HTTP
 * response body on the interactions endpoint, or POST /interactions/<id>/<token>/callback on the gateway. Everything
 * after it goes through the interaction's webhook (edit the original, ephemeral follow-ups).
 */
import {
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
  type APIMessage,
  type APIModalInteractionResponseCallbackData,
  InteractionResponseType,
  MessageFlags,
  type REST,
  Routes,
} from 'discord.js';

export type SendInitial = (response: APIInteractionResponse) => Promise<void>;

export type MessageBody = Pick<
  APIInteractionResponseCallbackData,
  'content' | 'embeds' | 'components' | 'allowed_mentions' | 'flags'
>;

export class InteractionResponder {
  #acknowledged = false;

  constructor(
    private readonly rest: REST,
    private readonly interaction: { applicationId: string; token: string },
    private readonly sendInitial: SendInitial,
  ) {}

  get acknowledged(): boolean {
    return this.#acknowledged;
  }

  /** Type 5 with the ephemeral flag: "draftgate is thinking…", visible only to the user. */
  deferEphemeral(): Promise<void> {
    return this.#initial({
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      data: { flags: MessageFlags.Ephemeral },
    });
  }

  /** Type 6: acknowledges a button click without changing the message yet. */
  deferUpdate(): Promise<void> {
    return this.#initial({ type: InteractionResponseType.DeferredMessageUpdate });
  }

  /** Type 9. Must be the first response, within 3 seconds. */
  showModal(modal: APIModalInteractionResponseCallbackData): Promise<void> {
    return this.#initial({ type: InteractionResponseType.Modal, data: modal });
  }

  /** Type 4 with the ephemeral flag. */
  replyEphemeral(body: MessageBody): Promise<void> {
    return this.#initial({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { allowed_mentions: { parse: [] }, ...body, flags: MessageFlags.Ephemeral },
    });
  }

  /** Edits the deferred reply, or (after a deferred update) the message the clicked component is on. */
  async editOriginal(body: MessageBody): Promise<void> {
    await this.rest.patch(
      Routes.webhookMessage(this.interaction.applicationId, this.interaction.token, '@original'),
      {
        body: { allowed_mentions: { parse: [] }, ...body },
        auth: false,
      },
    );
  }

  /** An ephemeral follow-up message, visible only to the user. */
  async followUp(body: MessageBody): Promise<APIMessage> {
    return (await this.rest.post(Routes.webhook(this.interaction.applicationId, this.interaction.token), {
      body: { allowed_mentions: { parse: [] }, ...body, flags: (body.flags ?? 0) | MessageFlags.Ephemeral },
      auth: false,
    })) as APIMessage;
  }

  /** A private answer that works whether or not the interaction was acknowledged yet. */
  async tell(text: string): Promise<void> {
    if (!this.#acknowledged) await this.replyEphemeral({ content: text });
    else await this.followUp({ content: text });
  }

  async #initial(response: APIInteractionResponse): Promise<void> {
    if (this.#acknowledged)
      throw new Error('interaction already acknowledged: this is a bug in the Discord adapter');
    this.#acknowledged = true;
    await this.sendInitial(response);
  }
}
