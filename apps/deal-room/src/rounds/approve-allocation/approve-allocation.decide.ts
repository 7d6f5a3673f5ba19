// ApproveAllocation: its command and its slice of decide, pure like the rest of the round domain.
import { Command, Decision, DomainError, ManualAllocationApproved, OpenedRound, onOpenRound, requireDealLead, stamp } from '../domain';

/** A second member of the deal team approves a manual allocation another one prepared. */
export type ApproveAllocation = Command<'ApproveAllocation', { readonly proposalId: string }>;

/** ApproveAllocation as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideApproveAllocation = onOpenRound(approveAllocation);

export function approveAllocation({ data }: ApproveAllocation, round: OpenedRound, decision: Decision): ManualAllocationApproved[] {
  requireDealLead(decision.actor, 'approve an allocation');
  const proposal = round.allocationProposals.find((p) => p.proposalId === data.proposalId);
  if (!proposal) throw new DomainError('ALLOCATION_NOT_FOUND', `Allocation ${String(data.proposalId)} does not exist in this round`);
  if (proposal.approvedBy !== null) throw new DomainError('ALLOCATION_ALREADY_APPROVED', `Allocation ${proposal.proposalId} is already approved`);
  // Four eyes: whoever prepared an allocation does not approve it.
  if (proposal.proposedBy === decision.actor.sub) {
    throw new DomainError('FOUR_EYES_REQUIRED', `${decision.actor.sub} prepared allocation ${proposal.proposalId}: another member of the deal team approves it`);
  }
  return [{ type: 'ManualAllocationApproved', data: { ...stamp(round.roundId, decision), proposalId: proposal.proposalId } }];
}
