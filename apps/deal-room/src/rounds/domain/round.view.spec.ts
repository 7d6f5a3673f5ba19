import { decide } from '../../../../../test/support/rounds/round-decider';
import { RoundEvent, foldRound, initialState, roundStreamName } from './round';
import {
  AT,
  amount,
  asDealLead,
  commitmentAmended,
  commitmentMade,
  commitmentWithdrawn,
  dealLead,
  investorAdmitted,
  openRoundWithInvestors,
  roundOpened,
  stampOf,
  termProposed,
} from '../../../../../test/support/rounds/round.fixtures';
import { toView } from './round.view';

const history: RoundEvent[] = [
  ...openRoundWithInvestors(),
  investorAdmitted('beta', 'major', amount('300000')),
  termProposed('t1', { key: 'round-size', value: { targetAmount: amount('1200000'), hardCap: amount('1500000') } }),
  commitmentMade('lead', '400000'),
  commitmentMade('alpha', '100000.05'),
];

describe('toView', () => {
  it('has nothing to show before the round is opened', () => {
    expect(toView(initialState())).toBeNull();
  });

  it('shows an open round with every amount as a decimal string', () => {
    expect(toView(foldRound(history))).toEqual({
      roundId: 'round-a',
      company: 'Acme Robotics',
      name: 'Series A',
      status: 'open',
      currency: 'CNY',
      targetAmount: '1000000.00',
      hardCap: '1500000.00',
      minimumAmount: '500000.00',
      minimumTicket: '10000.00',
      valuation: { amount: '10000000.00', basis: 'post-money' },
      oversubscription: 'reject',
      disclosure: 'none',
      minimumTicketRule: 'round-up',
      subscriptionDeadline: null,
      fundingDeadline: null,
      conditions: [],
      closings: [],
      closingWindowEndsAt: null,
      allocationProposals: [],
      protectedAllocations: [],
      allocationBasis: 'committed',
      refunds: [],
      dealTeam: ['user-dana', 'user-tess'],
      investors: [
        { investorId: 'lead', name: 'lead Capital', tier: 'lead', maxTicket: null },
        { investorId: 'alpha', name: 'alpha Capital', tier: 'major', maxTicket: null },
        { investorId: 'beta', name: 'beta Capital', tier: 'major', maxTicket: '300000.00' },
      ],
      terms: [
        {
          termId: 't1',
          investorId: null,
          key: 'round-size',
          value: { targetAmount: '1200000.00', hardCap: '1500000.00' },
          status: 'pending',
          proposedBy: { side: 'company', sub: dealLead.sub },
          supersedes: null,
          supersededBy: null,
        },
      ],
      commitments: [
        { investorId: 'lead', amount: '400000.00', currency: 'CNY', status: 'committed', subscription: 'unsigned', documentReference: null, signedAt: null, acceptedAt: null, paidIn: '0.00', fundings: [] },
        { investorId: 'alpha', amount: '100000.05', currency: 'CNY', status: 'committed', subscription: 'unsigned', documentReference: null, signedAt: null, acceptedAt: null, paidIn: '0.00', fundings: [] },
      ],
      totalCommitted: '500000.05',
      totalIndicated: '0.00',
      allocations: null,
      postMoneyValuation: null,
      openedAt: AT,
      closedAt: null,
      cancelledAt: null,
      cancellationReason: null,
    });
  });

  it('is plain JSON', () => {
    const view = toView(foldRound(history));
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });

  it('shows allocations once closed, and the reason once cancelled', () => {
    const withdrawn: RoundEvent = { type: 'TermWithdrawn', data: { ...stampOf(), termId: 't1' } };
    const settled = [...history, withdrawn];
    const closed = foldRound([...settled, ...decide({ type: 'CloseRound', data: {} }, foldRound(settled), asDealLead)]);
    expect(toView(closed)).toMatchObject({
      status: 'closed',
      closedAt: AT,
      postMoneyValuation: '9500000.05',
      allocations: [
        { investorId: 'lead', committed: '400000.00', allocated: '400000.00', ownership: '0.0421052629' },
        { investorId: 'alpha', committed: '100000.05', allocated: '100000.05', ownership: '0.0105263210' },
      ],
    });
    const cancelled = foldRound([...history, { type: 'RoundCancelled', data: { ...stampOf(), reason: 'No lead' } }]);
    expect(toView(cancelled)).toMatchObject({
      status: 'cancelled',
      cancelledAt: AT,
      cancellationReason: 'No lead',
      allocations: null,
    });
  });
});

describe('evolve', () => {
  it('keeps a running total through amendments and withdrawals', () => {
    const state = foldRound([
      ...history,
      commitmentAmended('lead', '400000', '450000'),
      commitmentWithdrawn('alpha', '100000.05'),
    ]);
    expect(toView(state)).toMatchObject({
      totalCommitted: '450000.00',
      commitments: [{ investorId: 'lead', amount: '450000.00' }],
    });
  });

  it('ignores events that do not fit the state rather than failing to read a stream', () => {
    expect(foldRound([commitmentMade('alpha', '1')])).toEqual(initialState());
    const opened = foldRound([roundOpened()]);
    expect(foldRound([roundOpened(), roundOpened({ oversubscription: 'scale-back' })])).toEqual(opened);
  });
});

describe('roundStreamName', () => {
  it('uses the round category', () => {
    expect(roundStreamName('2025-series-c')).toBe('round-2025-series-c');
  });
});
