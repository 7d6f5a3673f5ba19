import { RoundCommandMessage } from '../write-path';
import { OpenRound } from './open-round.decide';

/** Opens a round with its economics. */
export class OpenRoundCommand extends RoundCommandMessage<OpenRound['data']> {}
