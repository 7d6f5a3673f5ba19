// AcceptSubscription: its command and its slice of decide, pure like the rest of the round domain.
import { Command, Decision, DomainError, Issues, OpenedRound, SubscriptionAccepted, onOpenRound, readId, requireDealLead, requireInvestor, stamp } from '../domain';

/** The company countersigns the investor's signed subscription. */
export type AcceptSubscription = Command<'AcceptSubscription', { readonly investorId: string }>;

/** AcceptSubscription as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideAcceptSubscription = onOpenRound(acceptSubscription);

export function acceptSubscription({ data }: AcceptSubscription, round: OpenedRound, decision: Decision): SubscriptionAccepted[] {
  requireDealLead(decision.actor, 'accept a subscription');
  const issues = new Issues();
  const { investorId } = issues.complete({ investorId: readId(issues, 'investorId', data.investorId) });
  requireInvestor(round, investorId);
  const current = round.commitments.find((c) => c.investorId === investorId);
  if (!current || current.subscription === 'unsigned') {
    throw new DomainError('SUBSCRIPTION_NOT_SIGNED', `${investorId} has not signed a subscription`);
  }
  if (current.subscription === 'accepted') {
    throw new DomainError('SUBSCRIPTION_ALREADY_ACCEPTED', `${investorId}'s subscription is already accepted`);
  }
  // Signed on terms that have since changed: the investor re-confirms before the company countersigns.
  if (current.status === 'to-be-reconfirmed') {
    throw new DomainError('RECONFIRMATION_PENDING', `The economics changed: ${investorId} re-confirms before its subscription is accepted`);
  }
  return [{ type: 'SubscriptionAccepted', data: { ...stamp(round.roundId, decision), investorId, amount: current.amount } }];
}
