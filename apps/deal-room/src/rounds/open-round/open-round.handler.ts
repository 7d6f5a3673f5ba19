import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { roundAnswer, RoundWritePath } from '../write-path';
import { OpenRoundCommand } from './open-round.command';
import { decideOpenRound } from './open-round.decide';

@CommandHandler(OpenRoundCommand)
export class OpenRoundHandler implements ICommandHandler<OpenRoundCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: OpenRoundCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'OpenRound', data }, decideOpenRound, envelope, (outcome) => ({
      created: true,
      body: roundAnswer(roundId, outcome),
    }));
  }
}
