import { RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import { decide } from '../../../../../test/support/rounds/round-decider';
import { RoundEvent, foldRound } from '../domain';
import {
  AT, ROUND_ID, admin, amount, as, asDealLead, auditor, commitmentMade, dealLead, investorAdmitted, investorUser,
  openRoundData, openRoundWithInvestors, roundOpened, stampOf,
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
