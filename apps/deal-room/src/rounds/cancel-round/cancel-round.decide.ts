// CancelRound: its command and its slice of decide, pure like the rest of the round domain.
import { Command, Decision, Issues, MAX_REASON_LENGTH, OpenedRound, RoundCancelled, onOpenRound, readText, requireDealLead, stamp } from '../domain';
export type CancelRound = Command<'CancelRound', { readonly reason: string }>;

/** CancelRound as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideCancelRound = onOpenRound(cancelRound);

export function cancelRound({ data }: CancelRound, round: OpenedRound, decision: Decision): RoundCancelled[] {
  requireDealLead(decision.actor, 'cancel a round');
  const issues = new Issues();
  const reason = readText(issues, 'reason', data.reason, MAX_REASON_LENGTH);
  issues.throwIfAny();
  return [{ type: 'RoundCancelled', data: { ...stamp(round.roundId, decision), reason } }];
}
