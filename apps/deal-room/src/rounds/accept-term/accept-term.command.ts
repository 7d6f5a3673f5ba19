import { RoundCommandMessage } from '../write-path';
import { AcceptTerm } from './accept-term.decide';

/** Accepts a pending proposal, on behalf of the side it was put to. */
export class AcceptTermCommand extends RoundCommandMessage<AcceptTerm['data']> {}
