// WithdrawTerm: its command and its slice of decide, pure like the rest of the round domain.
import { sameSide } from '../../kernel';
import { Command, Decision, DomainError, OpenedRound, TermWithdrawn, actingParty, findTerm, onOpenRound, requirePending, stamp } from '../domain';
export type WithdrawTerm = Command<'WithdrawTerm', { readonly termId: string }>;

/** WithdrawTerm as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideWithdrawTerm = onOpenRound(withdrawTerm);

export function withdrawTerm(
  { data }: WithdrawTerm,
  round: OpenedRound,
  decision: Decision,
): TermWithdrawn[] {
  const party = actingParty(decision.actor, round);
  const term = requirePending(findTerm(round, data.termId, decision.actor));
  if (!sameSide(party, term.proposedBy)) {
    throw new DomainError('NOT_PROPOSER', `Only the side that proposed term ${term.termId} may withdraw it`);
  }
  return [{ type: 'TermWithdrawn', data: { ...stamp(round.roundId, decision), termId: term.termId } }];
}
