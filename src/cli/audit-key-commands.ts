/** `draftgate audit keygen` and `draftgate audit checkpoint`. */
import type { Checkpointer } from '../audit/checkpointer.js';
import { generateAuditKeys } from '../core/audit-checkpoint.js';
import { type CliIo, line } from './io.js';

export function auditKeygen(io: CliIo): number {
  const keys = generateAuditKeys();
  line(
    io.stdout,
    `# draftgate audit signing key (key id ${keys.keyId}). Keep the private key secret, in the environment:`,
  );
  line(io.stdout, `DRAFTGATE_AUDIT_KEY=${keys.privateKey}`);
  line(io.stdout, '# The public key: give it to whoever verifies (draftgate audit verify --public-key ...).');
  line(io.stdout, `DRAFTGATE_AUDIT_PUBLIC_KEY=${keys.publicKey}`);
  return 0;
}

export const NO_KEY =
  'draftgate: signing needs DRAFTGATE_AUDIT_KEY (an ed25519 key): generate one with `draftgate audit keygen`';

export async function auditCheckpoint(io: CliIo, checkpointer: Checkpointer | undefined): Promise<number> {
  if (!checkpointer) {
    line(io.stderr, NO_KEY);
    return 2;
  }
  const checkpoint = await checkpointer.checkpoint();
  if (!checkpoint) {
    line(io.stderr, 'draftgate: the audit log is empty: nothing to sign');
    return 1;
  }
  line(io.stdout, JSON.stringify(checkpoint));
  return 0;
}
