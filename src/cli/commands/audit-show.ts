/** `draftgate audit show <draft-id>`: one draft's timeline, with the agent original, every edit and the published text. */
import { parseDetail } from '../audit-format.js';
import type { CliCommand } from '../cli-command.js';
import { line } from '../io.js';
import { withAuditLog } from '../open-audit-log.js';
import { resolveDraftId } from '../resolve-draft-id.js';

const command: CliCommand = {
  name: 'audit show',
  summary: 'a draft’s timeline: agent original, edits, published text',
  define: (cmd) =>
    cmd
      .argument('<draft-id>', 'the draft id, or any unique prefix of it (the 8 characters on a card)')
      .option('--config <file>', 'configuration file'),
  async run(context, { args, options }) {
    const config = context.loadConfig(options.config as string | undefined);
    const { stdout } = context.io;
    return await withAuditLog(config, async (audit) => {
      const draftId = await resolveDraftId(audit, args[0] ?? '');
      const entries = await audit.range({ draftId });
      line(stdout, `draft ${draftId}: ${entries.length} events`);
      for (const entry of entries) {
        const detail = parseDetail(entry);
        const { text, ...rest } =
          typeof detail === 'object' && detail !== null
            ? (detail as Record<string, unknown>)
            : { text: undefined };
        const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
        line(stdout, `${entry.at}  v${entry.version}  ${entry.type.padEnd(26)} by ${entry.actor}${extra}`);
        if (typeof text !== 'string') continue;
        const label =
          entry.type === 'drafted'
            ? 'agent original'
            : entry.type === 'published'
              ? 'published text'
              : `${entry.type} text`;
        line(stdout, `    ── ${label} (sha256 ${entry.text_sha256.slice(0, 12)}…) ──`);
        for (const textLine of text.split('\n')) line(stdout, `    │ ${textLine}`);
      }
      return 0;
    });
  },
};
export default command;
