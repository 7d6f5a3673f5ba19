import { commitmentMade, investorUser, roundOpened } from '../../../../test/support/rounds/round.fixtures';
import { AUDIT_ENTRY_FIELDS, toAuditEntry } from './audit-entry';
import { storedStream } from '../../../../test/support/audit/audit.fixtures';

describe('toAuditEntry', () => {
  it('keeps the event as stored and lifts who, why, when and the chain out of its metadata', () => {
    const [, stored] = storedStream([roundOpened(), commitmentMade('catl', '5000000000.00', investorUser('catl'))]);
    const metadata = stored.metadata as Record<string, string>;
    const entry = toAuditEntry('round-r-1', stored, 'CATL committed 5,000,000,000.00 CNY');
    expect(entry).toEqual({
      revision: 1,
      position: 101,
      recordedAt: '2025-03-01T09:01:00.000Z',
      type: stored.type,
      summary: 'CATL committed 5,000,000,000.00 CNY',
      actor: { sub: 'user-of-catl', role: 'investor', investorId: null },
      correlationId: 'correlation-1',
      causationId: 'causation-1',
      data: stored.data,
      prevHash: metadata.prevHash,
      hash: metadata.hash,
      stream: 'round-r-1',
      metadata: stored.metadata,
    });
    expect((entry.data as { amount: unknown }).amount).toEqual({ amount: '5000000000.00', currency: 'CNY' });
    expect(Object.keys(entry)).toEqual([...AUDIT_ENTRY_FIELDS]);
  });

  it('shows an event whose metadata is missing or mangled, with nulls where facts are absent', () => {
    const [stored] = storedStream([roundOpened()]);
    const bare = toAuditEntry('round-r-1', { ...stored, metadata: undefined, position: null }, 'opened');
    expect(bare).toMatchObject({ position: null, recordedAt: null, actor: { sub: null, role: null, investorId: null }, correlationId: null, hash: null, prevHash: null, metadata: null });
    const mangled = toAuditEntry('round-r-1', { ...stored, metadata: { actor: 'dana', recordedAt: 42 } }, 'opened');
    expect(mangled).toMatchObject({ actor: { sub: null, role: null, investorId: null }, recordedAt: null });
  });
});
