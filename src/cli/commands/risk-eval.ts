/** `draftgate risk eval FILE.jsonl`: the risk review's recall and false positives on a team's own corpus. */
import type { CliCommand } from '../cli-command.js';

const command: CliCommand = {
  name: 'risk eval',
  summary: 'measure the risk review on a labelled JSONL corpus (recall, false positives)',
  define: (cmd) =>
    cmd
      .argument('<file>', 'JSONL: one {"id","cat","expect":"none|note|confirm|block","text"} object per line')
      .option('--json', 'print the report as JSON')
      .option('--min-recall <fraction>', 'exit 1 when recall on risky items is below this (e.g. 0.95)')
      .option(
        '--max-fp <fraction>',
        'exit 1 when the false-positive rate on benign items is above this (e.g. 0.05)',
      )
      .option('--config <file>', 'configuration file (its risk rules and severities)')
      .addHelpText('after', '\nExample: draftgate risk eval corpus.jsonl --min-recall 0.95 --max-fp 0.05'),
  async run(context, { args, options }) {
    const { parseFraction, riskEval } = await import('../risk-eval-command.js');
    const config = context.loadConfig(options.config as string | undefined);
    return await riskEval(
      context.io,
      args[0] ?? '',
      {
        json: options.json === true,
        minRecall: parseFraction(options.minRecall, '--min-recall'),
        maxFp: parseFraction(options.maxFp, '--max-fp'),
      },
      config.risk,
    );
  },
};
export default command;
