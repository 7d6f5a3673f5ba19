// SignSubscription: its command and its slice of decide, pure like the rest of the round domain.
import { Command, Decision, DomainError, Issues, MAX_NAME_LENGTH, OpenedRound, SubscriptionSigned, onOpenRound, readId, readText, requireInvestor, stamp } from '../domain';

/** The investor signs its subscription agreement for its commitment as it stands. */
export type SignSubscription = Command<'SignSubscription', { readonly investorId: string; readonly documentReference: string }>;

/** SignSubscription as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideSignSubscription = onOpenRound(signSubscription);

export function signSubscription({ data }: SignSubscription, round: OpenedRound, decision: Decision): SubscriptionSigned[] {
  const { actor } = decision;
  // The investor's signature: nobody signs for it.
  if (actor.role !== 'investor' || actor.investorId !== data.investorId) {
    throw new DomainError('FORBIDDEN', 'Only the investor signs its subscription');
  }
  const issues = new Issues();
  const { investorId, documentReference } = issues.complete({
    investorId: readId(issues, 'investorId', data.investorId),
    documentReference: readText(issues, 'documentReference', data.documentReference, MAX_NAME_LENGTH),
  });
  requireInvestor(round, investorId);
  const current = round.commitments.find((c) => c.investorId === investorId);
  if (!current) throw new DomainError('NO_COMMITMENT', `${investorId} has no commitment to subscribe for`);
  if (current.status === 'indicated') {
    throw new DomainError('COMMITMENT_NOT_CONFIRMED', `Confirm the indication recorded for ${investorId} before signing`);
  }
  if (current.status === 'to-be-reconfirmed') {
    throw new DomainError('RECONFIRMATION_PENDING', `The economics changed: re-confirm ${investorId}'s commitment before signing`);
  }
  if (current.subscription !== 'unsigned') {
    throw new DomainError('SUBSCRIPTION_ALREADY_SIGNED', `${investorId}'s subscription is already ${current.subscription}`);
  }
  return [{ type: 'SubscriptionSigned', data: { ...stamp(round.roundId, decision), investorId, amount: current.amount, documentReference } }];
}
