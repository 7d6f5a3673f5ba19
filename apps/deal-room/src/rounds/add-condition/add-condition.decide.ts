// AddCondition: its command and its slice of decide, pure like the rest of the round domain.
import { Command, ConditionAdded, Decision, DomainError, Issues, MAX_NAME_LENGTH, OpenedRound, onOpenRound, readId, readText, requireDealLead, requireInvestor, stamp } from '../domain';

/** Adds a condition precedent of the close to the round's checklist. */
export type AddCondition = Command<'AddCondition', { readonly conditionId: string; readonly title: string; readonly investorId?: string | null }>;

/** AddCondition as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideAddCondition = onOpenRound(addCondition);

export function addCondition({ data }: AddCondition, round: OpenedRound, decision: Decision): ConditionAdded[] {
  requireDealLead(decision.actor, 'add a condition of the close');
  const issues = new Issues();
  const { conditionId, title, investorId } = issues.complete({
    conditionId: readId(issues, 'conditionId', data.conditionId),
    title: readText(issues, 'title', data.title, MAX_NAME_LENGTH),
    investorId: data.investorId == null ? null : readId(issues, 'investorId', data.investorId),
  });
  if (investorId !== null) requireInvestor(round, investorId);
  if (round.conditions.some((c) => c.conditionId === conditionId)) {
    throw new DomainError('CONDITION_ALREADY_EXISTS', `Condition ${conditionId} already exists`);
  }
  return [{ type: 'ConditionAdded', data: { ...stamp(round.roundId, decision), conditionId, title, investorId } }];
}
