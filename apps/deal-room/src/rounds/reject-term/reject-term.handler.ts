import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { RoundWritePath, termAnswer } from '../write-path';
import { RejectTermCommand } from './reject-term.command';
import { decideRejectTerm } from './reject-term.decide';

@CommandHandler(RejectTermCommand)
export class RejectTermHandler implements ICommandHandler<RejectTermCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: RejectTermCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'RejectTerm', data }, decideRejectTerm, envelope, (outcome) =>
      termAnswer(roundId, data.termId, outcome),
    );
  }
}
