/**
 * The one handler behind both transports. It answers within Discord's 3 seconds (defer, modal or ephemeral reply)
 * and only then calls the Gate, so the agent always runs after the acknowledgement. Every refusal is ephemeral.
 */
import { type APIGuildMember, type REST, Routes } from 'discord.js';
import type { Logger } from 'pino';
import type { DiscordConfig } from '../../src/config/schema.js';
import { type Actor, type Draft, findingsToConfirm, type Target } from '../../src/core/draft.js';
import type { GateResult, PrivateFallback } from '../../src/core/gate-types.js';
import type { Clock } from '../../src/core/ports.js';
import { decodeCustomId, type ParsedCustomId } from './action-ids.js';
import { encodeFollowUpRef } from './fallback-ref.js';
import type { DiscordGate } from './gate-port.js';
import type { ButtonInbound, InboundInteraction, ModalInbound } from './inbound-interaction.js';
import type { InteractionResponder } from './interaction-responder.js';
import { jumpLink } from './jump-link.js';
import { renderReviewCard } from './render-card.js';
import { renderConfirmation } from './render-confirmation.js';
import {
  EDIT_FIELD,
  FEEDBACK_FIELD,
  renderEditModal,
  renderRegenerateModal,
  TEXT_INPUT_MAX,
} from './render-modals.js';
import { renderPending } from './render-pending.js';

export interface InteractionHandlerDeps {
  gate: DiscordGate;
  rest: REST;
  config: Pick<DiscordConfig, 'command_name' | 'context_menu_name'>;
  logger: Logger;
  clock: Clock;
}

const FAILED =
  'Something went wrong in draftgate, and nothing was published. Try again; if it keeps failing, ask the operator to check the logs.';
const NOT_FOUND = 'This draft no longer exists (it was discarded, expired or cleaned up).';
const NOT_OURS = 'This button or form does not belong to a draftgate draft that can still be acted on.';

export class DiscordInteractionHandler {
  constructor(private readonly deps: InteractionHandlerDeps) {}

  async handle(inbound: InboundInteraction, responder: InteractionResponder): Promise<void> {
    try {
      await this.#dispatch(inbound, responder);
    } catch (error) {
      this.deps.logger.error(
        { err: error, interaction: inbound.id, kind: inbound.kind },
        'discord interaction failed',
      );
      try {
        await responder.tell(FAILED);
      } catch (tellError) {
        this.deps.logger.error(
          { err: tellError, interaction: inbound.id },
          'could not tell the user about the failure',
        );
      }
    }
  }

  async #dispatch(inbound: InboundInteraction, responder: InteractionResponder): Promise<void> {
    switch (inbound.kind) {
      case 'slash': {
        if (inbound.command !== this.deps.config.command_name)
          return responder.replyEphemeral({ content: NOT_OURS });
        if (!inbound.guildId || !inbound.channelId) return responder.replyEphemeral({ content: GUILD_ONLY });
        if (inbound.subcommand === 'pending') {
          await responder.deferEphemeral();
          return responder.editOriginal(
            renderPending(await this.deps.gate.pending(this.#guildActor(inbound))),
          );
        }
        const target: Target = {
          platform: 'discord',
          workspace: inbound.guildId,
          channel: inbound.channelId,
          ...(inbound.channelName ? { channelName: inbound.channelName } : {}),
          permalink: jumpLink(inbound.guildId, inbound.channelId),
        };
        return this.#request(inbound, responder, target, inbound.question, 'slash');
      }
      case 'context_menu': {
        if (inbound.command !== this.deps.config.context_menu_name) {
          return responder.replyEphemeral({ content: NOT_OURS });
        }
        if (!inbound.guildId) return responder.replyEphemeral({ content: GUILD_ONLY });
        const target: Target = {
          platform: 'discord',
          workspace: inbound.guildId,
          channel: inbound.message.channelId,
          ...(inbound.channelName ? { channelName: inbound.channelName } : {}),
          message: inbound.message.id,
          permalink: jumpLink(inbound.guildId, inbound.message.channelId, inbound.message.id),
        };
        return this.#request(inbound, responder, target, inbound.message.content, 'context_menu');
      }
      case 'button':
        return this.#button(inbound, responder);
      case 'modal':
        return this.#modal(inbound, responder);
      default:
        return responder.replyEphemeral({ content: NOT_OURS });
    }
  }

  async #request(
    inbound: Extract<InboundInteraction, { kind: 'slash' | 'context_menu' }>,
    responder: InteractionResponder,
    target: Target,
    question: string,
    source: 'slash' | 'context_menu',
  ): Promise<void> {
    await responder.deferEphemeral();
    let privateCard = false;
    const fallback: PrivateFallback = {
      tell: async (text) => {
        await responder.followUp({ content: text });
      },
      sendCard: async (card) => {
        const message = await responder.followUp(renderReviewCard(card, this.deps.clock.now()));
        privateCard = true;
        return {
          user: card.recipient,
          channel: message.channel_id,
          message: message.id,
          extra: encodeFollowUpRef({ app: inbound.applicationId, token: inbound.token }),
        };
      },
    };
    const result = await this.deps.gate.request({
      target,
      requester: this.#guildActor(inbound),
      question,
      source,
      idempotencyKey: `discord:${inbound.id}`,
      fallback,
    });
    let content: string;
    if (!result.ok) content = result.message;
    else if (privateCard) {
      content =
        'Your DMs are closed, so the draft is shown below, visible only to you. Nothing is posted until you approve it. ' +
        'This private card stops updating after 15 minutes; allow DMs from server members to review in DMs.';
    } else
      content = result.message ?? 'The draft is in your DMs. Nothing is posted until you approve it there.';
    await responder.editOriginal({ content });
  }

