import { decide, RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import { RoundEvent, foldRound } from './round';
import {
  AT,
  ROUND_ID,
  as,
  asDealLead,
  auditor,
  commitmentMade,
  openRoundData,
  openRoundWithInvestors,
  stampOf,
} from '../../../../../test/support/rounds/round.fixtures';

const open = (data: Partial<Record<keyof typeof openRoundData, unknown>> = {}): RoundCommand =>
  ({ type: 'OpenRound', data: { ...openRoundData, ...data } }) as RoundCommand;

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
