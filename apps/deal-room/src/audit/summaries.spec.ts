import { RoundClosed, RoundEvent, serialize, TermAccepted, TermRejected, TermWithdrawn } from '../rounds/domain';
import {
  amount,
  commitmentAmended,
  commitmentMade,
  commitmentWithdrawn,
  company,
  investorAdmitted,
  investorParty,
  investorUser,
  roundOpened,
  stampOf,
  termProposed,
} from '../../../../test/support/rounds/round.fixtures';
import { createSummarizer, groupThousands } from './summaries';

const valuation = { key: 'valuation' as const, value: { amount: amount('400000000000.00'), basis: 'post-money' as const } };
const accepted: TermAccepted = { type: 'TermAccepted', data: { ...stampOf(investorUser('tencent')), termId: 't-3', ...valuation, investorId: null, acceptedBy: investorParty('tencent') } };
const rejected: TermRejected = { type: 'TermRejected', data: { ...stampOf(), termId: 't-4', rejectedBy: company(), reason: 'Too\nmany seats' } };
const withdrawn: TermWithdrawn = { type: 'TermWithdrawn', data: { ...stampOf(investorUser('catl')), termId: 't-4' } };
const allocation = (investorId: string, decimal: string) => ({ investorId, committed: amount(decimal), allocated: amount(decimal), ownership: '0.01' });
const closed: RoundClosed = {
  type: 'RoundClosed',
  data: {
    ...stampOf(),
    totalCommitted: amount('50000000000.00'),
    totalAllocated: amount('50000000000.00'),
    postMoneyValuation: amount('400000000000.00'),
    allocations: [allocation('tencent', '20000000000.00'), allocation('catl', '30000000000.00'), allocation('tiny', '0.00')],
    sealedHeadHash: 'f'.repeat(64),
  },
};
const named = (investorId: string, name: string) => {
  const event = investorAdmitted(investorId, 'major', amount('9000000000.00'));
  return { ...event, data: { ...event.data, name } };
};

/** Summaries of a history fed in order, as the audit trail feeds them. */
function summarize(events: RoundEvent[]): string[] {
  const summarizer = createSummarizer();
  return events.map((event) => {
    const { type, data } = serialize(event);
    return summarizer(type, data);
  });
}

describe('summaries', () => {
  it('tell each step in one line, naming parties from the round\'s own earlier events', () => {
    expect(
      summarize([
        roundOpened(),
        named('tencent', 'Tencent'),
        named('catl', 'CATL'),
        termProposed('t-3', valuation),
        accepted,
        termProposed('t-4', { key: 'board-seats', value: 2 }, investorUser('catl'), 't-2'),
        rejected,
        withdrawn,
        commitmentMade('catl', '5000000000.00'),
        commitmentAmended('catl', '5000000000.00', '6000000000.50'),
        commitmentWithdrawn('catl', '6000000000.50'),
        closed,
      ]),
    ).toEqual([
      'Acme Robotics opened Series A: target 1,000,000.00 CNY, hard cap 1,500,000.00 CNY, valuation 10,000,000.00 CNY post-money',
      'Tencent admitted as major investor, max ticket 9,000,000,000.00 CNY',
      'CATL admitted as major investor, max ticket 9,000,000,000.00 CNY',
      'Acme Robotics proposed term t-3 (valuation): 400,000,000,000.00 CNY post-money',
      'Tencent accepted term t-3 (valuation)',
      'CATL proposed term t-4 (board-seats): 2 board seats, countering term t-2',
      'Acme Robotics rejected term t-4 (board-seats): Too many seats',
      'CATL withdrew term t-4 (board-seats)',
      'CATL committed 5,000,000,000.00 CNY',
      'CATL amended its commitment from 5,000,000,000.00 CNY to 6,000,000,000.50 CNY',
      'CATL withdrew its commitment of 6,000,000,000.50 CNY',
      // The investor scaled back to nothing took no part in the round.
      'Round closed: 50,000,000,000.00 CNY allocated to 2 investors',
    ]);
  });

  it('tell when a round shows its book totals to investors', () => {
    expect(summarize([roundOpened({ disclosure: 'book-totals' })])).toEqual([
      'Acme Robotics opened Series A: target 1,000,000.00 CNY, hard cap 1,500,000.00 CNY, valuation 10,000,000.00 CNY post-money, book totals shown to investors',
    ]);
  });

  it('describe every kind of term value', () => {
    const terms = summarize([
      roundOpened(),
      termProposed('a', { key: 'round-size', value: { targetAmount: amount('1000.00'), hardCap: amount('2000.00') } }),
      termProposed('b', { key: 'liquidation-preference', value: { multiple: '1.5', participating: false } }),
      termProposed('c', { key: 'pro-rata-rights', value: true }),
      termProposed('d', { key: 'board-seats', value: 1 }),
      termProposed('e', { key: 'x-governing-law', value: 'Hong Kong' }),
      { type: 'RoundCancelled', data: { ...stampOf(), reason: 'Market closed' } },
    ]).slice(1);
    expect(terms).toEqual([
      'Acme Robotics proposed term a (round-size): target 1,000.00 CNY, hard cap 2,000.00 CNY',
      'Acme Robotics proposed term b (liquidation-preference): 1.5x non-participating',
      'Acme Robotics proposed term c (pro-rata-rights): granted',
      'Acme Robotics proposed term d (board-seats): 1 board seat',
      'Acme Robotics proposed term e (x-governing-law): "Hong Kong"',
      'Round cancelled: Market closed',
    ]);
  });

  it('fall back to the id of an investor never admitted, and still list an unreadable event', () => {
    const summarizer = createSummarizer();
    const { type, data } = serialize(commitmentMade('ghost', '1.00'));
    expect(summarizer(type, data)).toBe('ghost committed 1.00 CNY');
    expect(summarizer(type, { ...data, amount: { amount: '-5', currency: 'CNY' } })).toMatch(/^Unreadable deal-room\.CommitmentMade\.v\d+ event: .*bad amount "-5"/);
    expect(summarizer('deal-room.Unheard.v1', {})).toMatch(/^Unreadable deal-room\.Unheard\.v1 event/);
  });

  it('group thousands without touching the digits', () => {
    expect(['0.05', '999', '1000', '5000000000.00', '123456789012345678901234567890'].map(groupThousands)).toEqual([
      '0.05',
      '999',
      '1,000',
      '5,000,000,000.00',
      '123,456,789,012,345,678,901,234,567,890',
    ]);
  });
});
