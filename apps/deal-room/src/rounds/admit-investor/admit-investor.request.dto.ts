import { IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { ID_PATTERN, MAX_AMOUNT_LENGTH } from '../http/request-rules';

export class AdmitInvestorRequest {
  @Matches(ID_PATTERN)
  investorId!: string;

  @IsString()
  @Length(1, 200)
  name!: string;

  @IsIn(['lead', 'major', 'other'])
  tier!: 'lead' | 'major' | 'other';

  @IsOptional()
  @IsString()
  @MaxLength(MAX_AMOUNT_LENGTH)
  maxTicket?: string;
}
