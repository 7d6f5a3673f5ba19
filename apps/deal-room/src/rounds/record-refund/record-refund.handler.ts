import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { roundAnswer, RoundWritePath } from '../write-path';
import { RecordRefundCommand } from './record-refund.command';
import { decideRecordRefund } from './record-refund.decide';

@CommandHandler(RecordRefundCommand)
export class RecordRefundHandler implements ICommandHandler<RecordRefundCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: RecordRefundCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'RecordRefund', data }, decideRecordRefund, envelope, (outcome) => ({
      created: outcome.events.length > 0,
      body: { ...roundAnswer(roundId, outcome), investorId: data.investorId, amount: data.amount, currency: data.currency, reference: data.reference },
    }));
  }
}
