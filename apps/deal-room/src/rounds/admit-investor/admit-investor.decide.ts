// AdmitInvestor: its command and its slice of decide, pure like the rest of the round domain.
import { formatMoney } from '../../kernel';
import { Command, Decision, DomainError, INVESTOR_TIERS, InvestorAdmitted, Issues, MAX_NAME_LENGTH, OpenedRound, leadInvestor, onOpenRound, readChoice, readId, readOptionalAmount, readText, requireDealLead, stamp } from '../domain';
export type AdmitInvestor = Command<
  'AdmitInvestor',
  {
    readonly investorId: string;
    readonly name: string;
    readonly tier: string;
    readonly maxTicket?: string | null;
  }
>;

/** AdmitInvestor as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideAdmitInvestor = onOpenRound(admitInvestor);

export function admitInvestor(
  { data }: AdmitInvestor,
  round: OpenedRound,
  decision: Decision,
): InvestorAdmitted[] {
  requireDealLead(decision.actor, 'admit investors');
  const issues = new Issues();
  const { investorId, name, tier, maxTicket } = issues.complete({
    investorId: readId(issues, 'investorId', data.investorId),
    name: readText(issues, 'name', data.name, MAX_NAME_LENGTH),
    tier: readChoice(issues, 'tier', data.tier, INVESTOR_TIERS),
    maxTicket: readOptionalAmount(issues, 'maxTicket', data.maxTicket, round.currency),
  });
  if (maxTicket && round.minimumTicket && maxTicket.amount < round.minimumTicket.amount) {
    const minimum = formatMoney(round.minimumTicket);
    issues.add('maxTicket', 'not-below-minimum-ticket', `must be at least the minimum ticket ${minimum}`);
    issues.fail();
  }

  if (round.investors.some((i) => i.investorId === investorId)) {
    throw new DomainError('INVESTOR_ALREADY_ADMITTED', `Investor ${investorId} is already admitted`);
  }
  const lead = leadInvestor(round);
  // One lead, so "the lead investor" who answers the company's proposals is never ambiguous.
  if (tier === 'lead' && lead) {
    throw new DomainError(
      'LEAD_INVESTOR_ALREADY_ADMITTED',
      `Investor ${lead.investorId} already leads this round`,
    );
  }
  const facts = { ...stamp(round.roundId, decision), investorId, name, tier, maxTicket };
  return [{ type: 'InvestorAdmitted', data: facts }];
}
