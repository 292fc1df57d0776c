/** `draftgate audit keygen`: a new ed25519 key pair for signing audit checkpoints. */
import { auditKeygen } from '../audit-key-commands.js';
import type { CliCommand } from '../cli-command.js';

const command: CliCommand = {
  name: 'audit keygen',
  summary: 'print a new key pair for signed checkpoints (DRAFTGATE_AUDIT_KEY and its public key)',
  async run(context) {
    return auditKeygen(context.io);
  },
};
export default command;
