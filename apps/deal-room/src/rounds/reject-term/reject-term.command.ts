import { RoundCommandMessage } from '../write-path';
import { RejectTerm } from './reject-term.decide';

/** Rejects a pending proposal, saying why. */
export class RejectTermCommand extends RoundCommandMessage<RejectTerm['data']> {}
