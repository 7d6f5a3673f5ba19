import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { RoundWritePath, termAnswer } from '../write-path';
import { WithdrawTermCommand } from './withdraw-term.command';
import { decideWithdrawTerm } from './withdraw-term.decide';

@CommandHandler(WithdrawTermCommand)
export class WithdrawTermHandler implements ICommandHandler<WithdrawTermCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: WithdrawTermCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'WithdrawTerm', data }, decideWithdrawTerm, envelope, (outcome) =>
      termAnswer(roundId, data.termId, outcome),
    );
  }
}
