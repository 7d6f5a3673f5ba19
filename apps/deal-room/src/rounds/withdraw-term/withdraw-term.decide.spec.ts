import { RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { decide } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import { Actor } from '../../kernel';
import { RoundEvent, TermAccepted, TermRejected, foldRound } from '../domain';
import {
  admin,
  amount,
  as,
  asDealLead,
  auditor,
  commitmentMade,
  company,
  dealLead,
  investorAdmitted,
  investorParty,
  investorUser,
  openRoundWithInvestors,
  otherDealLead,
  roundOpened,
  stampOf,
  termProposed,
} from '../../../../../test/support/rounds/round.fixtures';
import { toView } from '../domain';
import { Term } from '../domain';

const propose = (termId: string, key: string, value: unknown, supersedes?: string): RoundCommand => ({
  type: 'ProposeTerm',
  data: { termId, key, value, ...(supersedes ? { supersedes } : {}) },
});
const accept = (termId: string): RoundCommand => ({ type: 'AcceptTerm', data: { termId } });
const reject = (termId: string, reason?: unknown): RoundCommand =>
  ({ type: 'RejectTerm', data: { termId, reason } }) as RoundCommand;
const withdraw = (termId: string): RoundCommand => ({ type: 'WithdrawTerm', data: { termId } });

const asLead = as(investorUser('lead'));
const asAlpha = as(investorUser('alpha'));
const round = openRoundWithInvestors();
const valuation = (decimal: string, basis: 'pre-money' | 'post-money' = 'post-money') =>
  ({ key: 'valuation', value: { amount: amount(decimal), basis } }) as const;
const boardSeats = (seats: number) => ({ key: 'board-seats', value: seats }) as const;
const roundSize = (targetAmount: string, hardCap: string): Term => ({
  key: 'round-size',
  value: { targetAmount: amount(targetAmount), hardCap: amount(hardCap) },
});
const rejected = (termId: string, actor: Actor, reason: string | null = null): TermRejected => ({
  type: 'TermRejected',
  data: { ...stampOf(actor), termId, rejectedBy: partyOf(actor), reason },
});
const partyOf = (actor: Actor) => (actor.role === 'deal-lead' ? company(actor) : investorParty(actor.investorId!));
const companyOffer = [...round, termProposed('t1', valuation('12000000'))];
const alphaAsk = [...round, termProposed('t2', boardSeats(1), investorUser('alpha'))];

function accepted(termId: string, term: Term, actor: Actor = investorUser('lead')): TermAccepted {
  return { type: 'TermAccepted', data: { ...stampOf(actor), termId, ...term, acceptedBy: partyOf(actor) } };
}

describe('WithdrawTerm', () => {
  it('lets the proposing side withdraw', () => {
    given(companyOffer)
      .when(withdraw('t1'), as(otherDealLead))
      .then([{ type: 'TermWithdrawn', data: { ...stampOf(otherDealLead), termId: 't1' } }]);
    given(alphaAsk)
      .when(withdraw('t2'), asAlpha)
      .then([{ type: 'TermWithdrawn', data: { ...stampOf(investorUser('alpha')), termId: 't2' } }]);
  });

  it('refuses anyone else', () => {
    given(companyOffer).when(withdraw('t1'), asLead).thenThrows('NOT_PROPOSER');
    given(alphaAsk).when(withdraw('t2'), asDealLead).thenThrows('NOT_PROPOSER');
    given(alphaAsk).when(withdraw('t2'), as(admin)).thenThrows('FORBIDDEN');
  });

  it('needs a pending term', () => {
    const withdrawn: RoundEvent = { type: 'TermWithdrawn', data: { ...stampOf(), termId: 't1' } };
    given([...companyOffer, withdrawn]).when(withdraw('t1'), asDealLead).thenThrows('TERM_NOT_PENDING');
  });
});
