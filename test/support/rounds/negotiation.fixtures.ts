// What the specs of the four term commands share: their commands, the terms they trade and the events
// an answer records, on the small round of round.fixtures.
import { Actor } from '../../../apps/deal-room/src/kernel';
import { TermAccepted, TermRejected, Term } from '../../../apps/deal-room/src/rounds/domain';
import { RoundCommand } from './round-decider';
import { amount, as, company, investorParty, investorUser, openRoundWithInvestors, stampOf, termProposed } from './round.fixtures';

export const propose = (termId: string, key: string, value: unknown, supersedes?: string, investorId?: string): RoundCommand => ({
  type: 'ProposeTerm',
  data: { termId, key, value, ...(supersedes ? { supersedes } : {}), ...(investorId ? { investorId } : {}) },
});
export const accept = (termId: string): RoundCommand => ({ type: 'AcceptTerm', data: { termId } });
export const reject = (termId: string, reason?: unknown): RoundCommand =>
  ({ type: 'RejectTerm', data: { termId, reason } }) as RoundCommand;
export const withdraw = (termId: string): RoundCommand => ({ type: 'WithdrawTerm', data: { termId } });

export const asLead = as(investorUser('lead'));
export const asAlpha = as(investorUser('alpha'));
export const round = openRoundWithInvestors();
export const valuation = (decimal: string, basis: 'pre-money' | 'post-money' = 'post-money') =>
  ({ key: 'valuation', value: { amount: amount(decimal), basis } }) as const;
export const boardSeats = (seats: number) => ({ key: 'board-seats', value: seats }) as const;
export const roundSize = (targetAmount: string, hardCap: string): Term => ({
  key: 'round-size',
  value: { targetAmount: amount(targetAmount), hardCap: amount(hardCap) },
});
export const rejected = (termId: string, actor: Actor, reason: string | null = null): TermRejected => ({
  type: 'TermRejected',
  data: { ...stampOf(actor), termId, rejectedBy: partyOf(actor), reason },
});
export const partyOf = (actor: Actor) => (actor.role === 'deal-lead' ? company(actor) : investorParty(actor.investorId!));
export const companyOffer = [...round, termProposed('t1', valuation('12000000'))];
export const alphaAsk = [...round, termProposed('t2', boardSeats(1), investorUser('alpha'), null, 'alpha')];

export function accepted(termId: string, term: Term, actor: Actor = investorUser('lead'), investorId: string | null = null): TermAccepted {
  return { type: 'TermAccepted', data: { ...stampOf(actor), termId, ...term, investorId, acceptedBy: partyOf(actor) } };
}

