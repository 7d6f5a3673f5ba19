import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { roundAnswer, RoundWritePath } from '../write-path';
import { CancelRoundCommand } from './cancel-round.command';
import { decideCancelRound } from './cancel-round.decide';

@CommandHandler(CancelRoundCommand)
export class CancelRoundHandler implements ICommandHandler<CancelRoundCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: CancelRoundCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'CancelRound', data }, decideCancelRound, envelope, (outcome) => ({
      created: false,
      body: { ...roundAnswer(roundId, outcome), status: 'cancelled' },
    }));
  }
}
