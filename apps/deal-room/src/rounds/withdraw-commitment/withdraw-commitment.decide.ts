// WithdrawCommitment: its command and its slice of decide, pure like the rest of the round domain.
import { Command, CommitmentWithdrawn, Decision, DomainError, IndicationWithdrawn, Issues, OpenedRound, isBinding, onOpenRound, readId, requireInvestor, requireMayActFor, stamp } from '../domain';
export type WithdrawCommitment = Command<'WithdrawCommitment', { readonly investorId: string }>;

/** WithdrawCommitment as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideWithdrawCommitment = onOpenRound(withdrawCommitment);

export function withdrawCommitment(
  { data }: WithdrawCommitment,
  round: OpenedRound,
  decision: Decision,
): (CommitmentWithdrawn | IndicationWithdrawn)[] {
  requireMayActFor(decision.actor, data.investorId);
  const issues = new Issues();
  const { investorId } = issues.complete({ investorId: readId(issues, 'investorId', data.investorId) });
  requireInvestor(round, investorId);
  const current = round.commitments.find((c) => c.investorId === investorId);
  if (!current) throw new DomainError('NO_COMMITMENT', `Investor ${investorId} has no commitment to withdraw`);
  const facts = { ...stamp(round.roundId, decision), investorId, amount: current.amount };
  // The company may strike what it recorded, never what the investor stands behind.
  if (!isBinding(current)) return [{ type: 'IndicationWithdrawn', data: facts }];
  if (decision.actor.role !== 'investor') {
    throw new DomainError('COMMITMENT_IS_INVESTORS', `Only ${investorId} withdraws the commitment it made`);
  }
  // A signed subscription is a contract: it is not withdrawn by one side's say-so.
  if (current.subscription !== 'unsigned') {
    throw new DomainError('SUBSCRIPTION_SIGNED', `${investorId} signed its subscription: it cannot be withdrawn`);
  }
  return [{ type: 'CommitmentWithdrawn', data: facts }];
}
