// The case that motivated the issue: a 50 bn CNY round at 400 bn post-money, where a founder's
// 200 bn "commitment" (a typo, or a test of the system) must be refused outright.
import { decide, DecisionContext, RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import { Actor } from '../../kernel';
import { RoundEvent, RoundState, evolve, foldRound, initialState } from './round';
import { toView } from './round.view';
import { BOOK as PLANNED_BOOK, FOUNDER_MISTAKE, INVESTORS, ROUND } from '../../../../../scripts/demo/round-plan';

const dealLead: Actor = { sub: 'cfo@startup.cn', role: 'deal-lead' };
const investor = (investorId: string): Actor => ({ sub: `ir@${investorId}`, role: 'investor', investorId });
const at = (actor: Actor): DecisionContext => ({ now: '2025-06-30T02:00:00.000Z', actor });

function openBook(basis: 'pre-money' | 'post-money'): { state: RoundState; events: RoundEvent[] } {
  const commands: RoundCommand[] = [
    {
      type: 'OpenRound',
      data: { ...ROUND, roundId: '2025-series-c', valuation: { ...ROUND.valuation, basis } },
    },
    ...INVESTORS.map(({ investorId, name, tier }): RoundCommand => ({ type: 'AdmitInvestor', data: { investorId, name, tier } })),
  ];
  return play(initialState(), commands.map((command) => [command, at(dealLead)]));
}

type Step = [RoundCommand, DecisionContext];

function play(state: RoundState, steps: Step[]): { state: RoundState; events: RoundEvent[] } {
  const events: RoundEvent[] = [];
  for (const [command, context] of steps) {
    const emitted = decide(command, state, context);
    state = emitted.reduce(evolve, state);
    events.push(...emitted);
  }
  return { state, events };
}

const commit = (investorId: string, amount: string): Step => [
  { type: 'MakeCommitment', data: { investorId, amount, currency: 'CNY' } },
  at(investor(investorId)),
];

// The plan's book (scripts/demo/round-plan.ts), committed first by the founder, then in its order.
const CLOSE: Step = [{ type: 'CloseRound', data: {} }, at(dealLead)];

const BOOK = PLANNED_BOOK.map(([investorId, amount]) => commit(investorId, amount));

describe('a 50 bn CNY round at 400 bn', () => {
  it("refuses the founder's 200 bn commitment, naming both figures", () => {
    const { events } = openBook('post-money');
    const [command, context] = commit('founder', FOUNDER_MISTAKE);
    const refusal = given(events).when(command, context).thenThrows('COMMITMENT_EXCEEDS_HARD_CAP');
    expect(refusal.message).toBe(
      "A commitment of 200000000000.00 CNY exceeds the round's hard cap of 50000000000.00 CNY",
    );
  });

  it('scales an oversubscribed book back to exactly the hard cap', () => {
    const opened = openBook('post-money');
    const { state } = play(opened.state, [...BOOK, CLOSE]);
    const view = toView(state)!;

    expect(view.status).toBe('closed');
    expect(view.totalCommitted).toBe('60222222112.22');
    // Worked independently with exact fractions: floors of 5e12 * c / 6022222211222 leave 2 fen,
    // which go to the founder (remainder .874) and the national AI fund (.447).
    expect(view.allocations).toEqual([
      { investorId: 'founder', committed: '3000000000.00', allocated: '2490774912.30', ownership: '0.0060750608' },
      { investorId: 'tencent', committed: '20000000000.00', allocated: '16605166081.99', ownership: '0.0405004051' },
      { investorId: 'jd', committed: '15000000000.01', allocated: '12453874561.50', ownership: '0.0303753038' },
      { investorId: 'catl', committed: '12345678901.23', allocated: '10250102427.49', ownership: '0.0250002498' },
      {
        investorId: 'national-ai-fund',
        committed: '9876543210.98',
        allocated: '8200082016.72',
        ownership: '0.0200002000',
      },
    ]);
    const allocatedFen = view.allocations!.reduce((sum, a) => sum + BigInt(a.allocated.replace('.', '')), 0n);
    expect(allocatedFen).toBe(5_000_000_000_000n);
    // 400 bn post-money quoted on the planned 40 bn: pre-money 360 bn, and 50 bn sold at that price.
    expect(view.postMoneyValuation).toBe('410000000000.00');
  });

  it('does not depend on the order the commitments came in', () => {
    const forward = play(openBook('post-money').state, [...BOOK, CLOSE]);
    const backward = play(openBook('post-money').state, [...BOOK].reverse().concat([CLOSE]));
    const allocated = (state: RoundState) =>
      Object.fromEntries(toView(state)!.allocations!.map((a) => [a.investorId, a.allocated]));
    // No two remainders are equal in this book, so the order of arrival cannot change anything.
    expect(allocated(backward.state)).toEqual(allocated(forward.state));
  });

  it('prices 50 bn at 400 bn pre-money as 1/9 of 450 bn post-money', () => {
    const opened = openBook('pre-money');
    const { state } = play(opened.state, [...BOOK, CLOSE]);
    const view = toView(state)!;
    expect(view.postMoneyValuation).toBe('450000000000.00');
    const total = view.allocations!.reduce((sum, a) => sum + BigInt(a.allocated.replace('.', '')), 0n);
    expect(total).toBe(5_000_000_000_000n);
    expect(view.allocations!.find((a) => a.investorId === 'tencent')!.ownership).toBe('0.0369003691');
  });

  // A priced round, not a post-money SAFE: raising less than planned buys less at the same price.
  describe('raising 40 bn of a planned 50 bn', () => {
    const plannedFifty = (valuation: { amount: string; basis: string }): Step[] => [
      [
        {
          type: 'OpenRound',
          data: { ...ROUND, roundId: 'r-40', targetAmount: '50000000000.00', hardCap: '50000000000.00', minimumAmount: null, valuation },
        },
        at(dealLead),
      ],
      [{ type: 'AdmitInvestor', data: { investorId: 'tencent', name: 'Tencent', tier: 'lead' } }, at(dealLead)],
      commit('tencent', '40000000000.00'),
      CLOSE,
    ];

    it('at 400 bn post-money buys 40/390 = 10.26 %, the price fixed by the 350 bn pre-money', () => {
      const view = toView(play(initialState(), plannedFifty({ amount: '400000000000.00', basis: 'post-money' })).state)!;
      expect(view.postMoneyValuation).toBe('390000000000.00');
      expect(view.allocations![0]).toMatchObject({ allocated: '40000000000.00', ownership: '0.1025641026' });
    });

    it('at 350 bn pre-money buys exactly the same', () => {
      const view = toView(play(initialState(), plannedFifty({ amount: '350000000000.00', basis: 'pre-money' })).state)!;
      expect(view.postMoneyValuation).toBe('390000000000.00');
      expect(view.allocations![0]).toMatchObject({ allocated: '40000000000.00', ownership: '0.1025641026' });
    });

    it('refuses 50 bn post-money on a 50 bn cap: the investors would own 100 %', () => {
      const [open] = plannedFifty({ amount: '50000000000.00', basis: 'post-money' });
      given([]).when(open[0], open[1]).thenThrows('VALIDATION_FAILED', { field: 'valuation.amount', rule: 'post-money-not-above-hard-cap' });
      const [above] = plannedFifty({ amount: '50000000000.01', basis: 'post-money' });
      expect(decide(above[0], initialState(), above[1])).toHaveLength(1);
    });
  });

  it('replays to the same state from its events', () => {
    const opened = openBook('post-money');
    const all = play(opened.state, [...BOOK, CLOSE]);
    expect(foldRound([...opened.events, ...all.events])).toEqual(all.state);
  });
});
