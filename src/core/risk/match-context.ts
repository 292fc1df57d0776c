/**
 * Which way a match points: the removed side of a diff or of a `before -> after`, a revoke, a deny statement, an
 * egress rule, a test's setup against localhost. Rules use these to stay quiet on advice that narrows access.
 */
import type { MatchContext } from './rule.js';

/** The line holding `index`. */
export function lineAt(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index - 1) + 1;
  const end = text.indexOf('\n', index);
  return text.slice(start, end === -1 ? text.length : end);
}

/** The text of the line before the match (from the line start to the match). */
export function lineBefore(context: MatchContext): string {
  return context.text.slice(context.text.lastIndexOf('\n', context.start - 1) + 1, context.start);
}

/** The text after the match up to the end of its line. */
export function lineAfter(context: MatchContext): string {
  const end = context.text.indexOf('\n', context.end);
  return context.text.slice(context.end, end === -1 ? context.text.length : end);
}

/**
 * The statement around a match: the innermost `{…}` block that holds it (a JSON policy statement, an HCL block), or
 * else its paragraph. At most `limit` characters either side.
 */
export function blockAround(context: MatchContext, limit = 700): string {
  const { text, start, end } = context;
  let depth = 0;
  let open = -1;
  for (let i = start - 1; i >= Math.max(0, start - limit); i -= 1) {
    const char = text[i];
    if (char === '}') depth += 1;
    else if (char === '{') {
      if (depth === 0) {
        open = i;
        break;
      }
      depth -= 1;
    }
  }
  if (open !== -1) {
    depth = 0;
    for (let i = end; i < Math.min(text.length, end + limit); i += 1) {
      const char = text[i];
      if (char === '{') depth += 1;
      else if (char === '}') {
        if (depth === 0) return text.slice(Math.max(0, open - 120), i + 1);
        depth -= 1;
      }
    }
    return text.slice(Math.max(0, open - 120), Math.min(text.length, end + limit));
  }
  return paragraphAround(context, limit);
}

/** The blank-line-separated paragraph around a match (bounded). */
export function paragraphAround(context: MatchContext, limit = 600): string {
  const { text, start, end } = context;
  const from = text.lastIndexOf('\n\n', start);
  const to = text.indexOf('\n\n', end);
  return text.slice(
    Math.max(from === -1 ? 0 : from, start - limit),
    Math.min(to === -1 ? text.length : to, end + limit),
  );
}

/** The sentence around a match (to the nearest `.`, `!`, `?` or line break, bounded). */
export function sentenceAround(context: MatchContext, limit = 240): string {
  const { text, start, end } = context;
  const before = text.slice(Math.max(0, start - limit), start);
  let cut = 0;
  for (const match of before.matchAll(/[.!?](?=\s)|\n/g)) cut = match.index + 1;
  const after = text.slice(end, end + limit);
  const stop = /[.!?](?=\s|$)|\n/.exec(after);
  return before.slice(cut) + text.slice(start, end) + after.slice(0, stop ? stop.index : after.length);
}

/** The sentence around a match, up to the match. */
export function sentenceBeforeMatch(context: MatchContext, limit = 240): string {
  const before = context.text.slice(Math.max(0, context.start - limit), context.start);
  let cut = 0;
  for (const match of before.matchAll(/[.!?](?=\s)|\n/g)) cut = match.index + 1;
  return before.slice(cut);
}

const ARROW = /\s*(?:->|=>|→|⟶|—>|-->)\s*/;

/**
 * True when the match is what is being taken away: a `-` line of a diff, the left side of `before -> after`, or the
 * `from X` of "change it from X to Y".
 */
export function onRemovedSide(context: MatchContext): boolean {
  const before = lineBefore(context);
  const after = lineAfter(context);
  if (ARROW.test(after) && !ARROW.test(before)) return true;
  if (/^-(?!-)/.test(before) && inDiff(context)) return true;
  if (/\bfrom\s*[`'"]?$/i.test(before) && /^[`'"]?\s*(?:\S+\s+){0,4}to\b/i.test(after)) return true;
  return false;
}

/** A `-` line counts as removed only inside a diff (a ```diff fence, or next to `+` lines). */
function inDiff(context: MatchContext): boolean {
  const { text, start } = context;
  const fence = text.lastIndexOf('```', start);
  if (fence !== -1 && /^```\s*(?:diff|patch)\b/.test(text.slice(fence, fence + 12))) return true;
  const around = text.slice(Math.max(0, start - 400), start + 400);
  return /^\+(?!\+)\s*\S/m.test(around) && /^-(?!-)\s*\S/m.test(around);
}

/** Words that take access away or check it rather than give it. */
export const REVOKING =
  /\b(?:revok(?:e|ed|es|ing)|detach(?:ed|es|ing)?|take away|taking away|strip(?:ped|s|ping)?|lock(?:ed|ing|s)? down|tighten(?:ed|s|ing)?|narrow(?:ed|s|ing)?|restrict(?:ed|s|ing)?|disallow(?:ed|s|ing)?|remov(?:e|ed|es|ing)\b[^.\n]{0,40}?\b(?:access|roles?|bindings?|permissions?|members?|grants?|polic(?:y|ies)|from|it|them|public)|remove-iam-policy-binding|get-iam-policy|get-bucket-acl|get-bucket-policy|get-public-access-block|role assignment (?:delete|list))\b/i;

/** `Effect: Deny`, `access = "Deny"`, `--action=DENY`: a statement that forbids. */
export const DENY_STATEMENT =
  /["']?(?:Effect|access|action)["']?\s*[:=]\s*["']?Deny\b|--action[= ]deny\b|\bdeny\s*\{|\bdeny_all\b/i;

/** Egress rules and outbound directions. */
export const EGRESS =
  /\begress\b|authorize-security-group-egress|direction["']?\s*[:=]\s*["']?(?:egress|outbound)\b|--direction[= ](?:egress|outbound)\b|type\s*=\s*"egress"/i;

/** A test's own setup: test hooks, fixtures, a local or test database. */
const TEST_SETUP =
  /\b(?:beforeEach|afterEach|beforeAll|afterAll|setUp|tearDown|setup_method|conftest|fixtures?|pytest|jest|vitest|mocha|rspec|spec helper|test suite|test database|test db|integration tests?|unit tests?|testcontainers|in tests?)\b|\b(?:localhost|127\.0\.0\.1)\b|\b\w*_test\b|\btest_\w+|\w+-test\b/i;

/** True when the match sits in test setup code or runs against localhost / a test database. */
export function inTestSetup(context: MatchContext): boolean {
  return TEST_SETUP.test(paragraphAround(context, 500));
}
