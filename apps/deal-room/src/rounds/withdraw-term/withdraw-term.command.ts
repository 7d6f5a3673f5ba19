import { RoundCommandMessage } from '../write-path';
import { WithdrawTerm } from './withdraw-term.decide';

/** Withdraws a pending proposal, by the side that made it. */
export class WithdrawTermCommand extends RoundCommandMessage<WithdrawTerm['data']> {}
