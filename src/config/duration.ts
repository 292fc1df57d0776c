import { z } from 'zod';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `250ms`, `30s`, `15m`, `24h`, `7d` (or a number of milliseconds) into milliseconds. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(value.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const unit = UNITS[match[2]];
  return unit === undefined ? undefined : Math.round(Number(match[1]) * unit);
}

/** Milliseconds as the largest whole unit: 86400000 → `1d`, 90000 → `90s`, 250 → `250ms`. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/**
 * A zod type for durations: accepts `15m` or a number of ms, yields ms. Its JSON Schema id, `duration`, is how the
 * generated schema and reference show a duration (not a guess from the key's name).
 */
export const duration = z
  .union([
    // The pattern is for editors (JSON Schema); the transform below checks and says what is expected.
    z.string().meta({ pattern: '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h|d)\\s*$' }),
    z.number().meta({ minimum: 0 }),
  ])
  .transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: 'expected a duration such as "30s", "15m", "24h" or "7d"' });
      return z.NEVER;
    }
    return ms;
  })
  .meta({
    id: 'duration',
    description: 'A duration: a number and a unit (250ms, 30s, 15m, 24h, 7d), or a number of milliseconds.',
  });
