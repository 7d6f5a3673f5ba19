import { IsDefined, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ID_PATTERN } from '../http/request-rules';

export class ProposeTermRequest {
  @IsString()
  @Length(1, 80)
  key!: string;

  /** Its shape depends on the key; the domain validates it per key. */
  @IsDefined()
  value!: unknown;

  @IsOptional()
  @Matches(ID_PATTERN)
  supersedes?: string;

  /** Whose term: absent for a round-wide term, else the investor it is for (a side-letter term). */
  @IsOptional()
  @Matches(ID_PATTERN)
  investorId?: string;
}
