import { decide } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import { foldRound, RoundEvent, toView } from '../domain';
import {
  as,
  asDealLead,
  auditor,
  commitmentMade,
  dealLead,
  investorUser,
  otherDealLead,
  stampOf,
  teamMate,
  termProposed,
  openRoundWithInvestors,
  rejecting,
} from '../../../../../test/support/rounds/round.fixtures';
import { accept, asLead, asAlpha, round, valuation, boardSeats, roundSize, companyOffer, alphaAsk, accepted } from '../../../../../test/support/rounds/negotiation.fixtures';

describe('AcceptTerm', () => {
  it("lets the lead investor accept the company's proposal, which becomes the round's valuation", () => {
    const events = given(companyOffer).when(accept('t1'), asLead).then([accepted('t1', valuation('12000000'))]);
    const view = toView(foldRound([...companyOffer, ...events]))!;
    expect(view.valuation).toEqual({ amount: '12000000.00', basis: 'post-money' });
    expect(view.terms[0].status).toBe('accepted');
  });

  it("lets a deal-lead accept an investor's proposal", () => {
    given(alphaAsk).when(accept('t2'), asDealLead).then([accepted('t2', boardSeats(1), dealLead, 'alpha')]);
  });

  it("lets only the investor a company's per-investor proposal is for accept it", () => {
    const offer = [...round, termProposed('t5', boardSeats(1), dealLead, null, 'alpha')];
    given(offer).when(accept('t5'), asAlpha).then([accepted('t5', boardSeats(1), investorUser('alpha'), 'alpha')]);
    // To the lead, alpha's own terms do not exist.
    given(offer).when(accept('t5'), asLead).thenThrows('TERM_NOT_FOUND');
  });

  describe('a change of the economics after commitments are in', () => {
    const booked = [...companyOffer, commitmentMade('lead', '600000'), commitmentMade('alpha', '400000')];

    it('puts every commitment made on the old terms into re-confirmation', () => {
      const events = given(booked)
        .when(accept('t1'), asLead)
        .then([
          accepted('t1', valuation('12000000')),
          { type: 'ReconfirmationRequested', data: { ...stampOf(investorUser('lead')), termId: 't1', investorIds: ['lead', 'alpha'] } },
        ]);
      const view = toView(foldRound([...booked, ...events]))!;
      expect(view.commitments.map((c) => c.status)).toEqual(['to-be-reconfirmed', 'to-be-reconfirmed']);
    });

    it('asks nothing for a term that is not economic, or before anyone committed', () => {
      const seat = [...booked, termProposed('t6', boardSeats(1), dealLead, null, 'alpha')];
      given(seat).when(accept('t6'), asAlpha).then([accepted('t6', boardSeats(1), investorUser('alpha'), 'alpha')]);
      given(companyOffer).when(accept('t1'), asLead).then([accepted('t1', valuation('12000000'))]);
    });
  });

  it('refuses the side that proposed', () => {
    given(companyOffer).when(accept('t1'), asDealLead).thenThrows('CANNOT_ACCEPT_OWN_PROPOSAL');
    given(companyOffer).when(accept('t1'), as(teamMate)).thenThrows('CANNOT_ACCEPT_OWN_PROPOSAL');
    given(companyOffer).when(accept('t1'), as(otherDealLead)).thenThrows('ROUND_NOT_FOUND');
    given(alphaAsk).when(accept('t2'), asAlpha).thenThrows('CANNOT_ACCEPT_OWN_PROPOSAL');
  });

  it('refuses anyone but the counterparty', () => {
    given(companyOffer).when(accept('t1'), asAlpha).thenThrows('NOT_COUNTERPARTY');
    given(alphaAsk).when(accept('t2'), asLead).thenThrows('TERM_NOT_FOUND');
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
      .thenThrows('TERM_CONFLICTS_WITH_ROUND', { field: 'value.hardCap', rule: 'post-money-not-above-hard-cap' });
    expect(error.message).toContain('s');

    // Under `reject` a cap may not drop below the book that grew meanwhile.
    const shrink: RoundEvent[] = [
      ...openRoundWithInvestors(rejecting),
      termProposed('s', roundSize('1000000', '1000000')),
      commitmentMade('alpha', '1200000'),
    ];
    given(shrink)
      .when(accept('s'), asLead)
      .thenThrows('TERM_CONFLICTS_WITH_ROUND', { rule: 'hard-cap-below-total-committed' });
  });
});
