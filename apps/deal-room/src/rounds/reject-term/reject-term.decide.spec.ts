import { given } from '../../../../../test/support/rounds/given-when-then';
import { asDealLead, dealLead, investorUser } from '../../../../../test/support/rounds/round.fixtures';
import { reject, asLead, asAlpha, round, rejected, companyOffer, alphaAsk } from '../../../../../test/support/rounds/negotiation.fixtures';

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
