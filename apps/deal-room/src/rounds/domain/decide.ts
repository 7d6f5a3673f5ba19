import { RoundCommand, DecisionContext } from './commands';
import { makeCommitment, withdrawCommitment } from './commitments';
import { toDecision } from './decision';
import { DomainError } from './errors';
import { admitInvestor, cancelRound, closeRound, openRound } from './lifecycle';
import { acceptTerm, proposeTerm, rejectTerm, withdrawTerm } from './negotiation';
import { OpenedRound, RoundEvent, RoundState, evolve, initialState } from './round';
import { roundAsSeenBy } from './visibility';

/** Pure and synchronous: the same command, state and context always give the same events. */
export function decide(command: RoundCommand, recorded: RoundState, context: DecisionContext): RoundEvent[] {
  const decision = toDecision(context);
  // An investor that was not admitted gets exactly the answers it would get if the round did not exist.
  const state = roundAsSeenBy(recorded, decision.actor);
  if (command.type === 'OpenRound') return openRound(command, state, decision);

  const round = requireOpen(state);
  switch (command.type) {
    case 'AdmitInvestor':
      return admitInvestor(command, round, decision);
    case 'ProposeTerm':
      return proposeTerm(command, round, decision);
    case 'AcceptTerm':
      return acceptTerm(command, round, decision);
    case 'RejectTerm':
      return rejectTerm(command, round, decision);
    case 'WithdrawTerm':
      return withdrawTerm(command, round, decision);
    case 'MakeCommitment':
      return makeCommitment(command, round, decision);
    case 'WithdrawCommitment':
      return withdrawCommitment(command, round, decision);
    case 'CloseRound':
      return closeRound(command, round, decision);
    case 'CancelRound':
      return cancelRound(command, round, decision);
    default: {
      const unknown: never = command;
      throw new TypeError(`Unknown command ${(unknown as { type: string }).type}`);
    }
  }
}

// State is checked before role, so that after close or cancel every command answers ROUND_NOT_OPEN.
function requireOpen(state: RoundState): OpenedRound {
  if (state.status === 'none') throw new DomainError('ROUND_NOT_FOUND', 'No such round');
  if (state.status !== 'open') {
    throw new DomainError('ROUND_NOT_OPEN', `Round ${state.roundId} is ${state.status}`);
  }
  return state;
}

/** The three parts together, as a generic read -> fold -> decide -> append handler takes them. */
export const roundDecider = { decide, evolve, initialState } as const;
