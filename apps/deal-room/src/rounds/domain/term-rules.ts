// What every answer to a proposal checks: that the term exists, is still pending, and who may answer it.
import { FieldIssue, Party } from '../../kernel';
import { isCounterparty } from './access';
import { DomainError } from './errors';
import { OpenedRound, TermRecord, agreedEconomics } from './round';
import { EconomicsInvariant, economicsBreaches } from './round-economics';
import { Term } from './terms';

export function findTerm(round: OpenedRound, termId: unknown): TermRecord {
  const term = round.terms.find((t) => t.termId === termId);
  if (!term) throw new DomainError('TERM_NOT_FOUND', `Term ${String(termId)} does not exist in this round`);
  return term;
}

export function requirePending(term: TermRecord): TermRecord {
  if (term.status !== 'pending') {
    throw new DomainError('TERM_NOT_PENDING', `Term ${term.termId} is ${term.status}`);
  }
  return term;
}

export function requireCounterparty(party: Party, term: TermRecord, round: OpenedRound): void {
  if (!isCounterparty(party, term, round)) {
    const answerer = term.proposedBy.side === 'company' ? 'the lead investor' : 'a deal-lead';
    throw new DomainError('NOT_COUNTERPARTY', `Term ${term.termId} is answered by ${answerer}`);
  }
}

// Which proposed field is to blame when a changed economics breaks an invariant.
const TERM_FIELD: Record<EconomicsInvariant, string> = {
  'minimum-amount-above-target': 'value.targetAmount',
  'target-above-hard-cap': 'value.targetAmount',
  'minimum-ticket-above-hard-cap': 'value.hardCap',
  'post-money-below-hard-cap': 'value.hardCap',
  'hard-cap-below-total-committed': 'value.hardCap',
};

export function economicsIssues(round: OpenedRound, term: Term, totalCommitted: bigint): FieldIssue[] {
  if (term.key !== 'valuation' && term.key !== 'round-size') return [];
  return economicsBreaches({ ...round, ...agreedEconomics(term) }, totalCommitted).map((b) => ({
    field: term.key === 'valuation' ? 'value.amount' : TERM_FIELD[b.invariant],
    rule: b.invariant,
    message: b.message,
  }));
}
