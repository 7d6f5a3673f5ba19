import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { toView } from '../domain';
import { roundAnswer, RoundWritePath } from '../write-path';
import { CloseRoundCommand } from './close-round.command';
import { decideCloseRound } from './close-round.decide';

@CommandHandler(CloseRoundCommand)
export class CloseRoundHandler implements ICommandHandler<CloseRoundCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: CloseRoundCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'CloseRound', data }, decideCloseRound, envelope, (outcome) => ({
      created: false,
      body: { ...roundAnswer(roundId, outcome), status: 'closed', allocations: toView(outcome.state)?.allocations ?? [] },
    }));
  }
}
