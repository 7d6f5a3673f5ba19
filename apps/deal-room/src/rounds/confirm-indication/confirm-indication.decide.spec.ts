import { RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import {
  amount,
  as,
  asDealLead,
  commitmentMade,
  indicationRecorded,
  investorUser,
  openRoundWithInvestors,
  rejecting,
  stampOf,
} from '../../../../../test/support/rounds/round.fixtures';
import { foldRound, toView } from '../domain';

const confirm = (investorId: string): RoundCommand => ({ type: 'ConfirmIndication', data: { investorId } });
const asAlpha = as(investorUser('alpha'));
const round = openRoundWithInvestors();
const indicated = [...round, indicationRecorded('alpha', '250000')];
const confirmed = { type: 'IndicationConfirmed', data: { ...stampOf(investorUser('alpha')), investorId: 'alpha', amount: amount('250000') } } as const;

describe('ConfirmIndication', () => {
  it("makes the company's record of the investor's indication its binding commitment", () => {
    const events = given(indicated).when(confirm('alpha'), asAlpha).then([confirmed]);
    const view = toView(foldRound([...indicated, ...events]))!;
    expect(view.commitments).toMatchObject([{ investorId: 'alpha', amount: '250000.00', currency: 'CNY', status: 'committed' }]);
    expect(view.totalCommitted).toBe('250000.00');
  });

  it('is the investor’s alone: the company cannot confirm what it recorded, nor another investor', () => {
    given(indicated).when(confirm('alpha'), asDealLead).thenThrows('FORBIDDEN');
    given(indicated).when(confirm('alpha'), as(investorUser('lead'))).thenThrows('FORBIDDEN');
  });

  it('needs an indication recorded by the company', () => {
    given(round).when(confirm('alpha'), asAlpha).thenThrows('NO_INDICATION');
    given([...round, commitmentMade('alpha', '10000')]).when(confirm('alpha'), asAlpha).thenThrows('NO_INDICATION');
  });

  it('takes room under the hard cap when the round refuses oversubscription', () => {
    const full = [...openRoundWithInvestors(rejecting), commitmentMade('lead', '1400000'), indicationRecorded('alpha', '100000.01')];
    given(full).when(confirm('alpha'), asAlpha).thenThrows('ROUND_FULL');
  });
});
