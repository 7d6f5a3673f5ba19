import { RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import {
  as,
  asDealLead,
  auditor,
  commitmentMade,
  commitmentWithdrawn,
  dealLead,
  investorUser,
  openRoundWithInvestors,
} from '../../../../../test/support/rounds/round.fixtures';

const withdraw = (investorId: unknown): RoundCommand =>
  ({ type: 'WithdrawCommitment', data: { investorId } }) as RoundCommand;
const asAlpha = as(investorUser('alpha'));
const round = openRoundWithInvestors();

describe('WithdrawCommitment', () => {
  const book = [...round, commitmentMade('alpha', '10000')];

  it('removes the commitment', () => {
    given(book).when(withdraw('alpha'), asAlpha).then([
      commitmentWithdrawn('alpha', '10000'),
    ]);
  });

  it('needs a commitment to withdraw', () => {
    given(round).when(withdraw('alpha'), asAlpha).thenThrows('NO_COMMITMENT');
  });

  it('lets an investor withdraw only its own, and a deal-lead any', () => {
    given(book).when(withdraw('alpha'), as(investorUser('lead'))).thenThrows('FORBIDDEN');
    given(book).when(withdraw('alpha'), as(auditor)).thenThrows('FORBIDDEN');
    given(book).when(withdraw('alpha'), asDealLead).then([
      commitmentWithdrawn('alpha', '10000', dealLead),
    ]);
  });

  it('is only for admitted investors', () => {
    given(book).when(withdraw('gamma'), asDealLead).thenThrows('INVESTOR_NOT_ADMITTED');
    given(book)
      .when(withdraw('bad id!'), asDealLead)
      .thenThrows('VALIDATION_FAILED', { field: 'investorId', rule: 'id' });
  });
});
