// MakeCommitment: its command and its slice of decide, pure like the rest of the round domain.
import { CURRENCIES, Money, formatMoney, isCurrency } from '../../kernel';
import { Command, Commitment, CommitmentAmended, CommitmentMade, Decision, DomainError, IndicationRecorded, Issues, OpenedRound, SubscriptionReopened, closedInvestors, isBinding, onOpenRound, readAmount, readId, requireInvestor, requireMayActFor, requireRoomUnderCap, stamp } from '../domain';
/**
 * Makes the investor's commitment, or amends it if it already has one. Sent by the deal team, it records
 * the amount the investor indicated to the company: that binds nobody until the investor confirms it.
 */
export type MakeCommitment = Command<
  'MakeCommitment',
  { readonly investorId: string; readonly amount: string; readonly currency: string }
>;

/** MakeCommitment as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideMakeCommitment = onOpenRound(makeCommitment);

export function makeCommitment(
  { data }: MakeCommitment,
  round: OpenedRound,
  decision: Decision,
): (CommitmentMade | CommitmentAmended | SubscriptionReopened | IndicationRecorded)[] {
  requireMayActFor(decision.actor, data.investorId);
  const issues = new Issues();
  if (!isCurrency(data.currency)) {
    issues.add('currency', 'supported-currency', `must be one of ${CURRENCIES.join(', ')}`);
    return issues.fail();
  }
  // Read in the currency the investor named, so "100.5 JPY" is a format error, not a mismatch.
  const { investorId, amount } = issues.complete({
    investorId: readId(issues, 'investorId', data.investorId),
    amount: readAmount(issues, 'amount', data.amount, data.currency),
  });
  const investor = requireInvestor(round, investorId);
  if (amount.currency !== round.currency) {
    throw new DomainError('CURRENCY_MISMATCH', `This round is in ${round.currency}, not ${amount.currency}`);
  }
  // First, because an absurd amount (200 bn into a 50 bn round) is a mistake, whoever makes it.
  if (amount.amount > round.hardCap.amount) {
    throw new DomainError(
      'COMMITMENT_EXCEEDS_HARD_CAP',
      `A commitment of ${formatMoney(amount)} exceeds the round's hard cap of ${formatMoney(round.hardCap)}`,
    );
  }
  if (round.minimumTicket && amount.amount < round.minimumTicket.amount) {
    throw new DomainError(
      'BELOW_MINIMUM_TICKET',
      `${formatMoney(amount)} is below the minimum ticket of ${formatMoney(round.minimumTicket)}`,
    );
  }
  if (investor.maxTicket && amount.amount > investor.maxTicket.amount) {
    throw new DomainError(
      'ABOVE_MAXIMUM_TICKET',
      `${formatMoney(amount)} is above ${investorId}'s maximum ticket of ${formatMoney(investor.maxTicket)}`,
    );
  }
  const current = round.commitments.find((c) => c.investorId === investorId);
  const facts = { ...stamp(round.roundId, decision), investorId, amount };

  if (decision.actor.role === 'deal-lead') {
    if (current && isBinding(current)) {
      throw new DomainError('COMMITMENT_IS_INVESTORS', `Only ${investorId} changes the commitment it made`);
    }
    // Re-sending the same amount changes nothing, so it records nothing (safe to retry).
    if (current?.amount.amount === amount.amount) return [];
    return [{ type: 'IndicationRecorded', data: { ...facts, previousAmount: current?.amount ?? null } }];
  }

  const binding = current && isBinding(current) ? current : undefined;
  if (binding && binding.amount.amount !== amount.amount && binding.subscription !== 'unsigned') requireAmendable(round, binding, amount);
  requireRoomUnderCap(round, amount, binding?.amount ?? null, decision);
  if (!binding) return [{ type: 'CommitmentMade', data: facts }];
  // Re-sending the same amount changes nothing, so it records nothing (safe to retry); one that awaits
  // re-confirmation is re-confirmed with its own command.
  if (binding.amount.amount === amount.amount) return [];
  const amended: CommitmentAmended = { type: 'CommitmentAmended', data: { ...facts, previousAmount: binding.amount } };
  if (binding.subscription === 'unsigned') return [amended];
  // The signature and the acceptance were for the old amount: both are to be given again.
  const reopened = { ...facts, previousAmount: binding.amount, previousDocumentReference: binding.documentReference };
  return [amended, { type: 'SubscriptionReopened', data: reopened }];
}

/**
 * A signed subscription is amended by the investor only while its shares are not issued, and not below
 * what it has paid in; it must then be signed and accepted again (see SubscriptionReopened).
 */
function requireAmendable(round: OpenedRound, binding: Commitment, amount: Money): void {
  const { investorId } = binding;
  if (closedInvestors(round).has(investorId)) {
    throw new DomainError('SUBSCRIPTION_SIGNED', `${investorId} was issued its shares at a closing for ${formatMoney(binding.amount)}: its subscription is settled`);
  }
  if (amount.amount < binding.paidIn.amount) {
    throw new DomainError('BELOW_PAID_IN', `${formatMoney(amount)} is below the ${formatMoney(binding.paidIn)} ${investorId} has already paid in`);
  }
}

