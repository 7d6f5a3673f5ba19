// ReconfirmCommitment: its command and its slice of decide, pure like the rest of the round domain.
import { Command, CommitmentReconfirmed, Decision, DomainError, Issues, OpenedRound, onOpenRound, readId, requireInvestor, stamp } from '../domain';

/** The investor stands by its commitment on the economics as they now are, after a change of them. */
export type ReconfirmCommitment = Command<'ReconfirmCommitment', { readonly investorId: string }>;

/** ReconfirmCommitment as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideReconfirmCommitment = onOpenRound(reconfirmCommitment);

export function reconfirmCommitment({ data }: ReconfirmCommitment, round: OpenedRound, decision: Decision): CommitmentReconfirmed[] {
  const { actor } = decision;
  // Consent to changed terms is the investor's to give; the company cannot give it on its behalf.
  if (actor.role !== 'investor' || actor.investorId !== data.investorId) {
    throw new DomainError('FORBIDDEN', 'Only the investor re-confirms its commitment');
  }
  const issues = new Issues();
  const { investorId } = issues.complete({ investorId: readId(issues, 'investorId', data.investorId) });
  requireInvestor(round, investorId);
  const current = round.commitments.find((c) => c.investorId === investorId);
  if (!current || current.status !== 'to-be-reconfirmed') {
    throw new DomainError('NOT_AWAITING_RECONFIRMATION', `${investorId} has no commitment awaiting re-confirmation`);
  }
  return [{ type: 'CommitmentReconfirmed', data: { ...stamp(round.roundId, decision), investorId, amount: current.amount } }];
}
