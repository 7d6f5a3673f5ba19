import { IsString, Length, Matches, MaxLength } from 'class-validator';
import { MAX_AMOUNT_LENGTH } from '../http/request-rules';

export class RecordRefundRequest {
  @IsString()
  @MaxLength(MAX_AMOUNT_LENGTH)
  amount!: string;

  @IsString()
  @Length(3, 3)
  currency!: string;

  /** The day the money left the bank, YYYY-MM-DD. */
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  valueDate!: string;

  /** The bank's reference for the refund. */
  @IsString()
  @Length(1, 200)
  reference!: string;
}
