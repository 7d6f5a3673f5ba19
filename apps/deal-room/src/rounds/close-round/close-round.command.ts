import { RoundCommandMessage } from '../write-path';
import { CloseRound } from './close-round.decide';

/** Closes the round and allocates the book. */
export class CloseRoundCommand extends RoundCommandMessage<CloseRound['data']> {}
