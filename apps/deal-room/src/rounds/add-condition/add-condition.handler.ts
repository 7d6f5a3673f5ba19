import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { roundAnswer, RoundWritePath } from '../write-path';
import { AddConditionCommand } from './add-condition.command';
import { decideAddCondition } from './add-condition.decide';

@CommandHandler(AddConditionCommand)
export class AddConditionHandler implements ICommandHandler<AddConditionCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: AddConditionCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'AddCondition', data }, decideAddCondition, envelope, (outcome) => ({
      created: true,
      body: { ...roundAnswer(roundId, outcome), conditionId: data.conditionId, status: 'open' },
    }));
  }
}
