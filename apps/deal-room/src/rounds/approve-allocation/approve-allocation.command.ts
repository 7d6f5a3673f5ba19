import { RoundCommandMessage } from '../write-path';
import { ApproveAllocation } from './approve-allocation.decide';

/** Approves, as a second deal-team member, a manual allocation. */
export class ApproveAllocationCommand extends RoundCommandMessage<ApproveAllocation['data']> {}
