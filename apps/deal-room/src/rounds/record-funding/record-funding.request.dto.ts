import { IsString, Length, Matches, MaxLength } from 'class-validator';
import { MAX_AMOUNT_LENGTH } from '../http/request-rules';

export class RecordFundingRequest {
  @IsString()
  @MaxLength(MAX_AMOUNT_LENGTH)
  amount!: string;

  @IsString()
  @Length(3, 3)
  currency!: string;

  /** The day the bank credited the money, YYYY-MM-DD. */
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  valueDate!: string;

  /** The bank's reference for the payment (e.g. the MT103 reference). */
  @IsString()
  @Length(1, 200)
  reference!: string;
}
