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

describe('AcceptTerm', () => {
  it("lets the lead investor accept the company's proposal, which becomes the round's valuation", () => {
    const events = given(companyOffer).when(accept('t1'), asLead).then([accepted('t1', valuation('12000000'))]);
    const view = toView(foldRound([...companyOffer, ...events]))!;
    expect(view.valuation).toEqual({ amount: '12000000.00', basis: 'post-money' });
    expect(view.terms[0].status).toBe('accepted');
  });

  it("lets a deal-lead accept an investor's proposal", () => {
    given(alphaAsk).when(accept('t2'), asDealLead).then([accepted('t2', boardSeats(1), dealLead)]);
  });

  it('refuses the side that proposed', () => {
    given(companyOffer).when(accept('t1'), asDealLead).thenThrows('CANNOT_ACCEPT_OWN_PROPOSAL');
    given(companyOffer).when(accept('t1'), as(otherDealLead)).thenThrows('CANNOT_ACCEPT_OWN_PROPOSAL');
    given(alphaAsk).when(accept('t2'), asAlpha).thenThrows('CANNOT_ACCEPT_OWN_PROPOSAL');
  });

  it('refuses anyone but the counterparty', () => {
    given(companyOffer).when(accept('t1'), asAlpha).thenThrows('NOT_COUNTERPARTY');
    given(alphaAsk).when(accept('t2'), asLead).thenThrows('NOT_COUNTERPARTY');
    given(companyOffer).when(accept('t1'), as(auditor)).thenThrows('FORBIDDEN');
  });

  it('needs a pending term', () => {
    given(companyOffer).when(accept('t9'), asLead).thenThrows('TERM_NOT_FOUND');
    given([...companyOffer, accepted('t1', valuation('12000000'))])
      .when(accept('t1'), asLead)
      .thenThrows('TERM_NOT_PENDING');
  });

  it('makes an accepted round size the round size', () => {
    const offer = [...round, termProposed('t4', roundSize('2000000', '3000000'))];
    const events = decide(accept('t4'), foldRound(offer), asLead);
    const view = toView(foldRound([...offer, ...events]))!;
    expect([view.targetAmount, view.hardCap]).toEqual(['2000000.00', '3000000.00']);
  });

  it('refuses a term that the round has since outgrown', () => {
    // Each was valid when proposed; together, a 3 m cap would exceed a 2 m post-money valuation.
    const both: RoundEvent[] = [
      ...round,
      termProposed('v', valuation('2000000'), investorUser('alpha')),
      termProposed('s', roundSize('1000000', '3000000')),
      accepted('v', valuation('2000000'), dealLead),
    ];
    const error = given(both)
      .when(accept('s'), asLead)
      .thenThrows('TERM_CONFLICTS_WITH_ROUND', { field: 'value.hardCap', rule: 'post-money-below-hard-cap' });
    expect(error.message).toContain('s');

    // Under `reject` a cap may not drop below the book that grew meanwhile.
    const shrink: RoundEvent[] = [
      ...round,
      termProposed('s', roundSize('1000000', '1000000')),
      commitmentMade('alpha', '1200000'),
    ];
    given(shrink)
      .when(accept('s'), asLead)
      .thenThrows('TERM_CONFLICTS_WITH_ROUND', { rule: 'hard-cap-below-total-committed' });
  });
});
