import { z } from 'zod';

const ref = z.string().min(1).max(128);

/** The body of `POST /v1/drafts`. */
export const submitBody = z
  .object({
    platform: z.enum(['slack', 'discord', 'sandbox']),
    workspace: ref,
    channel: ref,
    thread: ref.optional(),
    message: ref.optional(),
    /** Platform user id of the person who must review the draft. */
    requester: ref,
    /** The question or post being answered. */
    question: z.string().min(1).max(40_000),
    text: z.string().min(1).max(40_000),
    context: z.string().max(40_000).optional(),
    /** Must be the agent that the token belongs to, when given. */
    agent: z.string().min(1).max(64).optional(),
  })
  .strict();

/** The body of `POST /v1/drafts/:id/versions` (a new version after the reviewer asked to regenerate). */
export const versionBody = z.object({ text: z.string().min(1).max(40_000) }).strict();

export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[issue.path.join('.') || '(body)'] = issue.message;
  return out;
}
