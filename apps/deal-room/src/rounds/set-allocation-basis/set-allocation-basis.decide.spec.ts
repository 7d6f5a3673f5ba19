import { decide, RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import { as, asDealLead, commitmentMade, investorAdmitted, investorUser, openRoundWithInvestors, stampOf } from '../../../../../test/support/rounds/round.fixtures';
import { fundsReceived, subscriptionAccepted, subscriptionSigned } from '../../../../../test/support/rounds/subscription.fixtures';
import { RoundEvent, foldRound } from '../domain';

const basis = (value: unknown): RoundCommand => ({ type: 'SetAllocationBasis', data: { basis: value } }) as RoundCommand;
const fundedBasis: RoundEvent = { type: 'AllocationBasisSet', data: { ...stampOf(), basis: 'funded' } };
// Cap 1.5 m, scale-back. lead commits 1 m and pays 900,000; alpha commits 1 m and pays 300,000; beta commits, pays nothing.
const book: RoundEvent[] = [
  ...openRoundWithInvestors({ oversubscription: 'scale-back' }),
  investorAdmitted('beta'),
  commitmentMade('lead', '1000000'),
  subscriptionSigned('lead', '1000000'),
  subscriptionAccepted('lead', '1000000'),
  fundsReceived('lead', '900000', 'MT-1'),
  commitmentMade('alpha', '1000000'),
  subscriptionSigned('alpha', '1000000'),
  subscriptionAccepted('alpha', '1000000'),
  fundsReceived('alpha', '300000', 'MT-2'),
  commitmentMade('beta', '500000'),
];
const closeOf = (events: RoundEvent[]) => {
  const [closed] = decide({ type: 'CloseRound', data: {} }, foldRound(events), asDealLead);
  if (closed.type !== 'RoundClosed') throw new Error(closed.type);
  return closed.data;
};

describe('SetAllocationBasis', () => {
  it('makes the close allocate only what was paid in: the unfunded get nothing, the rest fits under the cap', () => {
    given(book).when(basis('funded'), asDealLead).then([fundedBasis]);
    const closed = closeOf([...book, fundedBasis]);
    // 1.2 m paid in fits under the 1.5 m cap: each gets what it paid; beta, who paid nothing, is not in it.
    expect(closed.allocations.map((a) => [a.investorId, a.committed.amount, a.allocated.amount])).toEqual([
      ['lead', 100000000n, 90000000n],
      ['alpha', 100000000n, 30000000n],
    ]);
    expect(closed.totalAllocated.amount).toBe(120000000n);
    // On the committed basis the 2.5 m book is scaled back to the cap, unpaid money included.
    expect(closeOf(book).totalAllocated.amount).toBe(150000000n);
  });

  it('needs what was paid in, not only the book, to reach the minimum to close', () => {
    // Minimum to close 500,000: 2.5 m committed, but only 300,000 paid in.
    const short: RoundEvent[] = [...book.slice(0, 5), commitmentMade('alpha', '1000000'), subscriptionSigned('alpha', '1000000'), subscriptionAccepted('alpha', '1000000'), fundsReceived('alpha', '300000', 'MT-2'), fundedBasis];
    given(short).when({ type: 'CloseRound', data: {} }, asDealLead).thenThrows('BELOW_MINIMUM_AMOUNT');
  });

  it('is the deal team’s, one of two bases, and says nothing when unchanged', () => {
    given(book).when(basis('paid'), asDealLead).thenThrows('VALIDATION_FAILED', { field: 'basis', rule: 'one-of' });
    given(book).when(basis('funded'), as(investorUser('lead'))).thenThrows('FORBIDDEN');
    given(book).when(basis('committed'), asDealLead).then([]);
    given([...book, fundedBasis]).when(basis('funded'), asDealLead).then([]);
  });
});
