// AcceptTerm: its command and its slice of decide, pure like the rest of the round domain.
import { sameSide } from '../../kernel';
import { Command, Decision, DomainError, OpenedRound, ReconfirmationRequested, Term, TermAccepted, TermProposed, actingParty, economicsIssues, findTerm, isBinding, isEconomicTerm, mayKnowBookTotals, mfnOffers, onOpenRound, requireCounterparty, requirePending, stamp } from '../domain';
export type AcceptTerm = Command<'AcceptTerm', { readonly termId: string }>;

/** AcceptTerm as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideAcceptTerm = onOpenRound(acceptTerm);

export function acceptTerm(
  { data }: AcceptTerm,
  round: OpenedRound,
  decision: Decision,
): (TermAccepted | ReconfirmationRequested | TermProposed)[] {
  const acceptedBy = actingParty(decision.actor, round);
  const term = requirePending(findTerm(round, data.termId, decision.actor));
  if (sameSide(acceptedBy, term.proposedBy)) {
    throw new DomainError(
      'CANNOT_ACCEPT_OWN_PROPOSAL',
      `Term ${term.termId} was proposed by your side; the other side accepts it`,
    );
  }
  requireCounterparty(acceptedBy, term, round);
  // Later closings are on the same terms as the initial one.
  if (isEconomicTerm(term) && round.closings.length > 0) {
    throw new DomainError('TERMS_FIXED_BY_CLOSING', `Shares were issued at closing 1 on the current economics; term ${term.termId} cannot change them`);
  }
  // Checked again here because the round may have changed since the proposal (another term, the book).
  const breaches = economicsIssues(round, term, round.totalCommitted.amount);
  if (breaches.length > 0) {
    const message = `Accepting term ${term.termId} would break the round's invariants`;
    // An investor who may not know the book is not told how the cap compares with it.
    const told = mayKnowBookTotals(decision.actor, round.disclosure)
      ? breaches
      : breaches.map((b) => (b.rule === 'hard-cap-below-total-committed' ? { ...b, message: 'conflicts with the book' } : b));
    throw new DomainError('TERM_CONFLICTS_WITH_ROUND', message, told);
  }
  const { termId, key, value, investorId } = term;
  const at = stamp(round.roundId, decision);
  const accepted: TermAccepted = { type: 'TermAccepted', data: { ...at, termId, ...({ key, value } as Term), investorId, acceptedBy } };
  // A side-letter right granted to one investor is offered to each MFN holder that has less.
  const company = acceptedBy.side === 'company' ? acceptedBy : term.proposedBy;
  const offers = company.side === 'company' ? mfnOffers(round, { termId, investorId, ...({ key, value } as Term) }, company, decision) : [];
  // A new price, size or preference is not what the investors signed up for: each must say yes again.
  const bound = round.commitments.filter(isBinding).map((c) => c.investorId);
  if (!isEconomicTerm(term) || bound.length === 0) return [accepted, ...offers];
  return [accepted, { type: 'ReconfirmationRequested', data: { ...at, termId, investorIds: bound } }];
}
