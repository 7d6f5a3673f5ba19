import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { toView } from '../domain';
import { roundAnswer, RoundWritePath } from '../write-path';
import { ConfirmIndicationCommand } from './confirm-indication.command';
import { decideConfirmIndication } from './confirm-indication.decide';

@CommandHandler(ConfirmIndicationCommand)
export class ConfirmIndicationHandler implements ICommandHandler<ConfirmIndicationCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: ConfirmIndicationCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'ConfirmIndication', data }, decideConfirmIndication, envelope, (outcome) => {
      const commitment = toView(outcome.state)?.commitments.find((c) => c.investorId === data.investorId);
      return { created: false, body: { ...roundAnswer(roundId, outcome), investorId: data.investorId, amount: commitment?.amount ?? null, status: commitment?.status ?? null } };
    });
  }
}
