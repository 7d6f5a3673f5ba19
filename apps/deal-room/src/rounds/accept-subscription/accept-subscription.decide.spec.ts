import { RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import { as, asDealLead, commitmentMade, investorUser, openRoundWithInvestors, stampOf } from '../../../../../test/support/rounds/round.fixtures';
import { subscriptionAccepted, subscriptionSigned } from '../../../../../test/support/rounds/subscription.fixtures';
import { RoundEvent, foldRound, toView } from '../domain';

const accept = (investorId: string): RoundCommand => ({ type: 'AcceptSubscription', data: { investorId } });
const committed = [...openRoundWithInvestors(), commitmentMade('alpha', '400000')];
const signed = [...committed, subscriptionSigned('alpha', '400000')];

describe('AcceptSubscription', () => {
  it('countersigns a signed subscription for the company', () => {
    const events = given(signed).when(accept('alpha'), asDealLead).then([subscriptionAccepted('alpha', '400000')]);
    expect(toView(foldRound([...signed, ...events]))!.commitments[0]).toMatchObject({ subscription: 'accepted', acceptedAt: stampOf().at });
  });

  it('is for the deal team', () => {
    given(signed).when(accept('alpha'), as(investorUser('alpha'))).thenThrows('FORBIDDEN');
  });

  it('needs a signed subscription, accepted once, on the terms as they are', () => {
    given(committed).when(accept('alpha'), asDealLead).thenThrows('SUBSCRIPTION_NOT_SIGNED');
    given(openRoundWithInvestors()).when(accept('alpha'), asDealLead).thenThrows('SUBSCRIPTION_NOT_SIGNED');
    given([...signed, subscriptionAccepted('alpha', '400000')]).when(accept('alpha'), asDealLead).thenThrows('SUBSCRIPTION_ALREADY_ACCEPTED');
    const changed: RoundEvent = { type: 'ReconfirmationRequested', data: { ...stampOf(), termId: 't1', investorIds: ['alpha'] } };
    given([...signed, changed]).when(accept('alpha'), asDealLead).thenThrows('RECONFIRMATION_PENDING');
  });
});
