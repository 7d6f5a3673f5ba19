import { given } from '../../../../../test/support/rounds/given-when-then';
import { foldRound, toView } from '../domain';
import {
  admin,
  amount,
  as,
  asDealLead,
  auditor,
  company,
  investorAdmitted,
  investorUser,
  otherDealLead,
  roundOpened,
  termProposed,
} from '../../../../../test/support/rounds/round.fixtures';
import { propose, asLead, asAlpha, round, valuation, boardSeats, companyOffer, accepted } from '../../../../../test/support/rounds/negotiation.fixtures';

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
