// SetAllocationBasis: its command and its slice of decide, pure like the rest of the round domain.
import { ALLOCATION_BASES, AllocationBasisSet, Command, Decision, Issues, OpenedRound, onOpenRound, readChoice, requireDealLead, stamp } from '../domain';

/** Whether closings allocate the binding commitments (`committed`) or only what was paid in (`funded`). */
export type SetAllocationBasis = Command<'SetAllocationBasis', { readonly basis: string }>;

/** SetAllocationBasis as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideSetAllocationBasis = onOpenRound(setAllocationBasis);

export function setAllocationBasis({ data }: SetAllocationBasis, round: OpenedRound, decision: Decision): AllocationBasisSet[] {
  requireDealLead(decision.actor, 'set what closings allocate');
  const issues = new Issues();
  const basis = readChoice(issues, 'basis', data.basis, ALLOCATION_BASES);
  issues.throwIfAny();
  if (basis === round.allocationBasis) return [];
  return [{ type: 'AllocationBasisSet', data: { ...stamp(round.roundId, decision), basis: basis! } }];
}
