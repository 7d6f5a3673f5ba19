import { commitmentMade, investorAdmitted, openRoundWithInvestors, roundOpened, stampOf } from '../../../../../test/support/rounds/round.fixtures';
import { decide } from '../../../../../test/support/rounds/round-decider';
import { amount, asDealLead } from '../../../../../test/support/rounds/round.fixtures';
import { capTableOf, registeredCapitalOf } from './cap-table';
import { RoundEvent, foldRound } from './round';

// 9 m pre-money (10 m post-money on the planned 1 m) over 9,000,000 fully diluted shares: 1.00 CNY a share.
const capTable: RoundEvent = {
  type: 'CapTableSet',
  data: {
    ...stampOf(),
    holders: [
      { holderId: 'founder', name: 'Founder', kind: 'shareholder', shares: '6000000' },
      { holderId: 'seed', name: 'Seed Fund', kind: 'shareholder', shares: '2000000' },
      { holderId: 'esop', name: 'Option pool', kind: 'option-pool', shares: '500000' },
    ],
    optionPoolTopUp: '500000',
  },
};
const book: RoundEvent[] = [...openRoundWithInvestors(), capTable, commitmentMade('lead', '600000'), commitmentMade('alpha', '300000.50')];

describe('capTableOf', () => {
  it('prices a share at pre-money over fully diluted shares before, top-up included, and issues whole shares', () => {
    const table = capTableOf(foldRound(book))!;
    expect(table).toMatchObject({ basis: 'pro-forma', preMoneyValuation: '9000000.00', pricePerShare: '1.00000000', fullyDilutedBefore: '9000000', fullyDilutedAfter: '9900000' });
    expect(table.rows.map((r) => [r.holderId, r.kind, r.sharesBefore, r.fractionBefore, r.sharesAfter, r.fractionAfter, r.invested, r.closing])).toEqual([
      ['founder', 'shareholder', '6000000', '0.7058823529', '6000000', '0.6060606061', null, null],
      ['seed', 'shareholder', '2000000', '0.2352941176', '2000000', '0.2020202020', null, null],
      ['esop', 'option-pool', '500000', '0.0588235294', '500000', '0.0505050505', null, null],
      ['option-pool-top-up', 'option-pool-top-up', '0', null, '500000', '0.0505050505', null, null],
      // 300,000.50 buys 300,000 whole shares at 1.00; the 0.50 buys no share.
      ['lead', 'new-investor', '0', null, '600000', '0.0606060606', '600000.00', 'pro-forma'],
      ['alpha', 'new-investor', '0', null, '300000', '0.0303030303', '300000.50', 'pro-forma'],
    ]);
  });

  it('shows the shares as issued once closed, and the close derives ownership from them', () => {
    const closing = decide({ type: 'CloseRound', data: {} }, foldRound(book), asDealLead);
    const closed = [...book, ...closing];
    const table = capTableOf(foldRound(closed))!;
    expect(table.basis).toBe('closed');
    // 300,000 shares of 9,900,000, not 300,000.50 / 9,900,000.50 (0.0303030556) of the post-money.
    const [event] = closing;
    if (event.type !== 'RoundClosed') throw new Error(event.type);
    expect(event.data.allocations.map((a) => [a.investorId, a.ownership])).toEqual([['lead', '0.0606060606'], ['alpha', '0.0303030303']]);
    expect(event.data.allocations.map((a) => a.ownership)).toEqual(table.rows.filter((r) => r.kind === 'new-investor').map((r) => r.fractionAfter));
    expect(table.rows.filter((r) => r.kind === 'new-investor').map((r) => [r.holderId, r.closing])).toEqual([['lead', 'final'], ['alpha', 'final']]);
  });

  it('has none until one is entered, and prices an odd pre-money to 6 more decimals', () => {
    expect(capTableOf(foldRound(openRoundWithInvestors()))).toBeNull();
    const odd: RoundEvent[] = [
      roundOpened({ valuation: { amount: amount('10000000.00'), basis: 'pre-money' } }),
      investorAdmitted('lead', 'lead'),
      { ...capTable, data: { ...capTable.data, holders: [{ holderId: 'f', name: 'F', kind: 'shareholder', shares: '3' }], optionPoolTopUp: '0' } },
    ];
    expect(capTableOf(foldRound(odd))!.pricePerShare).toBe('3333333.33333333');
  });

  it('shows registered capital and capital reserve as a PRC company keeps them: shares at par, the premium apart', () => {
    const table = capTableOf(foldRound(book))!;
    // Par 0.10 CNY a share, price 1.00: lead's 600,000 shares are 60,000.00 of registered capital and
    // 540,000.00 of capital reserve; alpha's 300,000.50 is 30,000.00 and 270,000.50.
    const prc = registeredCapitalOf(table, 10n);
    expect(prc).toMatchObject({ parValue: '0.10', registeredCapitalBefore: '850000.00', registeredCapitalAfter: '990000.00', capitalReserveAdded: '810000.50', belowPar: false });
    expect(prc.rows.map((r) => [r.holderId, r.registeredCapitalBefore, r.registeredCapitalAfter, r.capitalReserve])).toEqual([
      ['founder', '600000.00', '600000.00', null],
      ['seed', '200000.00', '200000.00', null],
      ['esop', '50000.00', '50000.00', null],
      ['option-pool-top-up', '0.00', '50000.00', null],
      ['lead', '0.00', '60000.00', '540000.00'],
      ['alpha', '0.00', '30000.00', '270000.50'],
    ]);
    // Registered capital after the round plus the reserve added is what it had plus what was paid in.
    expect(registeredCapitalOf(table, 100n)).toMatchObject({ registeredCapitalAfter: '9900000.00', capitalReserveAdded: '0.50', belowPar: false });
    // A price below par would issue shares for less than their par value: said plainly.
    expect(registeredCapitalOf(table, 200n)).toMatchObject({ capitalReserveAdded: '-899999.50', belowPar: true });
  });
});
