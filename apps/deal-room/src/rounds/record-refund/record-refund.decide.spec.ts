import { decide, RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import { amount, as, asDealLead, commitmentMade, investorUser, openRoundWithInvestors, stampOf } from '../../../../../test/support/rounds/round.fixtures';
import { fundsReceived, subscriptionAccepted, subscriptionSigned } from '../../../../../test/support/rounds/subscription.fixtures';
import { RoundEvent, foldRound, toView, viewFor } from '../domain';

const refund = (investorId: string, decimal: string, reference = 'RF-1', valueDate = '2025-03-01'): RoundCommand => ({
  type: 'RecordRefund',
  data: { investorId, amount: decimal, currency: 'CNY', valueDate, reference },
});
const refunded = (investorId: string, decimal: string, reference = 'RF-1'): RoundEvent => ({
  type: 'RefundRecorded',
  data: { ...stampOf(), investorId, amount: amount(decimal), valueDate: '2025-03-01', reference },
});
const funded = (investorId: string, decimal: string, paid = decimal): RoundEvent[] => [
  commitmentMade(investorId, decimal),
  subscriptionSigned(investorId, decimal),
  subscriptionAccepted(investorId, decimal),
  fundsReceived(investorId, paid, `MT-${investorId}`),
];
// Cap 1.5 m, scale-back: lead and alpha each commit and pay in 1 m; the close allocates 750,000 each.
const paid = [...openRoundWithInvestors({ oversubscription: 'scale-back' }), ...funded('lead', '1000000'), ...funded('alpha', '1000000')];
const closedRound = (): RoundEvent[] => [...paid, ...decide({ type: 'CloseRound', data: {} }, foldRound(paid), asDealLead)];

describe('RecordRefund', () => {
  it('pays back what an investor paid in beyond its final allocation, in parts, never more', () => {
    const closed = closedRound();
    given(closed).when(refund('lead', '200000'), asDealLead).then([refunded('lead', '200000')]);
    given([...closed, refunded('lead', '200000')]).when(refund('lead', '50000.01', 'RF-2'), asDealLead).thenThrows('REFUND_EXCEEDS_OVERPAYMENT');
    given([...closed, refunded('lead', '200000')]).when(refund('lead', '50000', 'RF-2'), asDealLead).then([refunded('lead', '50000', 'RF-2')]);
    given([...closed, refunded('lead', '200000')]).when(refund('lead', '1', 'RF-1'), asDealLead).thenThrows('REFUND_ALREADY_RECORDED');
  });

  it('waits until the allocation is final, then refunds everything of a cancelled round', () => {
    given(paid).when(refund('lead', '1'), asDealLead).thenThrows('ALLOCATION_NOT_FINAL');
    const cancelled = [...paid, { type: 'RoundCancelled', data: { ...stampOf(), reason: 'market' } } as RoundEvent];
    given(cancelled).when(refund('alpha', '1000000'), asDealLead).then([refunded('alpha', '1000000')]);
    given(cancelled).when(refund('alpha', '1000000.01'), asDealLead).thenThrows('REFUND_EXCEEDS_OVERPAYMENT');
  });

  it('is the deal team’s; the value date is not in the future; an outsider is told there is no round', () => {
    const closed = closedRound();
    given(closed).when(refund('lead', '1'), as(investorUser('lead'))).thenThrows('FORBIDDEN');
    given(closed).when(refund('lead', '1', 'RF-1', '2025-03-02'), asDealLead).thenThrows('VALIDATION_FAILED', { field: 'valueDate', rule: 'not-in-future' });
    given(closed).when(refund('lead', '1'), as(investorUser('gamma'))).thenThrows('ROUND_NOT_FOUND');
    given(closed).when(refund('gamma', '1'), asDealLead).thenThrows('INVESTOR_NOT_ADMITTED');
  });

  it('shows an investor its own refunds only', () => {
    const view = toView(foldRound([...closedRound(), refunded('lead', '200000'), refunded('alpha', '100000', 'RF-9')]))!;
    expect(view.refunds.map((r) => [r.investorId, r.amount])).toEqual([['lead', '200000.00'], ['alpha', '100000.00']]);
    expect(viewFor(view, investorUser('alpha'))).toMatchObject({ refunds: [{ investorId: 'alpha', amount: '100000.00', reference: 'RF-9' }] });
  });
});
