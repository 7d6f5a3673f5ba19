import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { roundAnswer, RoundWritePath } from '../write-path';
import { SatisfyConditionCommand } from './satisfy-condition.command';
import { decideSatisfyCondition } from './satisfy-condition.decide';

@CommandHandler(SatisfyConditionCommand)
export class SatisfyConditionHandler implements ICommandHandler<SatisfyConditionCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: SatisfyConditionCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'SatisfyCondition', data }, decideSatisfyCondition, envelope, (outcome) => ({
      created: false,
      body: { ...roundAnswer(roundId, outcome), conditionId: data.conditionId, status: 'satisfied' },
    }));
  }
}
