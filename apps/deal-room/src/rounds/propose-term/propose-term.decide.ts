// ProposeTerm: its command and its slice of decide, pure like the rest of the round domain.
import { sameSide } from '../../kernel';
import { Command, Decision, DomainError, Issues, OpenedRound, Term, TermProposed, ValidationError, actingParty, economicsIssues, findTerm, isCounterparty, leadInvestor, mayKnowBookTotals, onOpenRound, readId, readTerm, requirePending, stamp } from '../domain';
export type ProposeTerm = Command<
  'ProposeTerm',
  {
    readonly termId: string;
    readonly key: string;
    readonly value: unknown;
    /** The pending proposal for the same key that this one counters or revises. */
    readonly supersedes?: string | null;
  }
>;

/** ProposeTerm as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideProposeTerm = onOpenRound(proposeTerm);

export function proposeTerm({ data }: ProposeTerm, round: OpenedRound, decision: Decision): TermProposed[] {
  const proposedBy = actingParty(decision.actor, round);
  const issues = new Issues();
  const { termId, term, supersedes } = issues.complete({
    termId: readId(issues, 'termId', data.termId),
    term: readTerm(issues, data.key, data.value, round.currency),
    supersedes: data.supersedes == null ? null : readId(issues, 'supersedes', data.supersedes),
  });

  if (round.terms.some((t) => t.termId === termId)) {
    throw new DomainError('TERM_ALREADY_EXISTS', `Term ${termId} already exists`);
  }
  if (proposedBy.side === 'company' && !leadInvestor(round)) {
    throw new DomainError(
      'NO_LEAD_INVESTOR',
      'Admit a lead investor before proposing terms: nobody could answer them',
    );
  }
  const pending = round.terms.find((t) => t.key === term.key && t.status === 'pending');
  if (supersedes === null) {
    if (pending) {
      throw new DomainError(
        'TERM_PENDING',
        `Term ${pending.termId} for ${term.key} is pending: name it in "supersedes" to counter it`,
      );
    }
  } else {
    const replaced = findTerm(round, supersedes);
    if (replaced.key !== term.key) {
      const message = `term ${supersedes} is about ${replaced.key}, not ${term.key}`;
      throw new ValidationError([{ field: 'supersedes', rule: 'same-key', message }]);
    }
    requirePending(replaced);
    // A counter comes from the other side; the proposer may also revise its own proposal.
    if (!sameSide(proposedBy, replaced.proposedBy) && !isCounterparty(proposedBy, replaced, round)) {
      throw new DomainError('NOT_COUNTERPARTY', `Only the parties to term ${supersedes} may counter it`);
    }
  }
  // Checked against the book only for those who may know its total: an investor proposing caps one after
  // another would otherwise read the total off the refusals. Acceptance checks the book in any case.
  const book = mayKnowBookTotals(decision.actor, round.disclosure) ? round.totalCommitted.amount : 0n;
  const breaches = economicsIssues(round, term, book);
  if (breaches.length > 0) throw new ValidationError(breaches);

  const facts = { ...stamp(round.roundId, decision), termId, ...term, proposedBy, supersedes };
  return [{ type: 'TermProposed', data: facts }];
}
