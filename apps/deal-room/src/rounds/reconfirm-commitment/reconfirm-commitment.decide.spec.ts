import { RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import {
  amount,
  as,
  asDealLead,
  commitmentAmended,
  commitmentMade,
  investorUser,
  openRoundWithInvestors,
  stampOf,
} from '../../../../../test/support/rounds/round.fixtures';
import { RoundEvent, foldRound, toView } from '../domain';

const reconfirm = (investorId: string): RoundCommand => ({ type: 'ReconfirmCommitment', data: { investorId } });
const asAlpha = as(investorUser('alpha'));
const changed: RoundEvent[] = [
  ...openRoundWithInvestors(),
  commitmentMade('alpha', '400000'),
  { type: 'ReconfirmationRequested', data: { ...stampOf(investorUser('lead')), termId: 't1', investorIds: ['alpha'] } },
];

describe('ReconfirmCommitment', () => {
  it('puts the commitment back in the book on the terms as they now are', () => {
    const events = given(changed)
      .when(reconfirm('alpha'), asAlpha)
      .then([{ type: 'CommitmentReconfirmed', data: { ...stampOf(investorUser('alpha')), investorId: 'alpha', amount: amount('400000') } }]);
    expect(toView(foldRound([...changed, ...events]))!.commitments[0].status).toBe('committed');
  });

  it('counts an amendment by the investor as consent too', () => {
    const amended = [...changed, commitmentAmended('alpha', '400000', '300000')];
    expect(toView(foldRound(amended))!.commitments[0].status).toBe('committed');
  });

  it('is consent only the investor gives', () => {
    given(changed).when(reconfirm('alpha'), asDealLead).thenThrows('FORBIDDEN');
    given(changed).when(reconfirm('alpha'), as(investorUser('lead'))).thenThrows('FORBIDDEN');
  });

  it('needs a commitment awaiting re-confirmation', () => {
    given(openRoundWithInvestors()).when(reconfirm('alpha'), asAlpha).thenThrows('NOT_AWAITING_RECONFIRMATION');
    given([...openRoundWithInvestors(), commitmentMade('alpha', '10000')])
      .when(reconfirm('alpha'), asAlpha)
      .thenThrows('NOT_AWAITING_RECONFIRMATION');
  });
});
