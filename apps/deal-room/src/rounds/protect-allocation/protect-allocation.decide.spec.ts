import { decide, RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import { amount, as, asDealLead, commitmentMade, commitmentWithdrawn, investorAdmitted, investorUser, openRoundWithInvestors, stampOf } from '../../../../../test/support/rounds/round.fixtures';
import { fundsReceived, subscriptionAccepted, subscriptionSigned } from '../../../../../test/support/rounds/subscription.fixtures';
import { ClosingHeld, RoundEvent, foldRound, toView, viewFor } from '../domain';

const protect = (investorId: string, decimal: string, currency = 'CNY'): RoundCommand => ({ type: 'ProtectAllocation', data: { investorId, amount: decimal, currency } });
const close: RoundCommand = { type: 'CloseRound', data: {} };
const protectedFor = (investorId: string, decimal: string, previous = '0'): RoundEvent => ({
  type: 'AllocationProtected',
  data: { ...stampOf(), investorId, amount: amount(decimal), previousAmount: amount(previous) },
});
// Cap 1.5 m, scale-back, 2.1 m committed; minimum ticket 10,000.
const book: RoundEvent[] = [
  ...openRoundWithInvestors({ oversubscription: 'scale-back' }),
  investorAdmitted('beta'),
  commitmentMade('lead', '1500000'),
  commitmentMade('alpha', '600000'),
];
const allocated = (events: RoundEvent[]) => {
  const [closed] = decide(close, foldRound(events), asDealLead);
  if (closed.type !== 'RoundClosed') throw new Error(closed.type);
  return { lines: closed.data.allocations.map((a) => [a.investorId, a.allocated.amount]), total: closed.data.totalAllocated.amount };
};

describe('ProtectAllocation', () => {
  it('allocates the protected amount first and the rest of the book pro rata, exactly, summing to the cap', () => {
    given(book).when(protect('lead', '1000000.00'), asDealLead).then([protectedFor('lead', '1000000')]);
    // Lead's 1,000,000 first; then lead's other 500,000 and alpha's 600,000 share the 500,000 left:
    // 227,272.727... and 272,727.272...; the one leftover fen goes to the larger remainder (lead).
    expect(allocated([...book, protectedFor('lead', '1000000')])).toEqual({ lines: [['lead', 122727273n], ['alpha', 27272727n]], total: 150000000n });
    // Without it, pure pro rata: lead 1,071,428.57.
    expect(allocated(book).lines[0]).toEqual(['lead', 107142857n]);
  });

  it('replaces or lifts a protection ("0"), and says nothing when unchanged', () => {
    const once = [...book, protectedFor('lead', '1000000')];
    given(once).when(protect('lead', '900000'), asDealLead).then([protectedFor('lead', '900000', '1000000')]);
    given(once).when(protect('lead', '1000000.00'), asDealLead).then([]);
    given(once).when(protect('lead', '0'), asDealLead).then([protectedFor('lead', '0', '1000000')]);
    expect(foldRound([...once, protectedFor('lead', '0', '1000000')])).toMatchObject({ protectedAllocations: [] });
    expect(allocated([...once, protectedFor('lead', '0', '1000000')]).lines[0]).toEqual(['lead', 107142857n]);
  });

  it('refuses a protection above the investor’s commitment, or the protections together above the cap', () => {
    given(book).when(protect('alpha', '600000.01'), asDealLead).thenThrows('PROTECTED_ALLOCATION_EXCEEDS_COMMITMENT');
    given(book).when(protect('beta', '10000'), asDealLead).thenThrows('PROTECTED_ALLOCATION_EXCEEDS_COMMITMENT');
    given([...book, protectedFor('lead', '1000000')]).when(protect('alpha', '500000.01'), asDealLead).thenThrows('PROTECTED_ALLOCATIONS_EXCEED_CAP');
    given(book).when(protect('lead', '9999.99'), asDealLead).thenThrows('VALIDATION_FAILED', { field: 'amount', rule: 'minimum-ticket' });
    given(book).when(protect('lead', '1,000'), asDealLead).thenThrows('VALIDATION_FAILED', { field: 'amount' });
    given(book).when(protect('lead', '100000', 'USD'), asDealLead).thenThrows('CURRENCY_MISMATCH');
    given(book).when(protect('gamma', '100000'), asDealLead).thenThrows('INVESTOR_NOT_ADMITTED');
  });

  it('is the deal team’s: an investor is refused, an outsider is answered as for a missing round', () => {
    given(book).when(protect('lead', '100000'), as(investorUser('lead'))).thenThrows('FORBIDDEN');
    given(book).when(protect('lead', '100000'), as(investorUser('gamma'))).thenThrows('ROUND_NOT_FOUND');
    given(book).when(protect('lead', '100000'), as({ sub: 'user-dev', role: 'deal-lead' })).thenThrows('ROUND_NOT_FOUND');
  });

  it('refuses the close when the book moved under a protection: the investor now commits less', () => {
    const moved = [...book, protectedFor('alpha', '500000'), commitmentWithdrawn('alpha', '600000')];
    given(moved).when(close, asDealLead).thenThrows('PROTECTED_ALLOCATION_EXCEEDS_COMMITMENT');
  });

  it('holds back, at an interim closing, what is protected for an investor not in it', () => {
    // beta pays 1,000,000 in; lead's 1,000,000 is protected but not funded: the closing issues beta 500,000 only.
    const funded = [...book, commitmentMade('beta', '1000000'), subscriptionSigned('beta', '1000000'), subscriptionAccepted('beta', '1000000'), fundsReceived('beta', '1000000', 'MT-1')];
    const [held] = decide({ type: 'HoldClosing', data: {} }, foldRound([...funded, protectedFor('lead', '1000000')]), asDealLead) as ClosingHeld[];
    expect(held.data.allocations.map((a) => [a.investorId, a.allocated.amount])).toEqual([['beta', 50000000n]]);
  });

  it('shows an investor its own protection only', () => {
    const view = toView(foldRound([...book, protectedFor('lead', '1000000'), protectedFor('alpha', '100000')]))!;
    expect(view.protectedAllocations).toEqual([{ investorId: 'lead', amount: '1000000.00' }, { investorId: 'alpha', amount: '100000.00' }]);
    expect(viewFor(view, investorUser('alpha'))).toMatchObject({ protectedAllocations: [{ investorId: 'alpha', amount: '100000.00' }] });
  });
});
