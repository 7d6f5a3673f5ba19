import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { subscriptionAnswer } from '../http/subscription-answer';
import { RoundWritePath } from '../write-path';
import { SignSubscriptionCommand } from './sign-subscription.command';
import { decideSignSubscription } from './sign-subscription.decide';

@CommandHandler(SignSubscriptionCommand)
export class SignSubscriptionHandler implements ICommandHandler<SignSubscriptionCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: SignSubscriptionCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'SignSubscription', data }, decideSignSubscription, envelope, (outcome) =>
      subscriptionAnswer(roundId, data.investorId, outcome),
    );
  }
}
