import { RoundCommandMessage } from '../write-path';
import { SetDeadlines } from './set-deadlines.decide';

/** Sets the round's subscription and funding deadlines. */
export class SetDeadlinesCommand extends RoundCommandMessage<SetDeadlines['data']> {}
