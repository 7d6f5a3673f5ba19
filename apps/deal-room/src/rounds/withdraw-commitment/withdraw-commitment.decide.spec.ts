import { RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import {
  as,
  asDealLead,
  auditor,
  commitmentMade,
  commitmentWithdrawn,
  amount,
  indicationRecorded,
  stampOf,
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

  it("lets only the investor withdraw its own commitment; the deal team strikes only its own records", () => {
    given(book).when(withdraw('alpha'), as(investorUser('lead'))).thenThrows('FORBIDDEN');
    given(book).when(withdraw('alpha'), as(auditor)).thenThrows('FORBIDDEN');
    given(book).when(withdraw('alpha'), asDealLead).thenThrows('COMMITMENT_IS_INVESTORS');
    const indicated = [...round, indicationRecorded('alpha', '10000')];
    const struck = { type: 'IndicationWithdrawn', data: { ...stampOf(), investorId: 'alpha', amount: amount('10000') } } as const;
    given(indicated).when(withdraw('alpha'), asDealLead).then([struck]);
    // The investor may decline what the company wrote down for it.
    given(indicated).when(withdraw('alpha'), asAlpha).then([{ ...struck, data: { ...struck.data, ...stampOf(investorUser('alpha')) } }]);
  });

  it('is only for admitted investors', () => {
    given(book).when(withdraw('gamma'), asDealLead).thenThrows('INVESTOR_NOT_ADMITTED');
    given(book)
      .when(withdraw('bad id!'), asDealLead)
      .thenThrows('VALIDATION_FAILED', { field: 'investorId', rule: 'id' });
  });
});
