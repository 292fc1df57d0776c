/**
 * Channel names for policy rules that need them. A request that does not carry its channel's name (an @mention, the
 * intake API) gets it from the platform, cached briefly per channel. A name that cannot be looked up stays unknown,
 * and a name rule then refuses (see Policy). A name the client supplies itself is never trusted: only the
 * platform's signed payload or its API says what a channel is called.
 */
import { normalizeChannelId } from './channel-rules.js';
import type { Platform, Target } from './draft.js';
import type { Clock } from './ports.js';

/** Looks a channel's name up on its platform; undefined when the platform does not know it. */
export type ChannelNameLookup = (workspace: string, channel: string) => Promise<string | undefined>;

const TTL_MS = 60_000;
const MAX_ENTRIES = 5_000;

export class ChannelNames {
  readonly #cache = new Map<string, { name: string; until: number }>();

  constructor(
    private readonly lookupFor: (platform: Platform) => ChannelNameLookup | undefined,
    private readonly clock: Clock,
    private readonly onError: (error: unknown, target: Target) => void,
  ) {}

  /** The target with its channel id in canonical form and, when a rule needs it, its name looked up. */
  async prepare(target: Target, needsName: (target: Target) => boolean): Promise<Target> {
    const canonical = { ...target, channel: normalizeChannelId(target.platform, target.channel) };
    return needsName(canonical) ? await this.resolve(canonical) : canonical;
  }

  /** The target with its channel name filled in, when the platform can tell it. */
  async resolve(target: Target): Promise<Target> {
    const key = `${target.platform}\u0000${target.workspace}\u0000${target.channel}`;
    const now = this.clock.now();
    const cached = this.#cache.get(key);
    if (cached && cached.until > now) return { ...target, channelName: cached.name };
    const lookup = this.lookupFor(target.platform);
    if (!lookup) return target;
    let name: string | undefined;
    try {
      name = await lookup(target.workspace, target.channel);
    } catch (error) {
      this.onError(error, target);
      return target;
    }
    if (name === undefined || name.trim() === '') return target;
    if (this.#cache.size >= MAX_ENTRIES) this.#cache.clear();
    this.#cache.set(key, { name, until: now + TTL_MS });
    return { ...target, channelName: name };
  }
}
