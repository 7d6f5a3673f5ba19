import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { capTableOf } from '../domain';
import { roundAnswer, RoundWritePath } from '../write-path';
import { SetCapTableCommand } from './set-cap-table.command';
import { decideSetCapTable } from './set-cap-table.decide';

@CommandHandler(SetCapTableCommand)
export class SetCapTableHandler implements ICommandHandler<SetCapTableCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: SetCapTableCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'SetCapTable', data }, decideSetCapTable, envelope, (outcome) => {
      const table = capTableOf(outcome.state);
      return { created: false, body: { ...roundAnswer(roundId, outcome), pricePerShare: table?.pricePerShare ?? null, fullyDilutedBefore: table?.fullyDilutedBefore ?? null } };
    });
  }
}
