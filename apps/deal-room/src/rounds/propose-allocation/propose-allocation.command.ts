import { RoundCommandMessage } from '../write-path';
import { ProposeAllocation } from './propose-allocation.decide';

/** Proposes a manual allocation of the book, for another deal-team member to approve. */
export class ProposeAllocationCommand extends RoundCommandMessage<ProposeAllocation['data']> {}
