// AcceptTerm: its command and its slice of decide, pure like the rest of the round domain.
import { sameSide } from '../../kernel';
import { Command, Decision, DomainError, OpenedRound, Term, TermAccepted, actingParty, economicsIssues, findTerm, onOpenRound, requireCounterparty, requirePending, stamp } from '../domain';
export type AcceptTerm = Command<'AcceptTerm', { readonly termId: string }>;

/** AcceptTerm as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideAcceptTerm = onOpenRound(acceptTerm);

export function acceptTerm({ data }: AcceptTerm, round: OpenedRound, decision: Decision): TermAccepted[] {
  const acceptedBy = actingParty(decision.actor, round);
  const term = requirePending(findTerm(round, data.termId));
  if (sameSide(acceptedBy, term.proposedBy)) {
    throw new DomainError(
      'CANNOT_ACCEPT_OWN_PROPOSAL',
      `Term ${term.termId} was proposed by your side; the other side accepts it`,
    );
  }
  requireCounterparty(acceptedBy, term, round);
  // Checked again here because the round may have changed since the proposal (another term, the book).
  const breaches = economicsIssues(round, term, round.totalCommitted.amount);
  if (breaches.length > 0) {
    const message = `Accepting term ${term.termId} would break the round's invariants`;
    throw new DomainError('TERM_CONFLICTS_WITH_ROUND', message, breaches);
  }
  const { termId, key, value } = term;
  const facts = { ...stamp(round.roundId, decision), termId, ...({ key, value } as Term), acceptedBy };
  return [{ type: 'TermAccepted', data: facts }];
}
