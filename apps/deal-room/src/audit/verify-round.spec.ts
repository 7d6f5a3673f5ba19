import { eventHash } from '../event-sourcing/hash-chain';
import { RoundClosed } from '../rounds/domain';
import { amount, commitmentMade, investorAdmitted, roundOpened, stampOf } from '../../../../test/support/rounds/round.fixtures';
import { storedStream } from '../../../../test/support/audit/audit.fixtures';
import { StoredEvent } from '../event-sourcing/stream-reader';
import { verdictOf, verdictPasses } from './verify-round';

const closing = (sealedHeadHash: string | null): RoundClosed => ({
  type: 'RoundClosed',
  data: {
    ...stampOf(),
    totalCommitted: amount('600000.00'),
    totalAllocated: amount('600000.00'),
    postMoneyValuation: amount('10000000.00'),
    allocations: [{ investorId: 'alpha', committed: amount('600000.00'), allocated: amount('600000.00'), ownership: '0.06' }],
    sealedHeadHash,
  },
});
const hashOf = (event: StoredEvent) => (event.metadata as { hash: string }).hash;
const opening = () => storedStream([roundOpened(), investorAdmitted('alpha'), commitmentMade('alpha', '600000.00')]);

describe('verdictOf', () => {
  it('accepts an untouched open round, with nothing sealed', () => {
    const events = opening();
    expect(verdictOf(events)).toEqual({ valid: true, events: 3, headHash: hashOf(events[2]), sealed: { closed: false, sealedHeadHash: null, matches: false } });
    expect(verdictPasses(verdictOf(events))).toBe(true);
  });

  it('checks that a closed round is sealed to the hash of the event before its closing', () => {
    const head = hashOf(opening()[2]);
    const sealed = storedStream([roundOpened(), investorAdmitted('alpha'), commitmentMade('alpha', '600000.00'), closing(head)]);
    expect(verdictOf(sealed)).toMatchObject({ valid: true, events: 4, sealed: { closed: true, sealedHeadHash: head, matches: true } });

    // A seal to another history still chains (its hash covers what it says), but it does not match.
    const resealed = storedStream([roundOpened(), investorAdmitted('alpha'), commitmentMade('alpha', '600000.00'), closing('a'.repeat(64))]);
    const verdict = verdictOf(resealed);
    expect(verdict).toMatchObject({ valid: true, sealed: { closed: true, sealedHeadHash: 'a'.repeat(64), matches: false } });
    expect(verdictPasses(verdict)).toBe(false);
  });

  it('names the first altered event, as a number like every revision', () => {
    const events = opening();
    const data = events[1].data as Record<string, unknown>;
    const altered = events.map((event, index) => (index === 1 ? { ...event, data: { ...data, tier: 'lead' } } : event));
    expect(verdictOf(altered)).toMatchObject({ valid: false, firstInvalidRevision: 1, headHash: hashOf(events[0]) });
  });

  it('catches an event re-hashed after the change, at the event after it', () => {
    const events = opening();
    const { hash: _old, ...unsealed } = events[1].metadata as Record<string, unknown>;
    const data = { ...(events[1].data as object), name: 'Mallory Capital' };
    const forged = { ...events[1], data, metadata: { ...unsealed, hash: eventHash(events[1].type, data, unsealed) } };
    expect(verdictOf([events[0], forged, events[2]])).toMatchObject({ valid: false, firstInvalidRevision: 2 });
  });
});
