// ProposeTerm: its command and its slice of decide, pure like the rest of the round domain.
import { sameSide } from '../../kernel';
import { Party } from '../../kernel';
import { Command, Decision, DomainError, Issues, OpenedRound, PER_INVESTOR_TERM_KEYS, ROUND_WIDE_TERM_KEYS, Term, TermProposed, ValidationError, actingParty, economicsIssues, findTerm, isCounterparty, leadInvestor, mayKnowBookTotals, onOpenRound, readId, readTerm, requireInvestor, requirePending, stamp } from '../domain';
export type ProposeTerm = Command<
  'ProposeTerm',
  {
    readonly termId: string;
    readonly key: string;
    readonly value: unknown;
    /** The pending proposal for the same key that this one counters or revises. */
    readonly supersedes?: string | null;
    /**
     * Whose term it is: absent for a round-wide term; an investor's id for its own term (a board seat,
     * pro-rata rights, a custom side-letter clause). An investor's proposals of such terms are its own.
     */
    readonly investorId?: string | null;
  }
>;

/** ProposeTerm as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideProposeTerm = onOpenRound(proposeTerm);

export function proposeTerm({ data }: ProposeTerm, round: OpenedRound, decision: Decision): TermProposed[] {
  const proposedBy = actingParty(decision.actor, round);
  const issues = new Issues();
  const { termId, term, supersedes, named } = issues.complete({
    termId: readId(issues, 'termId', data.termId),
    term: readTerm(issues, data.key, data.value, round.currency),
    supersedes: data.supersedes == null ? null : readId(issues, 'supersedes', data.supersedes),
    named: data.investorId == null ? null : readId(issues, 'investorId', data.investorId),
  });
  const replaced = supersedes === null ? null : findTerm(round, supersedes, decision.actor);
  const investorId = scopeOf(term, named, proposedBy, round, replaced?.investorId);

  if (round.terms.some((t) => t.termId === termId)) {
    throw new DomainError('TERM_ALREADY_EXISTS', `Term ${termId} already exists`);
  }
  if (proposedBy.side === 'company' && investorId === null && !leadInvestor(round)) {
    throw new DomainError(
      'NO_LEAD_INVESTOR',
      'Admit a lead investor before proposing terms: nobody could answer them',
    );
  }
  // One pending proposal per key and per investor: Tencent's seat and JD's seat are two negotiations.
  const pending = round.terms.find((t) => t.key === term.key && t.investorId === investorId && t.status === 'pending');
  if (supersedes === null) {
    if (pending) {
      const whose = investorId === null ? term.key : `${term.key} of ${investorId}`;
      throw new DomainError('TERM_PENDING', `Term ${pending.termId} for ${whose} is pending: name it in "supersedes" to counter it`);
    }
  } else {
    if (!replaced) throw new Error('unreachable: supersedes without the term it names');
    if (replaced.key !== term.key) {
      const message = `term ${supersedes} is about ${replaced.key}, not ${term.key}`;
      throw new ValidationError([{ field: 'supersedes', rule: 'same-key', message }]);
    }
    if (replaced.investorId !== investorId) {
      const message = `term ${supersedes} is ${replaced.investorId === null ? 'round-wide' : `${replaced.investorId}'s`}; name the same investor`;
      throw new ValidationError([{ field: 'investorId', rule: 'same-investor', message }]);
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

  const facts = { ...stamp(round.roundId, decision), termId, ...term, investorId, proposedBy, supersedes };
  return [{ type: 'TermProposed', data: facts }];
}

/**
 * Whose term this is. Round-wide economics bind every investor, so only the company and the lead
 * investor propose them; any other investor negotiates terms of its own. The company names the investor
 * a per-investor term is for.
 */
function scopeOf(term: Term, named: string | null, proposedBy: Party, round: OpenedRound, countered: string | null | undefined): string | null {
  const roundWide = ROUND_WIDE_TERM_KEYS.includes(term.key);
  if (proposedBy.side === 'investor') {
    if (named !== null && named !== proposedBy.investorId) {
      throw new DomainError('FORBIDDEN', 'An investor proposes terms for itself only');
    }
    // A custom term is the investor's own, unless it counters a round-wide one (which only the lead may).
    if (!roundWide && !(countered === null && !PER_INVESTOR_TERM_KEYS.includes(term.key))) return proposedBy.investorId;
    if (!roundWide) return null;
    if (proposedBy.investorId !== leadInvestor(round)?.investorId) {
      throw new DomainError(
        'ROUND_TERMS_RESERVED',
        `${term.key} binds the whole round: it is proposed by the company or the lead investor; propose terms of your own instead`,
      );
    }
    return null;
  }
  if (roundWide && named !== null) {
    throw new ValidationError([{ field: 'investorId', rule: 'round-wide', message: `${term.key} is round-wide: name no investor` }]);
  }
  if (PER_INVESTOR_TERM_KEYS.includes(term.key) && named === null) {
    throw new ValidationError([{ field: 'investorId', rule: 'required', message: `${term.key} is one investor's term: name it` }]);
  }
  if (named !== null) requireInvestor(round, named);
  return named;
}
