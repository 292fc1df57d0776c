/** The `audit:` section: signed checkpoints of the audit chain (DESIGN.md "Audit events"). */
import { z } from 'zod';
import { duration } from './duration.js';

export const auditSchema = z
  .object({
    /** ed25519 private key that signs checkpoints: base64 PKCS#8 as printed by `draftgate audit keygen` (env DRAFTGATE_AUDIT_KEY). Without it, no checkpoints are signed. */
    key: z.string().min(1).optional().meta({
      description:
        'ed25519 key that signs checkpoints (base64 PKCS#8 from `draftgate audit keygen`). Env only: DRAFTGATE_AUDIT_KEY.',
    }),
    /** Sign a checkpoint after this many new entries... */
    checkpoint_every: z.coerce
      .number()
      .int()
      .min(1)
      .default(10_000)
      .meta({ description: 'Sign the chain head after this many new entries…' }),
    /** ...or after this long, whichever comes first (only when entries were appended). */
    checkpoint_interval: duration
      .default(3_600_000)
      .meta({ description: '…or after this long, whichever comes first (only when entries were appended).' }),
    /** Also append every checkpoint to this JSON-lines file (what `audit verify --checkpoints` reads). */
    checkpoint_file: z.string().min(1).optional().meta({
      description:
        'Also append every checkpoint to this JSON-lines file (what `audit verify --checkpoints` reads).',
    }),
    /** Also POST every checkpoint (JSON) to this URL. */
    checkpoint_webhook: z
      .url()
      .optional()
      .meta({ description: 'Also POST every checkpoint (JSON) to this URL.' }),
  })
  .strict();
