import { RoundCommand } from './commands';
import { decide } from './decide';
import { given } from './given-when-then';
import { Actor } from '../../kernel';
import { RoundEvent, TermAccepted, TermRejected, foldRound } from './round';
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
} from './round.fixtures';
import { toView } from './round.view';
import { Term } from './terms';

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

describe('ProposeTerm', () => {
  it('records a company proposal, with amounts in minor units', () => {
    given(round)
      .when(propose('t1', 'valuation', { amount: '12000000', basis: 'post-money' }), asDealLead)
      .then([termProposed('t1', valuation('12000000.00'))]);
  });

  it("records an investor's proposal as its own", () => {
    given(round)
      .when(propose('t2', 'board-seats', 1), asAlpha)
      .then([termProposed('t2', boardSeats(1), investorUser('alpha'))]);
  });

  it('needs a lead investor to answer company proposals', () => {
    given([roundOpened(), investorAdmitted('alpha')])
      .when(propose('t1', 'board-seats', 1), asDealLead)
      .thenThrows('NO_LEAD_INVESTOR');
    given([roundOpened(), investorAdmitted('alpha')])
      .when(propose('t2', 'board-seats', 1), asAlpha)
      .then([termProposed('t2', boardSeats(1), investorUser('alpha'))]);
  });

  it('is for the two sides only', () => {
    given(round).when(propose('t1', 'board-seats', 1), as(auditor)).thenThrows('FORBIDDEN');
    given(round).when(propose('t1', 'board-seats', 1), as(admin)).thenThrows('FORBIDDEN');
    // An investor the round did not admit (or a firmless one) is told the round does not exist.
    given(round).when(propose('t1', 'board-seats', 1), as({ sub: 'u', role: 'investor' })).thenThrows('ROUND_NOT_FOUND');
    given(round).when(propose('t1', 'board-seats', 1), as(investorUser('gamma'))).thenThrows('ROUND_NOT_FOUND');
  });

  it('validates the key, the value and the ids', () => {
    given(round)
      .when(propose('t1', 'price-per-share', '12.00'), asDealLead)
      .thenThrows('VALIDATION_FAILED', { field: 'key', rule: 'known-term' });
    given(round)
      .when(propose('t1', 'board-seats', 21), asDealLead)
      .thenThrows('VALIDATION_FAILED', { field: 'value', rule: 'integer-range' });
    given(round).when(propose('t 1', 'x-memo', 'hi', 'also bad'), asDealLead).thenThrows(
      'VALIDATION_FAILED',
      { field: 'termId', rule: 'id' },
      { field: 'supersedes', rule: 'id' },
    );
  });

  it('refuses a term id that is taken', () => {
    given(companyOffer).when(propose('t1', 'board-seats', 1), asDealLead).thenThrows('TERM_ALREADY_EXISTS');
  });

  it('refuses a second pending proposal for the same key unless it counters the first', () => {
    given(companyOffer)
      .when(propose('t3', 'valuation', { amount: '11000000', basis: 'post-money' }), asLead)
      .thenThrows('TERM_PENDING');
    given(companyOffer)
      .when(propose('t3', 'board-seats', 1), asLead)
      .then([termProposed('t3', boardSeats(1), investorUser('lead'))]);
  });

  it('lets the counterparty counter, which supersedes the old proposal', () => {
    const counter = given(companyOffer)
      .when(propose('t3', 'valuation', { amount: '11000000', basis: 'post-money' }, 't1'), asLead)
      .then([termProposed('t3', valuation('11000000'), investorUser('lead'), 't1')]);
    const terms = toView(foldRound([...companyOffer, ...counter]))!.terms;
    expect(terms.map((t) => [t.termId, t.status, t.supersedes, t.supersededBy])).toEqual([
      ['t1', 'superseded', null, 't3'],
      ['t3', 'pending', 't1', null],
    ]);
  });

  it('lets the proposing side revise its own proposal', () => {
    given(companyOffer)
      .when(propose('t3', 'valuation', { amount: '13000000', basis: 'post-money' }, 't1'), as(otherDealLead))
      .then([termProposed('t3', valuation('13000000'), otherDealLead, 't1')]);
  });

  it('refuses a counter from a third party', () => {
    given(companyOffer)
      .when(propose('t3', 'valuation', { amount: '1', basis: 'pre-money' }, 't1'), asAlpha)
      .thenThrows('NOT_COUNTERPARTY');
  });

  it('refuses to supersede an unknown, settled or other-key term', () => {
    given(companyOffer)
      .when(propose('t3', 'valuation', { amount: '1', basis: 'pre-money' }, 't9'), asLead)
      .thenThrows('TERM_NOT_FOUND');
    given(companyOffer)
      .when(propose('t3', 'board-seats', 2, 't1'), asLead)
      .thenThrows('VALIDATION_FAILED', { field: 'supersedes', rule: 'same-key' });
    const settled = [...companyOffer, accepted('t1', valuation('12000000'), asLead.actor)];
    given(settled)
      .when(propose('t3', 'valuation', { amount: '1', basis: 'pre-money' }, 't1'), asLead)
      .thenThrows('TERM_NOT_PENDING');
  });

  it('refuses economics that would break the round invariants', () => {
    given(round)
      .when(propose('t1', 'round-size', { targetAmount: '2000000', hardCap: '1000000' }), asDealLead)
      .thenThrows('VALIDATION_FAILED', { field: 'value.targetAmount', rule: 'target-above-hard-cap' });
    given(round)
      .when(propose('t1', 'round-size', { targetAmount: '400000', hardCap: '20000000' }), asDealLead)
      .thenThrows(
        'VALIDATION_FAILED',
        { field: 'value.targetAmount', rule: 'minimum-amount-above-target' },
        { field: 'value.hardCap', rule: 'post-money-below-hard-cap' },
      );
    given(round)
      .when(propose('t1', 'valuation', { amount: '1000000', basis: 'post-money' }), asDealLead)
      .thenThrows('VALIDATION_FAILED', { field: 'value.amount', rule: 'post-money-below-hard-cap' });
  });
});

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

describe('RejectTerm', () => {
  it('lets the counterparty reject, with an optional reason', () => {
    given(companyOffer)
      .when(reject('t1', 'Too rich'), asLead)
      .then([rejected('t1', investorUser('lead'), 'Too rich')]);
    given(alphaAsk).when(reject('t2'), asDealLead).then([rejected('t2', dealLead)]);
  });

  it('refuses the proposer, a third party and a bad reason', () => {
    given(companyOffer).when(reject('t1'), asDealLead).thenThrows('NOT_COUNTERPARTY');
    given(companyOffer).when(reject('t1'), asAlpha).thenThrows('NOT_COUNTERPARTY');
    given(companyOffer)
      .when(reject('t1', 'x'.repeat(2001)), asLead)
      .thenThrows('VALIDATION_FAILED', { field: 'reason', rule: 'max-length' });
  });

  it('needs a pending term', () => {
    given([...companyOffer, rejected('t1', investorUser('lead'))])
      .when(reject('t1'), asLead)
      .thenThrows('TERM_NOT_PENDING');
    given(round).when(reject('t1'), asLead).thenThrows('TERM_NOT_FOUND');
  });
});

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
