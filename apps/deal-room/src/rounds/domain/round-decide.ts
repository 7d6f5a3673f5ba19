import { Decision, DecisionContext, toDecision } from './decision';
import { DomainError } from './errors';
import { OpenedRound, RoundEvent, RoundState } from './round';
import { roundAsSeenBy } from './visibility';

/** One command's decision as the write path runs it. Pure and synchronous: same inputs, same events. */
export type RoundDecide<C> = (command: C, recorded: RoundState, context: DecisionContext) => RoundEvent[];

/**
 * A command on a round in any state (opening one). An investor the round did not admit decides on the
 * round as it sees it, which is no round: it gets exactly the answers it would get if there were none.
 */
export const onAnyRound =
  <C>(slice: (command: C, state: RoundState, decision: Decision) => RoundEvent[]): RoundDecide<C> =>
  (command, recorded, context) => {
    const decision = toDecision(context);
    return slice(command, roundAsSeenBy(recorded, decision.actor), decision);
  };

/** A command on a round that must exist and be open; see onAnyRound for what an investor sees. */
export const onOpenRound = <C>(slice: (command: C, round: OpenedRound, decision: Decision) => RoundEvent[]): RoundDecide<C> =>
  onAnyRound((command: C, state, decision) => slice(command, requireOpen(state), decision));

// State is checked before role, so that after close or cancel every command answers ROUND_NOT_OPEN.
function requireOpen(state: RoundState): OpenedRound {
  if (state.status === 'none') throw new DomainError('ROUND_NOT_FOUND', 'No such round');
  if (state.status !== 'open') {
    throw new DomainError('ROUND_NOT_OPEN', `Round ${state.roundId} is ${state.status}`);
  }
  return state;
}
