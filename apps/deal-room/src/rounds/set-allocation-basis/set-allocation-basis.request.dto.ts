import { IsIn } from 'class-validator';
import { ALLOCATION_BASES } from '../domain';

export class SetAllocationBasisRequest {
  /** `committed` (the default): the binding commitments; `funded`: only what each investor has paid in. */
  @IsIn(ALLOCATION_BASES)
  basis!: string;
}
