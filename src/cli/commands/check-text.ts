/**
 * `draftgate check-text [--config F]`: the policy author's dry run. Reads a text on stdin, prints its risk findings as
 * JSON (`{"findings":[…],"blocked":bool}`) and exits 0, or 1 when a finding is block-severity.
 * Excerpts of secrets are masked, as on a review card. An invalid custom rule is reported naming the rule.
 */
import type { CliCommand } from '../cli-command.js';
import { line } from '../io.js';

const command: CliCommand = {
  name: 'check-text',
  summary: 'risk-review text from stdin; exit 1 if a finding blocks publishing',
  define: (cmd) =>
    cmd
      .option('--config <file>', 'configuration file (its risk rules and severities)')
      .addHelpText('after', '\nExample: draftgate check-text < draft.txt'),
  async run(context, { options }) {
    const config = context.loadConfig(options.config as string | undefined);
    const { stdin, stdout, stderr } = context.io;
    if ((stdin as { isTTY?: boolean }).isTTY) {
      line(
        stderr,
        'check-text: type or paste the text, then press Ctrl-D (or pipe it: draftgate check-text < draft.txt)',
      );
    }
    const { checkText } = await import('../check-text.js');
    return await checkText({ stdin, stdout }, config.risk);
  },
};
export default command;
