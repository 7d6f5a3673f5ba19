import { RoundCommandMessage } from '../write-path';
import { SetCapTable } from './set-cap-table.decide';

/** Enters (or replaces, before any closing) the cap table before the round. */
export class SetCapTableCommand extends RoundCommandMessage<SetCapTable['data']> {}
