import { RoundCommandMessage } from '../write-path';
import { ReconfirmCommitment } from './reconfirm-commitment.decide';

/** Re-confirms, as the investor, its commitment after the economics changed. */
export class ReconfirmCommitmentCommand extends RoundCommandMessage<ReconfirmCommitment['data']> {}
