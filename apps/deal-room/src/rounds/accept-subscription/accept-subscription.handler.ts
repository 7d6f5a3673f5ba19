import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { subscriptionAnswer } from '../http/subscription-answer';
import { RoundWritePath } from '../write-path';
import { AcceptSubscriptionCommand } from './accept-subscription.command';
import { decideAcceptSubscription } from './accept-subscription.decide';

@CommandHandler(AcceptSubscriptionCommand)
export class AcceptSubscriptionHandler implements ICommandHandler<AcceptSubscriptionCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: AcceptSubscriptionCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'AcceptSubscription', data }, decideAcceptSubscription, envelope, (outcome) =>
      subscriptionAnswer(roundId, data.investorId, outcome),
    );
  }
}
