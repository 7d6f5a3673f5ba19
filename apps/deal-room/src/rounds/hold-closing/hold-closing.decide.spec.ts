import { decide, RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import { valuation } from '../../../../../test/support/rounds/negotiation.fixtures';
import { as, asDealLead, commitmentMade, investorAdmitted, investorUser, openRoundWithInvestors, stampOf, termProposed } from '../../../../../test/support/rounds/round.fixtures';
import { fundsReceived, subscriptionAccepted, subscriptionSigned } from '../../../../../test/support/rounds/subscription.fixtures';
import { ClosingHeld, RoundEvent, foldRound, toView } from '../domain';

const hold: RoundCommand = { type: 'HoldClosing', data: {} };
const close: RoundCommand = { type: 'CloseRound', data: {} };
const funded = (investorId: string, decimal: string, reference = `MT-${investorId}`): RoundEvent[] => [
  commitmentMade(investorId, decimal),
  subscriptionSigned(investorId, decimal),
  subscriptionAccepted(investorId, decimal),
  fundsReceived(investorId, decimal, reference),
];
// Post-money 10 m on a planned 1 m: pre-money 9 m. Minimum to close 500,000.
const round = [...openRoundWithInvestors(), investorAdmitted('beta')];
const first = [...round, ...funded('lead', '600000'), commitmentMade('alpha', '200000')];
const heldAt = (events: RoundEvent[], now: string) => decide(hold, foldRound(events), { ...as(asDealLead.actor, now), headHash: 'cd'.repeat(32) }) as ClosingHeld[];

describe('HoldClosing', () => {
  it('issues shares to the investors fully paid in, sealed to the chain head, and opens a 90-day window', () => {
    const [held] = heldAt(first, stampOf().at);
    expect(held.data).toMatchObject({
      closingNumber: 1,
      sealedHeadHash: 'cd'.repeat(32),
      windowEndsAt: '2025-05-30T09:00:00.000Z',
      postMoneyValuation: { amount: 960000000n },
    });
    // alpha committed but has not paid: not in this closing.
    expect(held.data.allocations.map((a) => [a.investorId, a.allocated.amount, a.ownership])).toEqual([['lead', 60000000n, '0.0625000000']]);
  });

  it('holds a later closing with its own allocation, and the final close lists every closing at the final post-money', () => {
    const [one] = heldAt(first, stampOf().at);
    const later = [...first, one, ...funded('beta', '300000')];
    const [two] = heldAt(later, '2025-04-01T00:00:00.000Z');
    expect(two.data.closingNumber).toBe(2);
    expect(two.data.allocations.map((a) => [a.investorId, a.allocated.amount])).toEqual([['beta', 30000000n]]);
    expect(two.data.postMoneyValuation.amount).toBe(990000000n);
    const view = toView(foldRound([...later, two]))!;
    expect(view.closings.map((c) => [c.closingNumber, c.totalAllocated])).toEqual([[1, '600000.00'], [2, '300000.00']]);

    const [final] = decide(close, foldRound([...later, two]), asDealLead);
    if (final.type !== 'RoundClosed') throw new Error(final.type);
    expect(final.data.allocations.map((a) => [a.investorId, a.allocated.amount, a.ownership])).toEqual([
      ['lead', 60000000n, '0.0594059406'],
      ['beta', 30000000n, '0.0297029703'],
      ['alpha', 20000000n, '0.0198019802'],
    ]);
    expect(final.data.totalAllocated.amount).toBe(110000000n);
  });

  it('refuses a closing with nobody fully paid, below the minimum, after the window, or with conditions open', () => {
    given([...round, commitmentMade('lead', '600000')]).when(hold, asDealLead).thenThrows('NOTHING_TO_CLOSE');
    given([...round, ...funded('lead', '400000')]).when(hold, asDealLead).thenThrows('BELOW_MINIMUM_AMOUNT');
    const [one] = heldAt(first, stampOf().at);
    const late = [...first, one, ...funded('beta', '300000')];
    given(late).when(hold, as(asDealLead.actor, '2025-05-30T09:00:00.001Z')).thenThrows('CLOSING_WINDOW_ENDED');
    const condition: RoundEvent = { type: 'ConditionAdded', data: { ...stampOf(), conditionId: 'c', title: 'Waivers', investorId: null } };
    given([...first, condition]).when(hold, asDealLead).thenThrows('CONDITIONS_OPEN');
    given(first).when(hold, as(investorUser('lead'))).thenThrows('FORBIDDEN');
  });

  it('fixes the economics: later closings are on the same terms', () => {
    const [one] = heldAt(first, stampOf().at);
    const offer = [...first, one, termProposed('t9', valuation('20000000'))];
    given(offer).when({ type: 'AcceptTerm', data: { termId: 't9' } }, as(investorUser('lead'))).thenThrows('TERMS_FIXED_BY_CLOSING');
  });
});