  async #button(inbound: ButtonInbound, responder: InteractionResponder): Promise<void> {
    const parsed = decodeCustomId(inbound.customId);
    if (!parsed) return responder.replyEphemeral({ content: NOT_OURS });
    const { gate } = this.deps;
    switch (parsed.action) {
      case 'edit': {
        // A modal must be the first response: a quick read, no defer.
        const editor = await gate.editorFor(parsed.draftId, parsed.version, inbound.userId);
        if (!editor.ok) return responder.replyEphemeral({ content: editor.message });
        const { text } = editor;
        if (text.length > TEXT_INPUT_MAX) {
          return responder.replyEphemeral({
            content: `This draft has ${text.length} characters, more than Discord's ${TEXT_INPUT_MAX}-character edit box. Use Regenerate and ask the agent for a shorter reply.`,
          });
        }
        return responder.showModal(renderEditModal(parsed.draftId, parsed.version, text));
      }
      case 'regenerate':
        return responder.showModal(renderRegenerateModal(parsed.draftId, parsed.version));
      case 'ask':
        return this.#askConfirmation(inbound, responder, parsed);
      case 'approve': {
        await responder.deferUpdate();
        const actor = await this.#actor(inbound, parsed.draftId);
        const result = await gate.approve({ ...decision(parsed), actor, confirmed: false });
        if (!result.ok && result.code === 'needs_confirmation' && result.draft) {
          const card = gate.cardFor(result.draft, inbound.userId);
          const confirm = (card.actions.approve ?? card.actions.retry)?.confirm;
          await responder.followUp(
            renderConfirmation(
              result.draft,
              confirm?.title ?? 'Confirm approval',
              confirm?.findings ?? findingsToConfirm(result.draft),
            ),
          );
          return;
        }
        return this.#reportFailure(result, responder);
      }
      case 'confirm': {
        await responder.deferUpdate();
        const actor = await this.#actor(inbound, parsed.draftId);
        const result = await gate.approve({ ...decision(parsed), actor, confirmed: true });
        // The clicked message is the ephemeral confirmation: replace it with the outcome.
        await responder.editOriginal({ content: outcome(result, 'Approved.'), components: [] });
        return;
      }
      case 'discard': {
        await responder.deferUpdate();
        const actor = await this.#actor(inbound, parsed.draftId);
        return this.#reportFailure(await gate.discard({ ...decision(parsed), actor }), responder);
      }
      case 'open': {
        await responder.deferEphemeral();
        const actor = await this.#actor(inbound, parsed.draftId);
        const result = await gate.reopen({ draftId: parsed.draftId, actor });
        return responder.editOriginal({ content: outcome(result, 'Sent to your DMs.') });
      }
      case 'extend': {
        await responder.deferUpdate();
        const actor = await this.#actor(inbound, parsed.draftId);
        const result = await gate.extend({ ...decision(parsed), actor });
        // The reminder itself does not change: the outcome is told privately either way.
        await responder.followUp({ content: outcome(result, 'Extended.') });
        return;
      }
      case 'retract': {
        await responder.deferUpdate();
        const actor = await this.#actor(inbound, parsed.draftId);
        return this.#reportFailure(await gate.retract({ draftId: parsed.draftId, actor }), responder);
      }
      default:
        return responder.replyEphemeral({ content: NOT_OURS });
    }
  }

  /** "Approve…" on a card with confirm-severity findings: the ephemeral second step that lists them. */
  async #askConfirmation(inbound: ButtonInbound, responder: InteractionResponder, parsed: ParsedCustomId) {
    await responder.deferEphemeral();
    const draft = await this.deps.gate.get(parsed.draftId);
    if (!draft) return responder.editOriginal({ content: NOT_FOUND });
    const { actions } = this.deps.gate.cardFor(draft, inbound.userId);
    const confirm = (actions.approve ?? actions.retry)?.confirm;
    if (draft.version === parsed.version && confirm) {
      return responder.editOriginal(renderConfirmation(draft, confirm.title, confirm.findings));
    }
    // Anything else (a stale card, findings gone, not approvable) is for the Gate to decide and audit.
    const actor = await this.#actor(inbound, parsed.draftId, draft);
    const result = await this.deps.gate.approve({ ...decision(parsed), actor, confirmed: false });
    if (!result.ok && result.code === 'needs_confirmation' && result.draft) {
      const findings = findingsToConfirm(result.draft);
      return responder.editOriginal(renderConfirmation(result.draft, 'Confirm approval', findings));
    }
    return responder.editOriginal({ content: outcome(result, 'Approved.') });
  }

  async #modal(inbound: ModalInbound, responder: InteractionResponder): Promise<void> {
    const parsed = decodeCustomId(inbound.customId);
    if (!parsed) return responder.replyEphemeral({ content: NOT_OURS });
    if (parsed.action === 'edit-modal') {
      await responder.deferEphemeral();
      const actor = await this.#actor(inbound, parsed.draftId);
      const text = inbound.fields[EDIT_FIELD] ?? '';
      const result = await this.deps.gate.edit({ ...decision(parsed), actor, text });
      const done = result.ok
        ? `Saved as v${result.draft.version}. Nothing is posted until you approve it.`
        : '';
      return responder.editOriginal({ content: outcome(result, done) });
    }
    if (parsed.action === 'regenerate-modal') {
      await responder.deferEphemeral();
      const actor = await this.#actor(inbound, parsed.draftId);
      const feedback = inbound.fields[FEEDBACK_FIELD] ?? '';
      const result = await this.deps.gate.regenerate({ ...decision(parsed), actor, feedback });
      const done = result.ok ? `The agent wrote v${result.draft.version}; the card shows it.` : '';
      return responder.editOriginal({ content: outcome(result, done) });
    }
    return responder.replyEphemeral({ content: NOT_OURS });
  }

  async #reportFailure(result: GateResult, responder: InteractionResponder): Promise<void> {
    if (!result.ok) await responder.followUp({ content: result.message });
  }

  #guildActor(inbound: InboundInteraction & { guildId?: string }): Actor {
    return {
      id: inbound.userId,
      platform: 'discord',
      workspace: inbound.guildId ?? '',
      ...(inbound.roles ? { roles: inbound.roles } : {}),
      ...(inbound.userName ? { name: inbound.userName } : {}),
    };
  }

  /**
   * Clicks on DM cards carry no guild and no roles. The actor is marked `inDm` (Policy then accepts only someone
   * the Gate delivered this draft's card to), and, when policy names roles, they are looked up in the draft's guild
   * (REST guild member); if the lookup fails, the actor says so, which fails closed (`role_lookup_failed`).
   */
  async #actor(inbound: InboundInteraction, draftId: string, known?: Draft): Promise<Actor> {
    if (inbound.guildId) return this.#guildActor(inbound);
    const draft = known ?? (await this.deps.gate.get(draftId));
    const workspace = draft?.target.workspace ?? '';
    // Only when a policy rule names roles: otherwise the lookup would cost a REST call per click for nothing.
    const lookup = workspace !== '' && this.deps.gate.policy.usesRoles;
    const roles = lookup ? await this.#memberRoles(workspace, inbound.userId) : undefined;
    return {
      id: inbound.userId,
      platform: 'discord',
      workspace,
      inDm: true,
      ...(roles ? { roles } : lookup ? { roleLookupFailed: true } : {}),
      ...(inbound.userName ? { name: inbound.userName } : {}),
    };
  }

  async #memberRoles(guild: string, user: string): Promise<string[] | undefined> {
    try {
      const member = (await this.deps.rest.get(Routes.guildMember(guild, user))) as APIGuildMember;
      return [...member.roles];
    } catch (error) {
      this.deps.logger.debug(
        { err: error, guild, user },
        'member lookup failed; roles unknown (role rules fail closed)',
      );
      return undefined;
    }
  }
}

const GUILD_ONLY =
  'Use draftgate in a server channel or thread: the reply is published where it was asked for, after you approve it.';

function decision(parsed: ParsedCustomId): { draftId: string; version: number } {
  return { draftId: parsed.draftId, version: parsed.version };
}

function outcome(result: GateResult, success: string): string {
  if (!result.ok) return result.message;
  return result.message ?? success;
}
