import { RoundCommandMessage } from '../write-path';
import { ProtectAllocation } from './protect-allocation.decide';

/** Sets (or lifts, with "0") the amount an investor is allocated first at the scale-back. */
export class ProtectAllocationCommand extends RoundCommandMessage<ProtectAllocation['data']> {}
