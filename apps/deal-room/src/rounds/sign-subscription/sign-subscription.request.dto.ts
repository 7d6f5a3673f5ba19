import { IsString, Length } from 'class-validator';

export class SignSubscriptionRequest {
  /** The signed subscription agreement, as the parties file it (e.g. a document id). */
  @IsString()
  @Length(1, 200)
  documentReference!: string;
}
