// SetDeadlines: its command and its slice of decide, pure like the rest of the round domain.
import { Command, DeadlinesSet, Decision, Issues, OpenedRound, onOpenRound, readInstant, requireDealLead, stamp } from '../domain';

/** When subscriptions must be signed and funds received; null (or absent) means none. */
export type SetDeadlines = Command<
  'SetDeadlines',
  { readonly subscriptionDeadline?: string | null; readonly fundingDeadline?: string | null }
>;

/** SetDeadlines as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideSetDeadlines = onOpenRound(setDeadlines);

export function setDeadlines({ data }: SetDeadlines, round: OpenedRound, decision: Decision): DeadlinesSet[] {
  requireDealLead(decision.actor, 'set deadlines');
  const issues = new Issues();
  const read = (field: 'subscriptionDeadline' | 'fundingDeadline') =>
    data[field] == null ? null : (readInstant(issues, field, data[field]) ?? null);
  const subscriptionDeadline = read('subscriptionDeadline');
  const fundingDeadline = read('fundingDeadline');
  issues.throwIfAny();
  if (subscriptionDeadline && fundingDeadline && fundingDeadline < subscriptionDeadline) {
    issues.add('fundingDeadline', 'not-before-subscription-deadline', 'must not be before the subscription deadline');
    issues.fail();
  }
  if (subscriptionDeadline === round.subscriptionDeadline && fundingDeadline === round.fundingDeadline) return [];
  return [{ type: 'DeadlinesSet', data: { ...stamp(round.roundId, decision), subscriptionDeadline, fundingDeadline } }];
}
