import { decide, RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import { foldRound } from '../domain';
import {
  admin,
  amount,
  as,
  asDealLead,
  auditor,
  dealLead,
  investorUser,
  openRoundData,
  roundOpened,
} from '../../../../../test/support/rounds/round.fixtures';

const open = (data: Partial<Record<keyof typeof openRoundData | 'disclosure', unknown>> = {}): RoundCommand =>
  ({ type: 'OpenRound', data: { ...openRoundData, ...data } }) as RoundCommand;

describe('OpenRound', () => {
  it('opens a round with its economics in minor units', () => {
    given([]).when(open(), asDealLead).then([roundOpened()]);
  });

  it('records the time it is given, as a Date or an ISO string, in UTC', () => {
    given([]).when(open(), as(dealLead, new Date('2025-03-01T17:00:00+08:00'))).then([roundOpened()]);
    expect(() => decide(open(), foldRound([]), as(dealLead, 'yesterday'))).toThrow(TypeError);
  });

  it('leaves the minimum amount and minimum ticket optional', () => {
    given([])
      .when(open({ minimumAmount: undefined, minimumTicket: null }), asDealLead)
      .then([roundOpened({ minimumAmount: null, minimumTicket: null })]);
  });

  it.each([investorUser('alpha'), auditor, admin])('is only for a deal-lead, not a %p', (actor) => {
    given([]).when(open(), as(actor)).thenThrows('FORBIDDEN');
  });

  it('refuses to open a round twice', () => {
    given([roundOpened()]).when(open(), asDealLead).thenThrows('ROUND_ALREADY_EXISTS');
  });

  it('names every broken field and rule at once', () => {
    given([])
      .when(
        open({
          roundId: 'has space',
          company: ' ',
          name: 'n'.repeat(201),
          targetAmount: '1e9',
          hardCap: 1500000,
          minimumTicket: '0',
          oversubscription: 'first-come',
          valuation: { amount: '-1', basis: 'post' },
        }),
        asDealLead,
      )
      .thenThrows(
        'VALIDATION_FAILED',
        { field: 'roundId', rule: 'id' },
        { field: 'company', rule: 'required' },
        { field: 'name', rule: 'max-length' },
        { field: 'targetAmount', rule: 'format' },
        { field: 'hardCap', rule: 'type' },
        { field: 'minimumTicket', rule: 'positive' },
        { field: 'valuation.amount', rule: 'format' },
        { field: 'valuation.basis', rule: 'one-of' },
        { field: 'oversubscription', rule: 'one-of' },
      );
  });

  // Issue 14: under `reject` a refused amend says the book is full, so an investor found a hidden book of
  // 400,000.00 in 27 probes. A rejecting round opens only with a book its investors may see anyway.
  it('refuses to reject oversubscription against a book hidden from investors, saying what to choose instead', () => {
    for (const hidden of [{}, { disclosure: 'none' }, { disclosure: null }]) {
      const error = given([])
        .when(open({ oversubscription: 'reject', ...hidden }), asDealLead)
        .thenThrows('VALIDATION_FAILED', { field: 'oversubscription', rule: 'reject-requires-book-totals' });
      expect(error.details?.[0]?.message).toContain('book-totals');
    }
    given([]).when(open({ oversubscription: 'reject', disclosure: 'book-totals' }), asDealLead).then([
      roundOpened({ oversubscription: 'reject', disclosure: 'book-totals' }),
    ]);
    given([]).when(open({ oversubscription: 'scale-back', disclosure: 'none' }), asDealLead).then([roundOpened()]);
  });

  it.each(['XBT', 'cny', '', 'constructor'])('refuses the currency %p', (currency) => {
    given([])
      .when(open({ currency }), asDealLead)
      .thenThrows('VALIDATION_FAILED', { field: 'currency', rule: 'supported-currency' });
  });

  it('reads amounts with the exponent of the round currency', () => {
    given([])
      .when(open({ currency: 'JPY' }), asDealLead)
      .thenThrows('VALIDATION_FAILED', { field: 'hardCap', rule: 'decimals' });
  });

  it.each([
    [{ minimumAmount: '1000000.01' }, 'minimumAmount', 'minimum-amount-above-target'],
    [{ targetAmount: '1500000.01' }, 'targetAmount', 'target-above-hard-cap'],
    [{ minimumTicket: '1500000.01' }, 'minimumTicket', 'minimum-ticket-above-hard-cap'],
    [{ valuation: { amount: '1499999.99', basis: 'post-money' } }, 'valuation.amount', 'post-money-not-above-hard-cap'],
  ])('keeps minimumAmount <= target <= hard cap, minimumTicket <= hard cap: %p', (change, field, rule) => {
    given([]).when(open(change), asDealLead).thenThrows('VALIDATION_FAILED', { field, rule });
  });

  it('accepts the boundaries of those invariants, and any pre-money valuation', () => {
    const edges = { minimumAmount: '1500000', targetAmount: '1500000.00', minimumTicket: '1500000.00' };
    given([]).when(open(edges), asDealLead).then([
      roundOpened({
        minimumAmount: amount('1500000'),
        targetAmount: amount('1500000'),
        minimumTicket: amount('1500000'),
      }),
    ]);
    given([])
      .when(open({ valuation: { amount: '1.00', basis: 'pre-money' } }), asDealLead)
      .then([roundOpened({ valuation: { amount: amount('1'), basis: 'pre-money' } })]);
  });
});
