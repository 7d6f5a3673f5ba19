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
  indicationRecorded,
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
            // 10 m post-money quoted on the planned 1 m: pre-money 9 m, so 600,000.50 sold makes 9,600,000.50.
            postMoneyValuation: amount('9600000.50'),
            sealedHeadHash: null,
            allocations: [
              {
                investorId: 'lead',
                committed: amount('400000'),
                allocated: amount('400000'),
                ownership: '0.0416666645',
              },
              {
                investorId: 'alpha',
                committed: amount('200000.50'),
                allocated: amount('200000.50'),
                ownership: '0.0208333843',
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
      .then(closedWith([['lead', '500000', '500000', '0.0526315789']], '9500000'));
  });

  it('waits for every commitment made before an economic change to be re-confirmed or withdrawn', () => {
    const changed: RoundEvent[] = [
      ...round,
      commitmentMade('lead', '600000'),
      commitmentMade('alpha', '100000'),
      { type: 'ReconfirmationRequested', data: { ...stampOf(investorUser('lead')), termId: 't1', investorIds: ['lead', 'alpha'] } },
    ];
    const error = given(changed).when(close, asDealLead).thenThrows('RECONFIRMATION_PENDING');
    expect(error.message).toContain('lead, alpha');
    const reconfirmed: RoundEvent = { type: 'CommitmentReconfirmed', data: { ...stampOf(investorUser('lead')), investorId: 'lead', amount: amount('600000') } };
    given([...changed, reconfirmed, commitmentWithdrawn('alpha', '100000')])
      .when(close, asDealLead)
      .then(closedWith([['lead', '600000', '600000', '0.0625000000']], '9600000'));
  });

  it('allocates nothing to an indication the investor never confirmed: it bound nobody', () => {
    given([...round, commitmentMade('lead', '600000'), indicationRecorded('alpha', '300000')])
      .when(close, asDealLead)
      .then(closedWith([['lead', '600000', '600000', '0.0625000000']], '9600000'));
    given([...round, indicationRecorded('lead', '600000')]).when(close, asDealLead).thenThrows('BELOW_MINIMUM_AMOUNT');
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

describe('CloseRound with a minimum ticket after scale-back', () => {
  // Cap 1.5 m, minimum ticket 10,000: pro rata alone would give beta's 10,000 only 4,983.39.
  const book = (rule: 'round-up' | 'drop') => [
    roundOpened({ oversubscription: 'scale-back', minimumTicketRule: rule }),
    investorAdmitted('lead', 'lead'),
    investorAdmitted('alpha'),
    investorAdmitted('beta'),
    commitmentMade('lead', '1500000'),
    commitmentMade('alpha', '1500000'),
    commitmentMade('beta', '10000'),
  ];
  const allocated = (events: RoundEvent[]) => {
    const closed = decide(close, foldRound(events), asDealLead)[0];
    if (closed.type !== 'RoundClosed') throw new Error(closed.type);
    return { rows: closed.data.allocations.map((a) => [a.investorId, a.allocated.amount]), total: closed.data.totalAllocated.amount };
  };

  it('rounds a ticket scaled below the minimum up to it, and scales the others back over the rest', () => {
    expect(allocated(book('round-up'))).toEqual({
      rows: [['lead', 74500000n], ['alpha', 74500000n], ['beta', 1000000n]],
      total: 150000000n,
    });
  });

  it('or drops it, and scales the others back over the whole cap', () => {
    expect(allocated(book('drop'))).toEqual({
      rows: [['lead', 75000000n], ['alpha', 75000000n], ['beta', 0n]],
      total: 150000000n,
    });
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
