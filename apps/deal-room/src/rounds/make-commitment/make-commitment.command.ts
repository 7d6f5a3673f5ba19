import { RoundCommandMessage } from '../write-path';
import { MakeCommitment } from './make-commitment.decide';

/** Makes an investor's commitment, or amends the one it has. */
export class MakeCommitmentCommand extends RoundCommandMessage<MakeCommitment['data']> {}
