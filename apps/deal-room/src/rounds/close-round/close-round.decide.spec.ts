import { decide, RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { foldRound, RoundEvent } from '../domain';
import { given } from '../../../../../test/support/rounds/given-when-then';
import { money } from '../../kernel';
import {
  admin,
  amount,
  as,
  asDealLead,
  auditor,
  commitmentAmended,
  commitmentMade,
  commitmentWithdrawn,
  investorAdmitted,
  investorUser,
  openRoundWithInvestors,
  roundOpened,
  stampOf,
  termProposed,
} from '../../../../../test/support/rounds/round.fixtures';

const close: RoundCommand = { type: 'CloseRound', data: {} };
const round = openRoundWithInvestors();

describe('CloseRound', () => {
  it('seals the hash chain head it was given into RoundClosed', () => {
    const history = [...round, commitmentMade('lead', '600000')];
    const [closed] = decide(close, foldRound(history), { ...asDealLead, headHash: 'ab'.repeat(32) });
    expect(closed).toMatchObject({ type: 'RoundClosed', data: { sealedHeadHash: 'ab'.repeat(32) } });
  });

  it('allocates what was committed when the book is within the hard cap', () => {
    given([...round, commitmentMade('lead', '400000'), commitmentMade('alpha', '200000.50')])
      .when(close, asDealLead)
      .then([
        {
          type: 'RoundClosed',
          data: {
            ...stampOf(),
            totalCommitted: amount('600000.50'),
            totalAllocated: amount('600000.50'),
            postMoneyValuation: amount('10000000'),
            sealedHeadHash: null,
            allocations: [
              {
                investorId: 'lead',
                committed: amount('400000'),
                allocated: amount('400000'),
                ownership: '0.0400000000',
              },
              {
                investorId: 'alpha',
                committed: amount('200000.50'),
                allocated: amount('200000.50'),
                ownership: '0.0200000500',
              },
            ],
          },
        },
      ]);
  });

  it('waits for pending proposals to be settled', () => {
    given([...round, commitmentMade('lead', '600000'), termProposed('t1', { key: 'board-seats', value: 1 })])
      .when(close, asDealLead)
      .thenThrows('PENDING_TERMS');
  });

  it('needs the minimum amount committed', () => {
    given([...round, commitmentMade('lead', '499999.99')]).when(close, asDealLead).thenThrows('BELOW_MINIMUM_AMOUNT');
    given([...round, commitmentMade('lead', '500000')])
      .when(close, asDealLead)
      .then(closedWith([['lead', '500000', '500000', '0.0500000000']], '10000000'));
  });

  it('needs something committed when there is no minimum', () => {
    given([roundOpened({ minimumAmount: null }), investorAdmitted('lead', 'lead')])
      .when(close, asDealLead)
      .thenThrows('BELOW_MINIMUM_AMOUNT');
  });

  it.each([investorUser('lead'), auditor, admin])('is only for a deal-lead, not a %p', (actor) => {
    given([...round, commitmentMade('lead', '600000')]).when(close, as(actor)).thenThrows('FORBIDDEN');
  });
});

describe('CloseRound scaling back an oversubscribed book', () => {
  // A toy round with a cap of 0.10 CNY (10 fen), so the arithmetic fits in a comment. Book: 16 fen.
  // Exact shares of 10: ant 9 -> 5.625, bee 6 -> 3.75, cat 1 -> 0.625. Floors give 8; the 2 spare
  // fen go to bee (largest remainder) and to whichever of ant and cat committed first.
  const tiny = roundOpened({
    targetAmount: amount('0.10'),
    hardCap: amount('0.10'),
    minimumAmount: null,
    minimumTicket: null,
    valuation: { amount: amount('0.90'), basis: 'pre-money' },
    oversubscription: 'scale-back',
  });
  const investors = ['ant', 'bee', 'cat'].map((id) => investorAdmitted(id));
  const made = (investorId: string, decimal: string) => commitmentMade(investorId, decimal);

  it('gives the tied unit to the earlier commitment, and prices ownership on post-money', () => {
    const book = [tiny, ...investors, made('cat', '0.01'), made('ant', '0.09'), made('bee', '0.06')];
    // Pre-money 0.90 + 0.10 raised = 1.00 post-money, so 1 fen is 1%.
    given(book)
      .when(close, asDealLead)
      .then(
        closedWith(
          [
            ['cat', '0.01', '0.01', '0.0100000000'],
            ['ant', '0.09', '0.05', '0.0500000000'],
            ['bee', '0.06', '0.04', '0.0400000000'],
          ],
          '1.00',
          '0.16',
        ),
      );
  });

  it('keeps the place of a commitment that was amended', () => {
    const book = [
      tiny,
      ...investors,
      made('cat', '0.02'),
      made('ant', '0.09'),
      made('bee', '0.06'),
      commitmentAmended('cat', '0.02', '0.01'),
    ];
    given(book)
      .when(close, asDealLead)
      .then(
        closedWith(
          [
            ['cat', '0.01', '0.01', '0.0100000000'],
            ['ant', '0.09', '0.05', '0.0500000000'],
            ['bee', '0.06', '0.04', '0.0400000000'],
          ],
          '1.00',
          '0.16',
        ),
      );
  });

  it('sends a commitment that was withdrawn and made again to the back of the queue', () => {
    const book = [
      tiny,
      ...investors,
      made('cat', '0.01'),
      made('ant', '0.09'),
      commitmentWithdrawn('cat', '0.01'),
      made('bee', '0.06'),
      made('cat', '0.01'),
    ];
    given(book)
      .when(close, asDealLead)
      .then(
        closedWith(
          [
            ['ant', '0.09', '0.06', '0.0600000000'],
            ['bee', '0.06', '0.04', '0.0400000000'],
            ['cat', '0.01', '0.00', '0.0000000000'],
          ],
          '1.00',
          '0.16',
        ),
      );
  });
});

type Row = [investorId: string, committed: string, allocated: string, ownership: string];

function closedWith(rows: Row[], postMoney: string, committed?: string): RoundEvent[] {
  const allocations = rows.map(([investorId, c, a, ownership]) => ({
    investorId,
    committed: amount(c),
    allocated: amount(a),
    ownership,
  }));
  const sum = (pick: (r: Row) => string) => money(rows.reduce((s, r) => s + amount(pick(r)).amount, 0n), 'CNY');
  return [
    {
      type: 'RoundClosed',
      data: {
        ...stampOf(),
        totalCommitted: committed ? amount(committed) : sum((r) => r[1]),
        totalAllocated: sum((r) => r[2]),
        postMoneyValuation: amount(postMoney),
        sealedHeadHash: null,
        allocations,
      },
    },
  ];
}
