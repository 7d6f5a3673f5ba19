import { RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import { admin, as, asDealLead, auditor, investorAdmitted, investorUser, roundOpened, stampOf } from '../../../../../test/support/rounds/round.fixtures';

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
