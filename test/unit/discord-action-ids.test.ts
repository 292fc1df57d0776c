import { describe, expect, it } from 'vitest';
import { decodeCustomId, encodeCustomId } from '../../adapters/discord/action-ids.js';
import { publishNonce } from '../../adapters/discord/publish-nonce.js';

describe('custom_id', () => {
  it('round-trips action, draft id and version within Discord’s 100 characters', () => {
    const id = encodeCustomId('approve', 'a1b2c3d4e5f6a7b8c9d0', 3);
    expect(id).toBe('draftgate:approve:a1b2c3d4e5f6a7b8c9d0:3');
    expect(id.length).toBeLessThanOrEqual(100);
    expect(decodeCustomId(id)).toEqual({ action: 'approve', draftId: 'a1b2c3d4e5f6a7b8c9d0', version: 3 });
    expect(decodeCustomId(encodeCustomId('edit-modal', 'a1b2c3d4e5f6a7b8c9d0', 12))?.action).toBe(
      'edit-modal',
    );
  });

  it('writes regenerate in full, and still reads the regen ids of cards sent by older releases', () => {
    expect(encodeCustomId('regenerate', 'a1b2c3d4e5f6a7b8c9d0', 2)).toBe(
      'draftgate:regenerate:a1b2c3d4e5f6a7b8c9d0:2',
    );
    expect(decodeCustomId('draftgate:regen:a1b2c3d4e5f6a7b8c9d0:2')).toEqual({
      action: 'regenerate',
      draftId: 'a1b2c3d4e5f6a7b8c9d0',
      version: 2,
    });
    expect(decodeCustomId('draftgate:regen-modal:a1b2c3d4e5f6a7b8c9d0:2')?.action).toBe('regenerate-modal');
  });

  it('rejects ids that are not ours or are malformed', () => {
    for (const id of [
      'other:approve:a1b2c3d4e5f6a7b8c9d0:3',
      'draftgate:publish:a1b2c3d4e5f6a7b8c9d0:3',
      'draftgate:approve:a1b2c3d4e5f6a7b8c9d0',
      'draftgate:approve:../../x:3',
      'draftgate:approve:a1b2c3d4e5f6a7b8c9d0:-1',
    ]) {
      expect(decodeCustomId(id), id).toBeUndefined();
    }
  });
});

describe('publishNonce', () => {
  it('is the draft id for the first part and distinct, at most 25 characters, for the others', () => {
    const id = 'a1b2c3d4e5f6a7b8c9d0';
    const nonces = [0, 1, 2, 9, 10].map((part) => publishNonce(id, part));
    expect(nonces[0]).toBe(id);
    expect(new Set(nonces).size).toBe(nonces.length);
    expect(nonces.every((n) => n.length <= 25)).toBe(true);
    expect(publishNonce(id, 1)).toBe(publishNonce(id, 1));
  });

  it('hashes ids too long for a readable nonce, deterministically', () => {
    const long = 'f'.repeat(40);
    expect(publishNonce(long, 0)).toHaveLength(25);
    expect(publishNonce(long, 0)).toBe(publishNonce(long, 0));
    expect(publishNonce(long, 0)).not.toBe(publishNonce(long, 1));
  });
});
