import { actingParty, isCounterparty, leadInvestor } from './access';
import { AcceptTerm, ProposeTerm, RejectTerm, WithdrawTerm } from './commands';
import { Decision, stamp } from './decision';
import { DomainError, ValidationError } from './errors';
import { FieldIssue, Party, sameSide } from '../../kernel';
import {
  OpenedRound,
  TermAccepted,
  TermProposed,
  TermRecord,
  TermRejected,
  TermWithdrawn,
  agreedEconomics,
} from './round';
import { EconomicsInvariant, economicsBreaches } from './round-economics';
import { Term, readTerm } from './terms';
import { Issues, readId, readText } from './validation';
import { mayKnowBookTotals } from './visibility';

const MAX_REASON_LENGTH = 2000;

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

export function rejectTerm({ data }: RejectTerm, round: OpenedRound, decision: Decision): TermRejected[] {
  const rejectedBy = actingParty(decision.actor, round);
  const term = requirePending(findTerm(round, data.termId));
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

export function withdrawTerm(
  { data }: WithdrawTerm,
  round: OpenedRound,
  decision: Decision,
): TermWithdrawn[] {
  const party = actingParty(decision.actor, round);
  const term = requirePending(findTerm(round, data.termId));
  if (!sameSide(party, term.proposedBy)) {
    throw new DomainError('NOT_PROPOSER', `Only the side that proposed term ${term.termId} may withdraw it`);
  }
  return [{ type: 'TermWithdrawn', data: { ...stamp(round.roundId, decision), termId: term.termId } }];
}

function findTerm(round: OpenedRound, termId: unknown): TermRecord {
  const term = round.terms.find((t) => t.termId === termId);
  if (!term) throw new DomainError('TERM_NOT_FOUND', `Term ${String(termId)} does not exist in this round`);
  return term;
}

function requirePending(term: TermRecord): TermRecord {
  if (term.status !== 'pending') {
    throw new DomainError('TERM_NOT_PENDING', `Term ${term.termId} is ${term.status}`);
  }
  return term;
}

function requireCounterparty(party: Party, term: TermRecord, round: OpenedRound): void {
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

function economicsIssues(round: OpenedRound, term: Term, totalCommitted: bigint): FieldIssue[] {
  if (term.key !== 'valuation' && term.key !== 'round-size') return [];
  return economicsBreaches({ ...round, ...agreedEconomics(term) }, totalCommitted).map((b) => ({
    field: term.key === 'valuation' ? 'value.amount' : TERM_FIELD[b.invariant],
    rule: b.invariant,
    message: b.message,
  }));
}
