import { given } from '../../../../../test/support/rounds/given-when-then';
import { RoundEvent } from '../domain';
import { admin, as, asDealLead, investorUser, otherDealLead, stampOf, teamMate } from '../../../../../test/support/rounds/round.fixtures';
import { withdraw, asLead, asAlpha, companyOffer, alphaAsk } from '../../../../../test/support/rounds/negotiation.fixtures';

describe('WithdrawTerm', () => {
  it('lets the proposing side withdraw', () => {
    given(companyOffer)
      .when(withdraw('t1'), as(teamMate))
      .then([{ type: 'TermWithdrawn', data: { ...stampOf(teamMate), termId: 't1' } }]);
    given(companyOffer).when(withdraw('t1'), as(otherDealLead)).thenThrows('ROUND_NOT_FOUND');
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
