// RecordRefund: its command and its slice of decide, pure like the rest of the round domain.
import { formatMoney, money } from '../../kernel';
import { Command, Decision, DomainError, RefundRecorded, RoundState, onAnyRound, readPayment, requireDealLead, stamp } from '../domain';

/** The company pays an investor back what it paid in beyond its final allocation (or all of it, cancelled). */
export type RecordRefund = Command<
  'RecordRefund',
  { readonly investorId: string; readonly amount: string; readonly currency: string; readonly valueDate: string; readonly reference: string }
>;

/** RecordRefund as the write path runs it: on the round as this actor may see it, open, closed or cancelled. */
export const decideRecordRefund = onAnyRound(recordRefund);

export function recordRefund({ data }: RecordRefund, state: RoundState, decision: Decision): RefundRecorded[] {
  if (state.status === 'none') throw new DomainError('ROUND_NOT_FOUND', 'No such round');
  requireDealLead(decision.actor, 'record a refund');
  const { investorId, amount, valueDate, reference } = readPayment(data, decision.at.slice(0, 10));
  if (!state.investors.some((i) => i.investorId === investorId)) {
    throw new DomainError('INVESTOR_NOT_ADMITTED', `Investor ${investorId} is not admitted to this round`);
  }
  if (amount.currency !== state.currency) throw new DomainError('CURRENCY_MISMATCH', `This round is in ${state.currency}, not ${amount.currency}`);
  const allocated = finalAllocation(state, investorId);
  if (allocated === null) {
    throw new DomainError('ALLOCATION_NOT_FINAL', `${investorId}'s allocation is not final yet: refund after its closing, the close or a cancellation`);
  }
  const refunds = state.refunds.filter((r) => r.investorId === investorId);
  if (refunds.some((r) => r.reference === reference)) {
    throw new DomainError('REFUND_ALREADY_RECORDED', `A refund with reference ${reference} is already recorded for ${investorId}`);
  }
  const paidIn = state.commitments.find((c) => c.investorId === investorId)?.paidIn.amount ?? 0n;
  const owed = paidIn - allocated - refunds.reduce((sum, r) => sum + r.amount.amount, 0n);
  if (amount.amount > owed) {
    const left = formatMoney(money(owed > 0n ? owed : 0n, state.currency));
    throw new DomainError('REFUND_EXCEEDS_OVERPAYMENT', `${formatMoney(amount)} is more than the ${left} ${investorId} paid in beyond its allocation and was not refunded yet`);
  }
  return [{ type: 'RefundRecorded', data: { ...stamp(state.roundId, decision), investorId, amount, valueDate, reference } }];
}

/**
 * What the investor was allocated, once that is final: at the close; at a cancellation, whatever earlier
 * closings issued it (nothing more will be); in an open round, at the closing that issued it shares.
 * Null while its allocation may still change.
 */
function finalAllocation(state: Exclude<RoundState, { status: 'none' }>, investorId: string): bigint | null {
  if (state.status === 'closed') return state.allocations.find((a) => a.investorId === investorId)?.allocated.amount ?? 0n;
  const issued = state.closings.flatMap((c) => c.allocations).filter((a) => a.investorId === investorId && a.allocated.amount > 0n);
  if (state.status === 'cancelled') return issued.reduce((sum, a) => sum + a.allocated.amount, 0n);
  return issued.length > 0 ? issued.reduce((sum, a) => sum + a.allocated.amount, 0n) : null;
}
