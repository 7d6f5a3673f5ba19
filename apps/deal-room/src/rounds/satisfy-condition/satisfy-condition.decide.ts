// SatisfyCondition: its command and its slice of decide, pure like the rest of the round domain.
import { Command, ConditionSatisfied, Decision, DomainError, Issues, MAX_NAME_LENGTH, OpenedRound, onOpenRound, readText, requireDealLead, stamp } from '../domain';

/** Marks a condition of the close as met, with the evidence; the event records who says so. */
export type SatisfyCondition = Command<'SatisfyCondition', { readonly conditionId: string; readonly evidence: string }>;

/** SatisfyCondition as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideSatisfyCondition = onOpenRound(satisfyCondition);

export function satisfyCondition({ data }: SatisfyCondition, round: OpenedRound, decision: Decision): ConditionSatisfied[] {
  requireDealLead(decision.actor, 'satisfy a condition of the close');
  const condition = round.conditions.find((c) => c.conditionId === data.conditionId);
  if (!condition) throw new DomainError('CONDITION_NOT_FOUND', `Condition ${String(data.conditionId)} does not exist in this round`);
  if (condition.status === 'satisfied') {
    throw new DomainError('CONDITION_ALREADY_SATISFIED', `Condition ${condition.conditionId} was satisfied on ${condition.satisfiedAt}`);
  }
  const issues = new Issues();
  const evidence = readText(issues, 'evidence', data.evidence, MAX_NAME_LENGTH);
  issues.throwIfAny();
  return [{ type: 'ConditionSatisfied', data: { ...stamp(round.roundId, decision), conditionId: condition.conditionId, evidence } }];
}
