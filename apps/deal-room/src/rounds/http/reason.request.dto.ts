import { IsString, Length } from 'class-validator';
import { MAX_TEXT_LENGTH } from './request-rules';

/** Rejecting a term and cancelling a round both say why. */
export class ReasonRequest {
  @IsString()
  @Length(1, MAX_TEXT_LENGTH)
  reason!: string;
}
