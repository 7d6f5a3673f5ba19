import { RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import {
  amount,
  as,
  asDealLead,
  commitmentAmended,
  commitmentMade,
  commitmentWithdrawn,
  indicationRecorded,
  investorUser,
  openRoundWithInvestors,
  stampOf,
} from '../../../../../test/support/rounds/round.fixtures';
import { fundsReceived, subscriptionAccepted, subscriptionSigned } from '../../../../../test/support/rounds/subscription.fixtures';
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

  it('makes the commitment binding as signed: an amendment voids the signature, to be signed and accepted again; no withdrawal', () => {
    const signed = [...committed, subscriptionSigned('alpha', '400000')];
    const commit = (decimal: string): RoundCommand => ({ type: 'MakeCommitment', data: { investorId: 'alpha', amount: decimal, currency: 'CNY' } });
    const amended = given(signed).when(commit('300000'), asAlpha).then([
      commitmentAmended('alpha', '400000', '300000'),
      { type: 'SubscriptionReopened', data: { ...stampOf(investorUser('alpha')), investorId: 'alpha', previousAmount: amount('400000'), amount: amount('300000'), previousDocumentReference: 'SA-alpha' } },
    ]);
    expect(foldRound([...signed, ...amended])).toMatchObject({ commitments: [expect.objectContaining({ investorId: 'alpha', subscription: 'unsigned', documentReference: null, signedAt: null })] });
    // Re-signed for the new amount, it waits for the company's acceptance again before money may come in.
    given([...signed, ...amended]).when(sign('alpha', 'SA-2025-017-A1'), asAlpha).then([subscriptionSigned('alpha', '300000', 'SA-2025-017-A1')]);
    const paid = [...signed, subscriptionAccepted('alpha', '400000'), fundsReceived('alpha', '350000', 'MT-1')];
    given(paid).when(commit('349999.99'), asAlpha).thenThrows('BELOW_PAID_IN');
    given(signed).when(commit('400000'), asAlpha).then([]);
    given(signed).when({ type: 'WithdrawCommitment', data: { investorId: 'alpha' } }, asAlpha).thenThrows('SUBSCRIPTION_SIGNED');
    // Unsigned, it is still the investor's to withdraw.
    given(committed).when({ type: 'WithdrawCommitment', data: { investorId: 'alpha' } }, asAlpha).then([commitmentWithdrawn('alpha', '400000')]);
  });
});
