/**
 * Every free text that enters an audit event's `detail` (questions, feedback, edit texts, reasons, errors) is
 * redacted like a draft's text before it is written: no secret ever enters the stream. Applied by the Gate to every
 * event it records, so a new detail field cannot forget it.
 */
import type { AuditEventInput } from './audit-event.js';
import type { Finding } from './draft.js';
import { redactSecrets } from './risk/redact-secrets.js';

/** Finds the secrets in a text (the risk review's secret rules). */
export type SecretScan = (text: string) => Promise<readonly Finding[]>;

/** Shorter strings (ids, states, rule names) hold no credential any scanner recognizes. */
const MIN_SCANNED = 12;
/**
 * Message timestamps (`1764681234.000123`) and snowflake ids: digits and dots alone, which no secret rule matches
 * (test/unit/redact-detail.test.ts holds every rule to that). A published event carries several.
 */
const DIGITS_AND_DOTS = /^[\d.]+$/;

export async function redactText(text: string, scan: SecretScan): Promise<string> {
  if (text.length < MIN_SCANNED || DIGITS_AND_DOTS.test(text)) return text;
  const findings = await scan(text);
  // A scan that failed (a zero-width secret finding) cannot say where the secret is: hide the whole text.
  if (findings.some((f) => f.category === 'secret' && f.end <= f.start)) return '[REDACTED:unscanned]';
  return redactSecrets(text, findings);
}

/**
 * `value` with every string in it redacted; the same array or object when nothing in it changed. The values of the
 * `keep` keys of the outermost object are left as they are.
 */
export async function redactValue(
  value: unknown,
  scan: SecretScan,
  keep?: ReadonlySet<string>,
): Promise<unknown> {
  if (typeof value === 'string') return await redactText(value, scan);
  if (Array.isArray(value)) {
    const items = await Promise.all(value.map((item) => redactValue(item, scan)));
    return items.every((item, index) => item === value[index]) ? value : items;
  }
  if (value !== null && typeof value === 'object') {
    const entries = await Promise.all(
      Object.entries(value).map(
        async ([key, item]) => [key, item, keep?.has(key) ? item : await redactValue(item, scan)] as const,
      ),
    );
    // Rebuilding an object with arbitrary keys is slow in V8; most details hold no secret and stay as they are.
    if (entries.every(([, before, after]) => before === after)) return value;
    return Object.fromEntries(entries.map(([key, , after]) => [key, after]));
  }
  return value;
}

/**
 * Detail keys whose values the chat platform assigned rather than anyone wrote: user ids (like the event's `actor`,
 * which is not scanned either), message timestamps and permalinks. They are written as the platform gave them; a
 * scan of each cost a secretlint run per published draft. Every other key is redacted, so a new one cannot forget it.
 */
export const PLATFORM_ASSIGNED: ReadonlySet<string> = new Set([
  'approved_by',
  'second_approved_by',
  'permalink',
  'messages',
]);

/** The event with every string in its detail redacted, but for the values the platform assigned. */
export async function redactEvent(event: AuditEventInput, scan: SecretScan): Promise<AuditEventInput> {
  return {
    ...event,
    detail: (await redactValue(event.detail, scan, PLATFORM_ASSIGNED)) as Record<string, unknown>,
  };
}
