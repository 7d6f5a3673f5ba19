import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { roundAnswer, RoundWritePath } from '../write-path';
import { ProtectAllocationCommand } from './protect-allocation.command';
import { decideProtectAllocation } from './protect-allocation.decide';

@CommandHandler(ProtectAllocationCommand)
export class ProtectAllocationHandler implements ICommandHandler<ProtectAllocationCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: ProtectAllocationCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'ProtectAllocation', data }, decideProtectAllocation, envelope, (outcome) => ({
      created: false,
      body: { ...roundAnswer(roundId, outcome), investorId: data.investorId, amount: data.amount, currency: data.currency },
    }));
  }
}
