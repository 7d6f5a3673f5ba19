import { RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { given } from '../../../../../test/support/rounds/given-when-then';
import {
  admin,
  amount,
  as,
  asDealLead,
  auditor,
  investorAdmitted,
  investorUser,
  openRoundWithInvestors,
  roundOpened,
} from '../../../../../test/support/rounds/round.fixtures';

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
