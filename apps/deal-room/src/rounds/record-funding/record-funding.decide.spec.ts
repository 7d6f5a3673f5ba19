import { RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import { as, asDealLead, commitmentMade, investorUser, openRoundWithInvestors } from '../../../../../test/support/rounds/round.fixtures';
import { fundsReceived, subscriptionAccepted, subscriptionSigned } from '../../../../../test/support/rounds/subscription.fixtures';
import { foldRound, toView } from '../domain';

const fund = (decimal: unknown, reference: unknown = 'MT103-0001', valueDate: unknown = '2025-02-28', currency: unknown = 'CNY'): RoundCommand =>
  ({ type: 'RecordFunding', data: { investorId: 'alpha', amount: decimal, currency, valueDate, reference } }) as RoundCommand;
const committed = [...openRoundWithInvestors(), commitmentMade('alpha', '400000')];
const signed = [...committed, subscriptionSigned('alpha', '400000')];
const accepted = [...signed, subscriptionAccepted('alpha', '400000')];

describe('RecordFunding', () => {
  it('records a payment, partial ones adding up, paid-in apart from subscribed', () => {
    const first = given(accepted).when(fund('150000'), asDealLead).then([fundsReceived('alpha', '150000', 'MT103-0001', '2025-02-28')]);
    const after = [...accepted, ...first];
    const second = given(after).when(fund('250000', 'MT103-0002', '2025-03-01'), asDealLead).then([fundsReceived('alpha', '250000', 'MT103-0002', '2025-03-01')]);
    const [commitment] = toView(foldRound([...after, ...second]))!.commitments;
    expect(commitment).toMatchObject({ amount: '400000.00', paidIn: '400000.00' });
    expect(commitment.fundings.map((f) => [f.amount, f.valueDate, f.reference])).toEqual([
      ['150000.00', '2025-02-28', 'MT103-0001'],
      ['250000.00', '2025-03-01', 'MT103-0002'],
    ]);
  });

  it('never takes in more than was subscribed, nor the same payment twice', () => {
    const paid = [...accepted, fundsReceived('alpha', '150000', 'MT103-0001')];
    const error = given(paid).when(fund('250000.01', 'MT103-0002'), asDealLead).thenThrows('FUNDING_EXCEEDS_SUBSCRIPTION');
    expect(error.message).toContain('250000.00 CNY outstanding');
    given(paid).when(fund('1000', 'MT103-0001'), asDealLead).thenThrows('FUNDING_ALREADY_RECORDED');
  });

  it('needs an accepted subscription', () => {
    given(committed).when(fund('1000'), asDealLead).thenThrows('SUBSCRIPTION_NOT_ACCEPTED');
    given(signed).when(fund('1000'), asDealLead).thenThrows('SUBSCRIPTION_NOT_ACCEPTED');
  });

  it('is recorded by the deal team, in the round currency, with a real value date not in the future', () => {
    given(accepted).when(fund('1000'), as(investorUser('alpha'))).thenThrows('FORBIDDEN');
    given(accepted).when(fund('1000', 'r', '2025-03-02'), asDealLead).thenThrows('VALIDATION_FAILED', { field: 'valueDate', rule: 'not-in-future' });
    given(accepted).when(fund('1000', 'r', '2025-02-30'), asDealLead).thenThrows('VALIDATION_FAILED', { field: 'valueDate', rule: 'date' });
    given(accepted).when(fund('1000', ''), asDealLead).thenThrows('VALIDATION_FAILED', { field: 'reference', rule: 'required' });
    given(accepted).when(fund('1000', 'r', '2025-02-28', 'USD'), asDealLead).thenThrows('CURRENCY_MISMATCH');
    given(accepted).when(fund('10.001'), asDealLead).thenThrows('VALIDATION_FAILED', { field: 'amount', rule: 'decimals' });
  });
});
