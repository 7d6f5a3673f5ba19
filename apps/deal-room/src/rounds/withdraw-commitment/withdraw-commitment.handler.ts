import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { roundAnswer, RoundWritePath } from '../write-path';
import { WithdrawCommitmentCommand } from './withdraw-commitment.command';
import { decideWithdrawCommitment } from './withdraw-commitment.decide';

@CommandHandler(WithdrawCommitmentCommand)
export class WithdrawCommitmentHandler implements ICommandHandler<WithdrawCommitmentCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: WithdrawCommitmentCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'WithdrawCommitment', data }, decideWithdrawCommitment, envelope, (outcome) => ({
      created: false,
      body: { ...roundAnswer(roundId, outcome), investorId: data.investorId },
    }));
  }
}
