// MakeCommitment: its command and its slice of decide, pure like the rest of the round domain.
import { CURRENCIES, formatMoney, isCurrency, money } from '../../kernel';
import { Command, CommitmentAmended, CommitmentMade, Decision, DomainError, Issues, OpenedRound, mayKnowBookTotals, onOpenRound, readAmount, readId, requireInvestor, requireMayActFor, stamp } from '../domain';
/** Makes the investor's commitment, or amends it if it already has one. */
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
): (CommitmentMade | CommitmentAmended)[] {
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
  const othersTotal = round.totalCommitted.amount - (current?.amount.amount ?? 0n);
  if (round.oversubscription === 'reject' && othersTotal + amount.amount > round.hardCap.amount) {
    const cap = formatMoney(round.hardCap);
    // The room left is the cap minus everyone else's commitments: a book total by another name.
    const room = money(round.hardCap.amount - othersTotal, round.currency);
    const message = mayKnowBookTotals(decision.actor, round.disclosure)
      ? `Only ${formatMoney(room)} fits under the hard cap of ${cap}`
      : `A commitment of ${formatMoney(amount)} would take the book above the hard cap of ${cap}`;
    throw new DomainError('ROUND_FULL', message);
  }

  const facts = { ...stamp(round.roundId, decision), investorId, amount };
  if (!current) return [{ type: 'CommitmentMade', data: facts }];
  // Re-sending the same amount changes nothing, so it records nothing (safe to retry).
  if (current.amount.amount === amount.amount) return [];
  return [{ type: 'CommitmentAmended', data: { ...facts, previousAmount: current.amount } }];
}
