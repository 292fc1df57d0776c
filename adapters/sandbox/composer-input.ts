/** What the sandbox composer's text means: a plain message, `/draftgate <question>`, its help, or a typo. */

export type ComposerInput =
  | { kind: 'message'; text: string }
  | { kind: 'draftgate'; question: string }
  | { kind: 'help' }
  | { kind: 'unknown_command'; command: string };

export const DRAFTGATE_COMMAND = '/draftgate';

export function parseComposerInput(raw: string): ComposerInput {
  const text = raw.trim();
  if (!text.startsWith('/')) return { kind: 'message', text };
  const match = /^(\/\S+)\s*([\s\S]*)$/.exec(text);
  const command = match?.[1]?.toLowerCase() ?? text;
  const rest = match?.[2]?.trim() ?? '';
  if (command !== DRAFTGATE_COMMAND) return { kind: 'unknown_command', command };
  if (rest === '' || rest.toLowerCase() === 'help') return { kind: 'help' };
  return { kind: 'draftgate', question: rest };
}

export const DRAFTGATE_HELP = [
  `${DRAFTGATE_COMMAND} <question>: an agent drafts an answer and sends it to you privately for review.`,
  'Or use "Draft a reply" on any message to answer it in its thread.',
  'Nothing is posted until you approve the draft in your DM.',
].join('\n');
