// RejectTerm: its command and its slice of decide, pure like the rest of the round domain.
import { sameSide } from '../../kernel';
import { Command, Decision, DomainError, Issues, MAX_REASON_LENGTH, OpenedRound, TermRejected, actingParty, findTerm, onOpenRound, readText, requireCounterparty, requirePending, stamp } from '../domain';
export type RejectTerm = Command<'RejectTerm', { readonly termId: string; readonly reason?: string | null }>;

/** RejectTerm as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideRejectTerm = onOpenRound(rejectTerm);

export function rejectTerm({ data }: RejectTerm, round: OpenedRound, decision: Decision): TermRejected[] {
  const rejectedBy = actingParty(decision.actor, round);
  const term = requirePending(findTerm(round, data.termId, decision.actor));
  if (sameSide(rejectedBy, term.proposedBy)) {
    throw new DomainError(
      'NOT_COUNTERPARTY',
      `Term ${term.termId} was proposed by your side: withdraw it instead`,
    );
  }
  requireCounterparty(rejectedBy, term, round);
  const issues = new Issues();
  const reason = data.reason == null ? null : readText(issues, 'reason', data.reason, MAX_REASON_LENGTH);
  issues.throwIfAny();
  const facts = { ...stamp(round.roundId, decision), termId: term.termId, rejectedBy, reason };
  return [{ type: 'TermRejected', data: facts }];
}
