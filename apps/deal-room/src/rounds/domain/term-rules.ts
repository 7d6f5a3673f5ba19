// What every answer to a proposal checks: that the term exists, is still pending, and who may answer it.
import { Actor, FieldIssue, Party } from '../../kernel';
import { isCounterparty } from './access';
import { DomainError } from './errors';
import { OpenedRound, TermRecord, agreedEconomics } from './round';
import { EconomicsInvariant, economicsBreaches } from './round-economics';
import { Term } from './terms';

/** Round-wide terms: the economics every investor buys on, proposed by the company or the lead only. */
export const ROUND_WIDE_TERM_KEYS: readonly string[] = ['valuation', 'round-size', 'liquidation-preference'];
/** Terms that are always one investor's own (its side letter). Custom `x-` terms may be either. */
export const PER_INVESTOR_TERM_KEYS: readonly string[] = ['board-seats', 'pro-rata-rights', 'board-observer', 'information-rights', 'mfn'];

/** The economic terms: a change of one after commitments are in needs each investor's re-confirmation. */
export const isEconomicTerm = (term: Pick<TermRecord, 'key' | 'investorId'>): boolean =>
  term.investorId === null && ROUND_WIDE_TERM_KEYS.includes(term.key);

/**
 * The term as `actor` may know it: to an investor, another investor's own terms do not exist, so it gets
 * the same answer as for a term id never used.
 */
export function findTerm(round: OpenedRound, termId: unknown, actor?: Actor): TermRecord {
  const term = round.terms.find((t) => t.termId === termId);
  const hidden = term && actor?.role === 'investor' && term.investorId !== null && term.investorId !== actor.investorId;
  if (!term || hidden) throw new DomainError('TERM_NOT_FOUND', `Term ${String(termId)} does not exist in this round`);
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
    const answerer =
      term.proposedBy.side === 'investor' ? 'the deal team' : term.investorId === null ? 'the lead investor' : `investor ${term.investorId}`;
    throw new DomainError('NOT_COUNTERPARTY', `Term ${term.termId} is answered by ${answerer}`);
  }
}

// Which proposed field is to blame when a changed economics breaks an invariant.
const TERM_FIELD: Record<EconomicsInvariant, string> = {
  'minimum-amount-above-target': 'value.targetAmount',
  'target-above-hard-cap': 'value.targetAmount',
  'minimum-ticket-above-hard-cap': 'value.hardCap',
  'post-money-not-above-hard-cap': 'value.hardCap',
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
