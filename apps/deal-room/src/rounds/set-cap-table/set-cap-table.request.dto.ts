import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { ID_PATTERN } from '../http/request-rules';

export class HolderRequest {
  @Matches(ID_PATTERN)
  holderId!: string;

  @IsString()
  @Length(1, 200)
  name!: string;

  @IsOptional()
  @IsIn(['shareholder', 'option-pool'])
  kind?: 'shareholder' | 'option-pool';

  /** Whole shares as a decimal string. */
  @IsString()
  @Length(1, 24)
  shares!: string;
}

export class SetCapTableRequest {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => HolderRequest)
  holders!: HolderRequest[];

  /** New option-pool shares counted in the pre-money. */
  @IsOptional()
  @IsString()
  @Length(1, 24)
  optionPoolTopUp?: string;
}
