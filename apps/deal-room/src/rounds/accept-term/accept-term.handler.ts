import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { RoundWritePath, termAnswer } from '../write-path';
import { AcceptTermCommand } from './accept-term.command';
import { decideAcceptTerm } from './accept-term.decide';

@CommandHandler(AcceptTermCommand)
export class AcceptTermHandler implements ICommandHandler<AcceptTermCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: AcceptTermCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'AcceptTerm', data }, decideAcceptTerm, envelope, (outcome) =>
      termAnswer(roundId, data.termId, outcome),
    );
  }
}
