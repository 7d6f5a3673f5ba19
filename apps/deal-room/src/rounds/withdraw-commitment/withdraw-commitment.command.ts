import { RoundCommandMessage } from '../write-path';
import { WithdrawCommitment } from './withdraw-commitment.decide';

/** Withdraws an investor's commitment. */
export class WithdrawCommitmentCommand extends RoundCommandMessage<WithdrawCommitment['data']> {}
