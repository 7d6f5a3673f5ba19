import { RoundCommandMessage } from '../write-path';
import { ProposeTerm } from './propose-term.decide';

/** Proposes a term, or counters or revises a pending one. */
export class ProposeTermCommand extends RoundCommandMessage<ProposeTerm['data']> {}
