import { describe, expect, it } from 'vitest';
import { ownedDuplicates } from '../../src/core/duplicates.js';

const owned = (key: string) => ({ 'mirrorctl:policy': 'prod', 'mirrorctl:key': key });

describe('ownedDuplicates', () => {
  it('names the copies of one key that this policy owns, ids sorted', () => {
    const duplicates = ownedDuplicates('us-east-1', { policyName: 'prod', accountId: '111111111111' }, [
      { type: 'filter', id: 'tmf-b', tags: owned('filter/all') },
      { type: 'filter', id: 'tmf-a', tags: owned('filter/all') },
      { type: 'filter', id: 'tmf-c', tags: owned('filter/dns') },
    ]);

    expect(duplicates).toEqual([{ region: 'us-east-1', type: 'filter', key: 'filter/all', ids: ['tmf-a', 'tmf-b'] }]);
  });

  it("never counts another account's same-tagged copy, nor another policy's", () => {
    const duplicates = ownedDuplicates('us-east-1', { policyName: 'prod', accountId: '111111111111' }, [
      { type: 'target', id: 'tmt-ours', ownerId: '111111111111', tags: owned('target/nlb') },
      { type: 'target', id: 'tmt-shared', ownerId: '222222222222', tags: owned('target/nlb') },
      { type: 'session', id: 'tms-ours', ownerId: '111111111111', networkInterfaceId: 'eni-1', tags: owned('session/a/eni-1') },
      {
        type: 'session',
        id: 'tms-other-policy',
        networkInterfaceId: 'eni-1',
        tags: { 'mirrorctl:policy': 'staging', 'mirrorctl:key': 'session/a/eni-1' },
      },
    ]);

    expect(duplicates).toEqual([]);
  });
});
