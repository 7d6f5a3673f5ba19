import { RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import {
  as,
  asDealLead,
  commitmentMade,
  commitmentWithdrawn,
  indicationRecorded,
  investorUser,
  openRoundWithInvestors,
  stampOf,
} from '../../../../../test/support/rounds/round.fixtures';
import { subscriptionSigned } from '../../../../../test/support/rounds/subscription.fixtures';
import { RoundEvent, foldRound, toView } from '../domain';

const sign = (investorId: string, documentReference: unknown = 'SA-2025-017'): RoundCommand =>
  ({ type: 'SignSubscription', data: { investorId, documentReference } }) as RoundCommand;
const asAlpha = as(investorUser('alpha'));
const round = openRoundWithInvestors({ oversubscription: 'scale-back' });
const committed = [...round, commitmentMade('alpha', '400000')];

describe('SignSubscription', () => {
  it("records the investor's signature for its commitment as it stands", () => {
    const events = given(committed).when(sign('alpha'), asAlpha).then([subscriptionSigned('alpha', '400000', 'SA-2025-017')]);
    const [commitment] = toView(foldRound([...committed, ...events]))!.commitments;
    expect(commitment).toMatchObject({ subscription: 'signed', documentReference: 'SA-2025-017', signedAt: stampOf().at, paidIn: '0.00' });
  });

  it('is the investor’s own signature', () => {
    given(committed).when(sign('alpha'), asDealLead).thenThrows('FORBIDDEN');
    given(committed).when(sign('alpha'), as(investorUser('lead'))).thenThrows('FORBIDDEN');
  });

  it('needs a commitment the investor stands behind, on the terms as they are', () => {
    given(round).when(sign('alpha'), asAlpha).thenThrows('NO_COMMITMENT');
    given([...round, indicationRecorded('alpha', '400000')]).when(sign('alpha'), asAlpha).thenThrows('COMMITMENT_NOT_CONFIRMED');
    const changed: RoundEvent = { type: 'ReconfirmationRequested', data: { ...stampOf(), termId: 't1', investorIds: ['alpha'] } };
    given([...committed, changed]).when(sign('alpha'), asAlpha).thenThrows('RECONFIRMATION_PENDING');
    given([...committed, subscriptionSigned('alpha', '400000')]).when(sign('alpha'), asAlpha).thenThrows('SUBSCRIPTION_ALREADY_SIGNED');
  });

  it('names the signed document', () => {
    given(committed).when(sign('alpha', ' '), asAlpha).thenThrows('VALIDATION_FAILED', { field: 'documentReference', rule: 'required' });
  });

  it('makes the commitment binding as signed: no amendment or withdrawal by one side', () => {
    const signed = [...committed, subscriptionSigned('alpha', '400000')];
    const commit = (decimal: string): RoundCommand => ({ type: 'MakeCommitment', data: { investorId: 'alpha', amount: decimal, currency: 'CNY' } });
    given(signed).when(commit('300000'), asAlpha).thenThrows('SUBSCRIPTION_SIGNED');
    given(signed).when(commit('400000'), asAlpha).then([]);
    given(signed).when({ type: 'WithdrawCommitment', data: { investorId: 'alpha' } }, asAlpha).thenThrows('SUBSCRIPTION_SIGNED');
    // Unsigned, it is still the investor's to withdraw.
    given(committed).when({ type: 'WithdrawCommitment', data: { investorId: 'alpha' } }, asAlpha).then([commitmentWithdrawn('alpha', '400000')]);
  });
});
