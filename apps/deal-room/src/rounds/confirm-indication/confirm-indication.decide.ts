// ConfirmIndication: its command and its slice of decide, pure like the rest of the round domain.
import { Command, Decision, DomainError, IndicationConfirmed, Issues, OpenedRound, onOpenRound, readId, requireInvestor, requireRoomUnderCap, stamp } from '../domain';

/** The investor confirms the amount the deal team recorded as its indication: it becomes its commitment. */
export type ConfirmIndication = Command<'ConfirmIndication', { readonly investorId: string }>;

/** ConfirmIndication as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideConfirmIndication = onOpenRound(confirmIndication);

export function confirmIndication({ data }: ConfirmIndication, round: OpenedRound, decision: Decision): IndicationConfirmed[] {
  const { actor } = decision;
  // Only the investor binds itself: the company recorded the amount and cannot also confirm it.
  if (actor.role !== 'investor' || actor.investorId !== data.investorId) {
    throw new DomainError('FORBIDDEN', 'Only the investor confirms an indication recorded for it');
  }
  const issues = new Issues();
  const { investorId } = issues.complete({ investorId: readId(issues, 'investorId', data.investorId) });
  requireInvestor(round, investorId);
  const current = round.commitments.find((c) => c.investorId === investorId);
  if (!current || current.status !== 'indicated') {
    throw new DomainError('NO_INDICATION', `No indication recorded by the company awaits ${investorId}'s confirmation`);
  }
  requireRoomUnderCap(round, current.amount, null, decision);
  return [{ type: 'IndicationConfirmed', data: { ...stamp(round.roundId, decision), investorId, amount: current.amount } }];
}
