import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { toView } from '../domain';
import { roundAnswer, RoundWritePath } from '../write-path';
import { ReconfirmCommitmentCommand } from './reconfirm-commitment.command';
import { decideReconfirmCommitment } from './reconfirm-commitment.decide';

@CommandHandler(ReconfirmCommitmentCommand)
export class ReconfirmCommitmentHandler implements ICommandHandler<ReconfirmCommitmentCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: ReconfirmCommitmentCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'ReconfirmCommitment', data }, decideReconfirmCommitment, envelope, (outcome) => {
      const commitment = toView(outcome.state)?.commitments.find((c) => c.investorId === data.investorId);
      return { created: false, body: { ...roundAnswer(roundId, outcome), investorId: data.investorId, amount: commitment?.amount ?? null, status: commitment?.status ?? null } };
    });
  }
}
