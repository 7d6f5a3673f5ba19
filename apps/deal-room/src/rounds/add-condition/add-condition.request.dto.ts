import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { ID_PATTERN } from '../http/request-rules';

export class AddConditionRequest {
  /** What must be true before the close, e.g. "SAMR merger-control clearance". */
  @IsString()
  @Length(1, 200)
  title!: string;

  /** When the condition concerns one investor only (e.g. its state-asset appraisal): it alone sees it. */
  @IsOptional()
  @Matches(ID_PATTERN)
  investorId?: string;
}
