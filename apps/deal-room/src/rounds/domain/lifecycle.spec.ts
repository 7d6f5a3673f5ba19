import { RoundCommand } from './commands';
import { given } from './given-when-then';
import { decide } from './decide';
import { RoundEvent, foldRound } from './round';
import {
  AT, ROUND_ID, admin, amount, as, asDealLead, auditor, commitmentMade, dealLead, investorAdmitted, investorUser,
  openRoundData, openRoundWithInvestors, roundOpened, stampOf,
} from './round.fixtures';

const open = (data: Partial<Record<keyof typeof openRoundData, unknown>> = {}): RoundCommand =>
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
    [{ valuation: { amount: '1499999.99', basis: 'post-money' } }, 'valuation.amount', 'post-money-below-hard-cap'],
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

describe('AdmitInvestor', () => {
  const admit = (data: Record<string, unknown>): RoundCommand =>
    ({
      type: 'AdmitInvestor',
      data: { investorId: 'alpha', name: 'alpha Capital', tier: 'major', ...data },
    }) as RoundCommand;

  it('admits an investor with an optional maximum ticket', () => {
    given([roundOpened()]).when(admit({}), asDealLead).then([investorAdmitted('alpha')]);
    given([roundOpened()])
      .when(admit({ tier: 'lead', maxTicket: '250000' }), asDealLead)
      .then([investorAdmitted('alpha', 'lead', amount('250000'))]);
  });

  it.each([investorUser('alpha'), auditor, admin])('is only for a deal-lead, not a %p', (actor) => {
    given([roundOpened(), investorAdmitted('alpha')]).when(admit({ investorId: 'beta' }), as(actor)).thenThrows('FORBIDDEN');
  });

  it('refuses bad input', () => {
    given([roundOpened()])
      .when(admit({ investorId: '', name: 42, tier: 'anchor', maxTicket: '1.001' }), asDealLead)
      .thenThrows(
        'VALIDATION_FAILED',
        { field: 'investorId', rule: 'id' },
        { field: 'name', rule: 'required' },
        { field: 'tier', rule: 'one-of' },
        { field: 'maxTicket', rule: 'decimals' },
      );
  });

  it('refuses a maximum ticket below the minimum ticket, which could never be met', () => {
    given([roundOpened()])
      .when(admit({ maxTicket: '9999.99' }), asDealLead)
      .thenThrows('VALIDATION_FAILED', { field: 'maxTicket', rule: 'not-below-minimum-ticket' });
  });

  it('admits each investor once', () => {
    given(openRoundWithInvestors()).when(admit({}), asDealLead).thenThrows('INVESTOR_ALREADY_ADMITTED');
  });

  it('admits one lead investor only', () => {
    given(openRoundWithInvestors())
      .when(admit({ investorId: 'beta', tier: 'lead' }), asDealLead)
      .thenThrows('LEAD_INVESTOR_ALREADY_ADMITTED');
  });
});

describe('CancelRound', () => {
  it('cancels with a reason', () => {
    given([roundOpened()])
      .when({ type: 'CancelRound', data: { reason: 'Company withdrew' } }, asDealLead)
      .then([{ type: 'RoundCancelled', data: { ...stampOf(), reason: 'Company withdrew' } }]);
  });

  it.each([undefined, '', '   ', 'r'.repeat(2001)])('needs a reason, not %p', (reason) => {
    given([roundOpened()])
      .when({ type: 'CancelRound', data: { reason } } as RoundCommand, asDealLead)
      .thenThrows('VALIDATION_FAILED', { field: 'reason' });
  });

  it.each([investorUser('alpha'), auditor, admin])('is only for a deal-lead, not a %p', (actor) => {
    given([roundOpened(), investorAdmitted('alpha')]).when({ type: 'CancelRound', data: { reason: 'x' } }, as(actor)).thenThrows('FORBIDDEN');
  });
});

const everyCommand: RoundCommand[] = [
  open(),
  { type: 'AdmitInvestor', data: { investorId: 'beta', name: 'Beta', tier: 'major' } },
  { type: 'ProposeTerm', data: { termId: 't9', key: 'board-seats', value: 1 } },
  { type: 'AcceptTerm', data: { termId: 't1' } },
  { type: 'RejectTerm', data: { termId: 't1' } },
  { type: 'WithdrawTerm', data: { termId: 't1' } },
  { type: 'MakeCommitment', data: { investorId: 'alpha', amount: '10000.00', currency: 'CNY' } },
  { type: 'WithdrawCommitment', data: { investorId: 'alpha' } },
  { type: 'CloseRound', data: {} },
  { type: 'CancelRound', data: { reason: 'again' } },
];

describe('a round that is not open', () => {
  const book = [...openRoundWithInvestors(), commitmentMade('alpha', '600000')];
  const closed: RoundEvent[] = [...book, ...decide({ type: 'CloseRound', data: {} }, foldRound(book), asDealLead)];
  const cancelled: RoundEvent[] = [...book, { type: 'RoundCancelled', data: { ...stampOf(), reason: 'No deal' } }];

  it.each(everyCommand.map((c) => [c.type, c]))('answers %s with ROUND_NOT_OPEN after close', (_, command) => {
    given(closed).when(command, asDealLead).thenThrows('ROUND_NOT_OPEN');
  });

  it.each(everyCommand.map((c) => [c.type, c]))('answers %s with ROUND_NOT_OPEN after cancel', (_, command) => {
    given(cancelled).when(command, as(auditor)).thenThrows('ROUND_NOT_OPEN');
  });

  const notOpening = everyCommand.slice(1).map((c) => [c.type, c] as const);
  it.each(notOpening)('answers %s with ROUND_NOT_FOUND before opening', (_, command) => {
    given([]).when(command, asDealLead).thenThrows('ROUND_NOT_FOUND');
  });

  it('keeps the round id and the time in every event', () => {
    expect(closed.every((e) => e.data.roundId === ROUND_ID && e.data.at === AT)).toBe(true);
  });
});
