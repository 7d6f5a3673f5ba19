import { RoundCommandMessage } from '../write-path';
import { SetAllocationBasis } from './set-allocation-basis.decide';

/** Sets what the round's closings allocate: the binding commitments or only what was paid in. */
export class SetAllocationBasisCommand extends RoundCommandMessage<SetAllocationBasis['data']> {}
