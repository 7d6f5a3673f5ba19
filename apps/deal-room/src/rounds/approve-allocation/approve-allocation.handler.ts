import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult } from '../../event-sourcing/command-executor';
import { roundAnswer, RoundWritePath } from '../write-path';
import { ApproveAllocationCommand } from './approve-allocation.command';
import { decideApproveAllocation } from './approve-allocation.decide';

@CommandHandler(ApproveAllocationCommand)
export class ApproveAllocationHandler implements ICommandHandler<ApproveAllocationCommand, CommandResult> {
  constructor(private readonly rounds: RoundWritePath) {}

  execute({ roundId, data, envelope }: ApproveAllocationCommand): Promise<CommandResult> {
    return this.rounds.execute(roundId, { type: 'ApproveAllocation', data }, decideApproveAllocation, envelope, (outcome) => ({
      created: false,
      body: { ...roundAnswer(roundId, outcome), proposalId: data.proposalId, approved: true },
    }));
  }
}
