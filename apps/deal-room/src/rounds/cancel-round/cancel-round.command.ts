import { RoundCommandMessage } from '../write-path';
import { CancelRound } from './cancel-round.decide';

/** Cancels the round, saying why. */
export class CancelRoundCommand extends RoundCommandMessage<CancelRound['data']> {}
