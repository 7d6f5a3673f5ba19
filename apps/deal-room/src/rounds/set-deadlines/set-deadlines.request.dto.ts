import { IsOptional, IsString, MaxLength } from 'class-validator';

export class SetDeadlinesRequest {
  /** ISO 8601 with an offset; absent or null: no deadline. */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  subscriptionDeadline?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  fundingDeadline?: string | null;
}
