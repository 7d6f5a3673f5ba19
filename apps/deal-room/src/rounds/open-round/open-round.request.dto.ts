import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ID_PATTERN, MAX_AMOUNT_LENGTH } from '../http/request-rules';

export class ValuationRequest {
  @IsString()
  @MaxLength(MAX_AMOUNT_LENGTH)
  amount!: string;

  @IsIn(['pre-money', 'post-money'])
  basis!: 'pre-money' | 'post-money';
}

export class OpenRoundRequest {
  @IsOptional()
  @Matches(ID_PATTERN)
  roundId?: string;

  @IsString()
  @Length(1, 200)
  company!: string;

  @IsString()
  @Length(1, 200)
  name!: string;

  @IsString()
  @Length(3, 3)
  currency!: string;

  @IsString()
  @MaxLength(MAX_AMOUNT_LENGTH)
  targetAmount!: string;

  @IsString()
  @MaxLength(MAX_AMOUNT_LENGTH)
  hardCap!: string;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_AMOUNT_LENGTH)
  minimumAmount?: string;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_AMOUNT_LENGTH)
  minimumTicket?: string;

  @ValidateNested()
  @Type(() => ValuationRequest)
  valuation!: ValuationRequest;

  @IsIn(['scale-back', 'reject'])
  oversubscription!: 'scale-back' | 'reject';

  /** What investors see of the book as a whole: nothing (the default) or its totals. */
  @IsOptional()
  @IsIn(['none', 'book-totals'])
  disclosure?: 'none' | 'book-totals';

  /** Other deal-leads (their token `sub`) who act for the company in this round; the opener always does. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  dealTeam?: string[];

  /** After scale-back, an allocation below the minimum ticket is raised to it (default) or dropped. */
  @IsOptional()
  @IsIn(['round-up', 'drop'])
  minimumTicketRule?: 'round-up' | 'drop';
}
