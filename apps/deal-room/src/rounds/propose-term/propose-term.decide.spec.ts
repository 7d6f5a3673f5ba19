import { given } from '../../../../../test/support/rounds/given-when-then';
import { foldRound, toView } from '../domain';
import {
  admin,
  as,
  asDealLead,
  auditor,
  dealLead,
  investorAdmitted,
  investorUser,
  otherDealLead,
  roundOpened,
  teamMate,
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
      .then([termProposed('t2', boardSeats(1), investorUser('alpha'), null, 'alpha')]);
  });

  it('needs a lead investor to answer round-wide company proposals, not an investor its own', () => {
    given([roundOpened(), investorAdmitted('alpha')])
      .when(propose('t1', 'liquidation-preference', { multiple: '1', participating: false }), asDealLead)
      .thenThrows('NO_LEAD_INVESTOR');
    given([roundOpened(), investorAdmitted('alpha')])
      .when(propose('t1', 'board-seats', 1, undefined, 'alpha'), asDealLead)
      .then([termProposed('t1', boardSeats(1), dealLead, null, 'alpha')]);
    given([roundOpened(), investorAdmitted('alpha')])
      .when(propose('t2', 'board-seats', 1), asAlpha)
      .then([termProposed('t2', boardSeats(1), investorUser('alpha'), null, 'alpha')]);
  });

  describe('round-wide economics and per-investor terms', () => {
    it('lets only the company or the lead propose the valuation, the size or the preference', () => {
      for (const [key, value] of [
        ['valuation', { amount: '200000000', basis: 'post-money' }],
        ['round-size', { targetAmount: '1000000', hardCap: '1500000' }],
        ['liquidation-preference', { multiple: '2', participating: true }],
      ] as const) {
        given(round).when(propose('t9', key, value), asAlpha).thenThrows('ROUND_TERMS_RESERVED');
        given(companyOffer).when(propose('t9', key, value, 't1'), asAlpha).thenThrows('ROUND_TERMS_RESERVED');
      }
      given(round)
        .when(propose('t9', 'valuation', { amount: '12000000', basis: 'post-money' }), asLead)
        .then([termProposed('t9', valuation('12000000'), investorUser('lead'))]);
    });

    it('keeps each investor its own board seat negotiation, pending side by side', () => {
      const tencentAsks = [...round, termProposed('t2', boardSeats(1), investorUser('lead'), null, 'lead')];
      given(tencentAsks)
        .when(propose('t3', 'board-seats', 1), asAlpha)
        .then([termProposed('t3', boardSeats(1), investorUser('alpha'), null, 'alpha')]);
      given(tencentAsks).when(propose('t3', 'board-seats', 2), asLead).thenThrows('TERM_PENDING');
      // The company counters each one on its own.
      given(tencentAsks)
        .when(propose('t3', 'board-seats', 0, 't2', 'lead'), asDealLead)
        .then([termProposed('t3', boardSeats(0), dealLead, 't2', 'lead')]);
      given(tencentAsks)
        .when(propose('t3', 'board-seats', 0, 't2', 'alpha'), asDealLead)
        .thenThrows('VALIDATION_FAILED', { field: 'investorId', rule: 'same-investor' });
    });

    it("hides another investor's own term from an investor, as if it did not exist", () => {
      const tencentAsks = [...round, termProposed('t2', boardSeats(1), investorUser('lead'), null, 'lead')];
      given(tencentAsks).when(propose('t3', 'board-seats', 1, 't2'), asAlpha).thenThrows('TERM_NOT_FOUND');
    });

    it('names the investor of a per-investor term, and none of a round-wide one', () => {
      given(round)
        .when(propose('t3', 'board-seats', 1), asDealLead)
        .thenThrows('VALIDATION_FAILED', { field: 'investorId', rule: 'required' });
      given(round)
        .when(propose('t3', 'valuation', { amount: '12000000', basis: 'post-money' }, undefined, 'alpha'), asDealLead)
        .thenThrows('VALIDATION_FAILED', { field: 'investorId', rule: 'round-wide' });
      given(round).when(propose('t3', 'board-seats', 1, undefined, 'lead'), asAlpha).thenThrows('FORBIDDEN');
      given(round).when(propose('t3', 'board-seats', 1, undefined, 'gamma'), asDealLead).thenThrows('INVESTOR_NOT_ADMITTED');
    });
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
    given(companyOffer).when(propose('t1', 'board-seats', 1, undefined, 'alpha'), asDealLead).thenThrows('TERM_ALREADY_EXISTS');
  });

  it('refuses a second pending proposal for the same key unless it counters the first', () => {
    given(companyOffer)
      .when(propose('t3', 'valuation', { amount: '11000000', basis: 'post-money' }), asLead)
      .thenThrows('TERM_PENDING');
    given(companyOffer)
      .when(propose('t3', 'board-seats', 1), asLead)
      .then([termProposed('t3', boardSeats(1), investorUser('lead'), null, 'lead')]);
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
      .when(propose('t3', 'valuation', { amount: '13000000', basis: 'post-money' }, 't1'), as(teamMate))
      .then([termProposed('t3', valuation('13000000'), teamMate, 't1')]);
    // A deal-lead of another company is told there is no such round.
    given(companyOffer)
      .when(propose('t3', 'valuation', { amount: '13000000', basis: 'post-money' }, 't1'), as(otherDealLead))
      .thenThrows('ROUND_NOT_FOUND');
  });

  it('refuses a counter from a third party', () => {
    const memo = [...round, termProposed('t4', { key: 'x-memo', value: 'no-shop 60 days' })];
    given(memo).when(propose('t5', 'x-memo', 'no-shop 30 days', 't4'), asAlpha).thenThrows('NOT_COUNTERPARTY');
    given(memo)
      .when(propose('t5', 'x-memo', 'no-shop 30 days', 't4'), asLead)
      .then([termProposed('t5', { key: 'x-memo', value: 'no-shop 30 days' }, investorUser('lead'), 't4')]);
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
        { field: 'value.hardCap', rule: 'post-money-not-above-hard-cap' },
      );
    given(round)
      .when(propose('t1', 'valuation', { amount: '1000000', basis: 'post-money' }), asDealLead)
      .thenThrows('VALIDATION_FAILED', { field: 'value.amount', rule: 'post-money-not-above-hard-cap' });
  });
});

describe('side-letter terms', () => {
  it("are one investor's own: an observer seat, information rights, MFN", () => {
    given(round).when(propose('t5', 'board-observer', true), asAlpha).then([termProposed('t5', { key: 'board-observer', value: true }, investorUser('alpha'), null, 'alpha')]);
    given(round).when(propose('t5', 'information-rights', 'monthly'), asAlpha).then([termProposed('t5', { key: 'information-rights', value: 'monthly' }, investorUser('alpha'), null, 'alpha')]);
    given(round).when(propose('t5', 'mfn', true, undefined, 'alpha'), asDealLead).then([termProposed('t5', { key: 'mfn', value: true }, dealLead, null, 'alpha')]);
    given(round).when(propose('t5', 'mfn', true), asDealLead).thenThrows('VALIDATION_FAILED', { field: 'investorId', rule: 'required' });
    given(round).when(propose('t5', 'information-rights', 'daily'), asAlpha).thenThrows('VALIDATION_FAILED', { field: 'value', rule: 'one-of' });
    given(round).when(propose('t5', 'board-observer', 'yes'), asAlpha).thenThrows('VALIDATION_FAILED', { field: 'value', rule: 'type' });
  });
});
