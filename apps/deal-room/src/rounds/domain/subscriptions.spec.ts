import { commitmentMade, indicationRecorded, investorAdmitted, openRoundWithInvestors, stampOf } from '../../../../../test/support/rounds/round.fixtures';
import { fundsReceived, subscriptionAccepted, subscriptionSigned } from '../../../../../test/support/rounds/subscription.fixtures';
import { RoundEvent, foldRound } from './round';
import { subscriptionBook } from './subscriptions';

const deadlines: RoundEvent = {
  type: 'DeadlinesSet',
  data: { ...stampOf(), subscriptionDeadline: '2025-03-31T10:00:00.000Z', fundingDeadline: '2025-04-15T10:00:00.000Z' },
};
const history: RoundEvent[] = [
  ...openRoundWithInvestors({ oversubscription: 'scale-back' }),
  investorAdmitted('beta'),
  investorAdmitted('gamma'),
  deadlines,
  commitmentMade('lead', '600000'),
  subscriptionSigned('lead', '600000'),
  subscriptionAccepted('lead', '600000'),
  fundsReceived('lead', '200000', 'MT-1', '2025-03-01'),
  commitmentMade('alpha', '300000'),
  subscriptionSigned('alpha', '300000'),
  commitmentMade('beta', '100000'),
  indicationRecorded('gamma', '50000'),
];
const book = (asOf: string) => subscriptionBook(foldRound(history), asOf)!;

describe('subscriptionBook', () => {
  it('keeps subscribed and paid-in apart, with exact totals', () => {
    const { subscriptions, totals } = book('2025-03-15T00:00:00.000Z');
    expect(subscriptions.map((r) => [r.investorId, r.subscription, r.subscribed, r.paidIn, r.outstanding, r.lastValueDate])).toEqual([
      ['lead', 'accepted', '600000.00', '200000.00', '400000.00', '2025-03-01'],
      ['alpha', 'signed', '300000.00', '0.00', '300000.00', null],
      ['beta', 'unsigned', '0.00', '0.00', '0.00', null],
      ['gamma', 'unsigned', '0.00', '0.00', '0.00', null],
    ]);
    // gamma's indication binds nobody, so it is in no total.
    expect(totals).toEqual({ committed: '1000000.00', subscribed: '900000.00', paidIn: '200000.00', outstanding: '700000.00' });
  });

  it('flags nothing before the deadlines, and what is late after each', () => {
    expect(book('2025-03-31T10:00:00.000Z').late).toEqual({ toSign: [], toFund: [] });
    expect(book('2025-03-31T10:00:00.001Z').late).toEqual({ toSign: ['beta'], toFund: [] });
    expect(book('2025-04-15T10:00:00.001Z').late).toEqual({ toSign: ['beta'], toFund: ['lead', 'alpha'] });
  });

  it('flags nothing late without deadlines', () => {
    const none = subscriptionBook(foldRound(history.filter((e) => e !== deadlines)), '2030-01-01T00:00:00.000Z')!;
    expect(none.late).toEqual({ toSign: [], toFund: [] });
  });
});
