import { IsString, Length } from 'class-validator';

export class SatisfyConditionRequest {
  /** What shows the condition is met: a filing number, a resolution's or a waiver's document id. */
  @IsString()
  @Length(1, 200)
  evidence!: string;
}
