import { RoundCommandMessage } from '../write-path';
import { HoldClosing } from './hold-closing.decide';

/** Holds an initial or later closing. */
export class HoldClosingCommand extends RoundCommandMessage<HoldClosing['data']> {}
