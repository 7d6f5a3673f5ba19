import { IsString, Length, MaxLength } from 'class-validator';
import { MAX_AMOUNT_LENGTH } from '../http/request-rules';

export class ProtectAllocationRequest {
  /** Allocated to the investor first at the scale-back, a decimal string; "0" lifts the protection. */
  @IsString()
  @MaxLength(MAX_AMOUNT_LENGTH)
  amount!: string;

  @IsString()
  @Length(3, 3)
  currency!: string;
}
