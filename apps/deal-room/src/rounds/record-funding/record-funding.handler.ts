import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { subscriptionAnswer } from '../http/subscription-answer';
import { RoundWritePath } from '../write-path';
import { RecordFundingCommand } from './record-funding.command';
import { decideRecordFunding } from './record-funding.decide';

@CommandHandler(RecordFundingCommand)
export class RecordFundingHandler implements ICommandHandler<RecordFundingCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: RecordFundingCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'RecordFunding', data }, decideRecordFunding, envelope, (outcome) => ({
      ...subscriptionAnswer(roundId, data.investorId, outcome),
      created: outcome.events.length > 0,
    }));
  }
}
