import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { RoundOutcome, roundAnswer, RoundWritePath } from '../write-path';
import { SetDeadlinesCommand } from './set-deadlines.command';
import { decideSetDeadlines } from './set-deadlines.decide';

@CommandHandler(SetDeadlinesCommand)
export class SetDeadlinesHandler implements ICommandHandler<SetDeadlinesCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: SetDeadlinesCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'SetDeadlines', data }, decideSetDeadlines, envelope, (outcome) => ({
      created: false,
      body: { ...roundAnswer(roundId, outcome), ...deadlinesOf(outcome) },
    }));
  }
}

function deadlinesOf({ state }: RoundOutcome) {
  if (state.status === 'none') return { subscriptionDeadline: null, fundingDeadline: null };
  return { subscriptionDeadline: state.subscriptionDeadline, fundingDeadline: state.fundingDeadline };
}
