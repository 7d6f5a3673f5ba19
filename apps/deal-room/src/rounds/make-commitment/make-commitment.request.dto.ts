import { IsString, Length, MaxLength } from 'class-validator';
import { MAX_AMOUNT_LENGTH } from '../http/request-rules';

export class MakeCommitmentRequest {
  @IsString()
  @MaxLength(MAX_AMOUNT_LENGTH)
  amount!: string;

  @IsString()
  @Length(3, 3)
  currency!: string;
}
