// RecordFunding: its command and its slice of decide, pure like the rest of the round domain.
import { formatMoney } from '../../kernel';
import { Command, Decision, DomainError, FundsReceived, OpenedRound, onOpenRound, readPayment, requireDealLead, requireInvestor, stamp } from '../domain';

/** The company records money received from an investor against its accepted subscription. */
export type RecordFunding = Command<
  'RecordFunding',
  { readonly investorId: string; readonly amount: string; readonly currency: string; readonly valueDate: string; readonly reference: string }
>;

/** RecordFunding as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideRecordFunding = onOpenRound(recordFunding);

export function recordFunding({ data }: RecordFunding, round: OpenedRound, decision: Decision): FundsReceived[] {
  requireDealLead(decision.actor, 'record funds received');
  const { investorId, amount, valueDate, reference } = readPayment(data, decision.at.slice(0, 10));
  requireInvestor(round, investorId);
  if (amount.currency !== round.currency) {
    throw new DomainError('CURRENCY_MISMATCH', `This round is in ${round.currency}, not ${amount.currency}`);
  }
  const current = round.commitments.find((c) => c.investorId === investorId);
  if (!current || current.subscription !== 'accepted') {
    throw new DomainError('SUBSCRIPTION_NOT_ACCEPTED', `${investorId} pays in against an accepted subscription only`);
  }
  // The same bank reference twice is the same payment recorded twice.
  if (current.fundings.some((funding) => funding.reference === reference)) {
    throw new DomainError('FUNDING_ALREADY_RECORDED', `A payment with reference ${reference} is already recorded for ${investorId}`);
  }
  const outstanding = current.amount.amount - current.paidIn.amount;
  if (amount.amount > outstanding) {
    const left = formatMoney({ amount: outstanding, currency: round.currency });
    throw new DomainError('FUNDING_EXCEEDS_SUBSCRIPTION', `${formatMoney(amount)} is more than the ${left} outstanding on ${investorId}'s subscription`);
  }
  return [{ type: 'FundsReceived', data: { ...stamp(round.roundId, decision), investorId, amount, valueDate, reference } }];
}
