import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ID_PATTERN, MAX_AMOUNT_LENGTH } from '../http/request-rules';

export class AllocationLineRequest {
  @Matches(ID_PATTERN)
  investorId!: string;

  /** What the investor is allocated, a decimal string; "0" leaves it out. */
  @IsString()
  @MaxLength(MAX_AMOUNT_LENGTH)
  amount!: string;
}

export class ProposeAllocationRequest {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => AllocationLineRequest)
  allocations!: AllocationLineRequest[];
}
